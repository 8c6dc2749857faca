"""`annotator serve`: the app in headless Chromium through textual-serve; a label lands in the store."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.cli.serve_cmd import annotate_command
from annotator.records.models import make_document
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.store import open_store

from .conftest import invoke

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TEXT = "Kenya said Russia recruited nearly 200 men."


def journal_of(url: str, doc_id: str) -> list:
    store = open_store(url)
    try:
        return store.journal("web", doc_id, "browser")
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited early: {process.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"serve did not listen on {port} within {seconds} s")


def test_serve_command_passes_the_annotate_options():
    command = annotate_command("sqlite:///a b.db", "news", "ann", Path("s.toml"), None)
    assert command.endswith(
        "-m annotator annotate --db 'sqlite:///a b.db' --dataset news "
        "--annotator ann --schema s.toml"
    )


def test_serve_refuses_a_port_in_use_with_a_clear_message():
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = invoke("serve", "--host", "127.0.0.1", "--port", str(port))
    assert result.exit_code == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.text and "--port" in result.text


@pytest.mark.slow
def test_serve_labels_a_span_from_headless_chromium(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    pytest.importorskip("textual_serve", reason="textual-serve is not installed")
    url = f"sqlite:///{tmp_path / 'web.db'}"
    store = open_store(url)
    doc = make_document(TEXT, tokenize(TEXT), tokenizer_id(), {"title": "web"})
    store.add_documents("web", [doc])
    store.close()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "annotator",
            "serve",
            "--db",
            url,
            "--dataset",
            "web",
            "--annotator",
            "browser",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, server)
        with playwright.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"http://127.0.0.1:{port}/")
            start = page.locator("#start")
            if start.is_visible():
                start.click()
            page.wait_for_function(
                "document.body.classList.contains('-first-byte')", timeout=30_000
            )
            page.locator("#terminal").click()
            labelled = False
            deadline = time.monotonic() + 30
            while not labelled and time.monotonic() < deadline:
                # the terminal draws on a canvas: the journal tells when the app took the keys
                page.keyboard.press("e")
                page.keyboard.press("c")
                time.sleep(1.0)
                labelled = bool(journal_of(url, doc.doc_id))
            assert labelled, "the keys typed in the browser never reached the app"
            page.keyboard.press("Enter")
            annotation = None
            deadline = time.monotonic() + 20
            while annotation is None and time.monotonic() < deadline:
                time.sleep(0.3)
                store = open_store(url)
                annotation = store.current_annotation("web", doc.doc_id, "browser")
                store.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert annotation is not None, "no answer reached the store from the browser"
    assert [(s.label, s.text) for s in annotation.spans] == [("COUNTRY", "Kenya")]
    assert annotation.answer == "accept"
