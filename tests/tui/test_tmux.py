"""Real-terminal smoke test: `annotator annotate` in tmux, keys via send-keys, result read from SQLite."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.store import open_store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
ROOT = Path(__file__).resolve().parents[2]


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def wait_for(session: str, needle: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if needle in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} never appeared; screen was:\n{screen}")


def test_tmux_annotate_keys_reach_the_database(tmp_path: Path):
    db = tmp_path / "smoke.db"
    session = f"annotator-smoke-{os.getpid()}"
    env = {**os.environ, "COLORTERM": "truecolor", "TERM": "xterm-256color"}
    for name in ("COLUMNS", "LINES"):  # set by pytest-xdist workers; the size is the pane's
        env.pop(name, None)
    command = (
        f"cd {ROOT} && {sys.executable} -m annotator annotate --db sqlite:///{db} "
        "--dataset smoke --annotator smoke"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "35", command],
        check=True,
        env=env,
    )
    try:
        tmux("set", "-s", "escape-time", "0")
        wait_for(session, "doc 1 of 1")
        for key in ("e", "f", "e", "c", "S-Right", "u"):
            tmux("send-keys", "-t", session, key)
            time.sleep(0.15)
        screen = wait_for(session, "undid")
        assert "saved (journal 3)" in screen
        assert "removed COUNTRY '37'" in screen  # undo names what it took back...
        tmux("send-keys", "-t", session, "e", "e", "c")  # ...and left the cursor on '37'
        wait_for(session, "journal 4")
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "no more tasks")
        tmux("send-keys", "-t", session, "C-q")
        time.sleep(0.5)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    store = open_store(f"sqlite:///{db}")
    try:
        (doc_id,) = store.document_ids("smoke")
        annotation = store.current_annotation("smoke", doc_id, "smoke")
        assert annotation is not None and annotation.answer == "accept"
        assert [(s.label, s.text) for s in annotation.spans] == [
            ("FIGURE", "Nearly 200"),
            ("COUNTRY", "Russia"),
        ]
    finally:
        store.close()
