"""Fixtures for the hostile suite: a clean folder, CLI runners (in a child process with a time
limit, and in-process), stores on both backends, snapshots of stored rows."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from cli_runner import invoke, runner  # noqa: F401  (the CLI in-process, as the CLI tests call it)

from annotator.records.models import Annotation, Document, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.store import open_store

ROOT = Path(__file__).resolve().parents[2]
CONTROL = {chr(c) for c in range(0x20)} - {"\n"} | {"\x7f"} | {chr(c) for c in range(0x80, 0xA0)}
# Escape sequences and invisible characters a hostile file can hold.
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\u200b\u202e"


def run_cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m annotator ARGS` in `cwd`; TimeoutExpired fails the test (a hang)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    for name in ("ANNOTATOR_DB", "ANNOTATOR_DATASET", "ANNOTATOR_NAME"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env=env,
    )


def assert_clean_exit(proc: subprocess.CompletedProcess, code: int) -> str:
    """The exit code is `code`, no traceback was printed; return stdout+stderr."""
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out, out[-3000:]
    assert proc.returncode == code, out[-3000:]
    return out


def assert_no_controls(out: str) -> None:
    """No raw control character (other than line breaks) nor invisible format character."""
    found = sorted({c for c in out if c in CONTROL or c in "\u200b\u202e"})
    assert not found, (found, out[-2000:])


def write_jsonl(path: Path, *records: dict) -> Path:
    """Write records as JSONL."""
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def schema_toml(must_match: str, name: str = "hostile") -> str:
    """A one-label schema whose FIGURE spans must match `must_match` (TOML literal string)."""
    return (
        f'name = "{name}"\nversion = "1.0.0"\n\n[[labels]]\nname = "FIGURE"\nkey = "f"\n'
        f"must_match = '{must_match}'\n"
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """An empty working folder."""
    return tmp_path


PG_ENV = "ANNOTATOR_TEST_PG"
TABLES = (
    "meta",
    "datasets",
    "documents",
    "dataset_docs",
    "revisions",
    "journal",
    "claims",
    "suggestions",
    "rejections",
)


@pytest.fixture(autouse=True)
def _in_tmp(in_empty_folder):
    """Run every test in an empty folder with no settings from the environment."""


def pg_dsn_or_skip() -> str:
    """The PostgreSQL test server's URL, or skip naming the variable to set."""
    dsn = os.environ.get(PG_ENV)
    if not dsn:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (run `source .ci/postgres.sh`)")
    return dsn


def with_schema(dsn: str, schema: str) -> str:
    """The URL of a schema of its own on the test server."""
    return f"{dsn}{'&' if '?' in dsn else '?'}schema={schema}"


def drop_schema(dsn: str, schema: str) -> None:
    """Remove a test's schema."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A URL to an empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hostile.db'}"
        return
    dsn = pg_dsn_or_skip()
    schema = f"h_{uuid.uuid4().hex[:12]}"
    yield with_schema(dsn, schema)
    drop_schema(dsn, schema)


def document(text: str) -> Document:
    """A tokenized document."""
    return make_document(text, tokenize(text), tokenizer_id(), {})


def answer(doc: Document, annotator: str, spans=(), verdict: str = "accept") -> Annotation:
    """An annotation with spans given as (start, end, label)."""
    stamp = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    return Annotation(
        doc_id=doc.doc_id,
        annotator=annotator,
        answer=verdict,
        spans=tuple(make_span(doc, s, e, label) for s, e, label in spans),
        schema="foreign-fighters@1.0.0",
        created_at=stamp,
        updated_at=stamp,
    )


def texts(count: int) -> list[str]:
    """Distinct short news sentences, each with a COUNTRY at 0-5 and a FIGURE at 11-13."""
    return [f"Kenya said {10 + i % 80} men were recruited in week {i}." for i in range(count)]


def fill(url: str, count: int = 6, annotators: tuple[str, ...] = ("ann", "bob")) -> list[Document]:
    """Dataset 'news' with `count` documents, each accepted by every annotator."""
    store = open_store(url)
    try:
        docs = [document(t) for t in texts(count)]
        store.add_documents("news", docs)
        for who in annotators:
            spans = [(0, 5, "COUNTRY"), (11, 13, "FIGURE")]
            store.add_annotations("news", [answer(d, who, spans) for d in docs])
    finally:
        store.close()
    return docs


def rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every annotator table (what "stored data is unchanged" compares)."""
    if url.startswith("sqlite:"):
        path = Path(url.removeprefix("sqlite:///"))
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            return {
                t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in TABLES
                if t in names
            }
        finally:
            conn.close()
    import psycopg

    from annotator.store.postgres import split_url

    conninfo, schema = split_url(url)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{schema}"')
        names = {
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (schema,),
            )
        }
        return {
            t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in TABLES
            if t in names
        }


def digest(path: Path) -> str:
    """sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sqlite_exec(path: Path, *statements: str) -> None:
    """Run statements on a SQLite file directly, as a user with the sqlite3 shell would."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def run_child(args: list[str], cwd: Path, prefix: tuple[str, ...] = (), **kwargs):
    """Run `python -m annotator ARGS` in a child process (optionally under a wrapper command)."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "annotator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


@pytest.fixture
def read_only_folder(tmp_path):
    """Run commands in child processes that see a folder as read-only media.

    As root (where permissions do not stop writes) the folder is bind-mounted read-only in a
    mount namespace of the child's own (`unshare -m`); otherwise its permissions drop write.
    """

    @contextmanager
    def media(folder: Path) -> Iterator[Callable[[list[str]], subprocess.CompletedProcess]]:
        if os.geteuid() != 0:
            entries = [folder, *folder.iterdir()]
            modes = {p: p.stat().st_mode for p in entries}
            for p in entries:
                p.chmod(modes[p] & ~0o222)
            try:
                yield lambda args: run_child(args, tmp_path)
            finally:
                for p in entries:
                    p.chmod(modes[p])
            return
        probe = shutil.which("unshare") and subprocess.run(
            ["unshare", "-m", "sh", "-c", f'mount --bind "{folder}" "{folder}"'],
            capture_output=True,
        )
        if not probe or probe.returncode != 0:
            pytest.skip("running as root without mount namespaces: no way to make read-only media")
        script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
        wrapper = ("unshare", "-m", "sh", "-c", script, "sh", str(folder))
        yield lambda args: run_child(args, tmp_path, wrapper)

    return media
