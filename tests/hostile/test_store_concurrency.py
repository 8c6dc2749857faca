"""A failed restore leaves nothing behind; parallel imports of one file store one revision each."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
from pathlib import Path

import orjson
import pytest

from annotator.store import open_store

from .conftest import answer, document, fill, invoke, rows, run_child, texts

pytestmark = pytest.mark.slow  # several processes race on one store: seconds each


def _jsonl_dump(tmp_path: Path) -> list[bytes]:
    """The lines of a JSONL dump of 30 documents answered by two annotators."""
    from annotator.store.dump import dump_entries

    url = f"sqlite:///{tmp_path / 'source.db'}"
    fill(url, count=30)
    store = open_store(url)
    try:
        lines = [orjson.dumps(e) for e in dump_entries(store)]
    finally:
        store.close()
    header = orjson.loads(lines[0])
    header["trailer"] = True
    lines[0] = orjson.dumps(header)
    lines.append(orjson.dumps({"kind": "end", "entries": len(lines)}))
    return lines


@pytest.mark.parametrize(
    "damage, message",
    [
        (
            lambda lines: [*lines[:40], b"{broken", *lines[41:]],
            ":41: not a line of an annotator dump",
        ),
        (
            lambda lines: [*lines[:45], b'{"kind": "revision", "dataset": "news", "record": {}}'],
            ":46: not a valid revision entry",
        ),
        (lambda lines: lines[:50], "it stops after 50 line(s), without the end line"),
    ],
    ids=["bad line", "bad revision", "cut off"],
)
def test_hostile_failed_restore_leaves_the_database_empty(tmp_path, store_url, damage, message):
    """Documents restored before the failing line are rolled back; a retry then succeeds."""
    lines = _jsonl_dump(tmp_path)
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"\n".join(damage(lines)) + b"\n")
    store = open_store(store_url)  # the target exists and is empty (PostgreSQL is never new)
    store.close()
    before = rows(store_url)
    result = invoke("db", "restore", str(broken), "--db", store_url)
    assert result.exit_code == 1, result.output
    assert message in result.text and str(broken) in result.text
    assert "nothing was restored" in result.text
    assert "Traceback" not in result.output
    assert rows(store_url) == before
    good = tmp_path / "good.jsonl"
    good.write_bytes(b"\n".join(lines) + b"\n")
    retry = invoke("db", "restore", str(good), "--db", store_url)
    assert retry.exit_code == 0, retry.output
    assert "30 documents, 60 revisions" in retry.text


def test_hostile_truncated_sqlite_backup_names_the_users_file(tmp_path):
    """A cut-off backup file is named as the user gave it, never a scratch copy's temp path."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    fill(url, count=300)
    assert invoke("db", "backup", "backup.db", "--db", url).exit_code == 0
    data = (tmp_path / "backup.db").read_bytes()
    (tmp_path / "cut.db").write_bytes(data[: len(data) // 2])
    result = invoke("db", "restore", "cut.db", "--db", "sqlite:///restored.db")
    assert result.exit_code == 1, result.output
    assert result.text.startswith("error: cut.db is not a usable backup (")
    assert "it may be truncated or damaged" in result.text
    assert "/tmp" not in result.text.replace(str(tmp_path), "")
    assert not (tmp_path / "restored.db").exists()
    assert (tmp_path / "cut.db").read_bytes() == data[: len(data) // 2]


def test_hostile_parallel_answers_store_one_revision(store_url):
    """Two writers of the same answer: the second sees the first's and stores nothing.

    Each writer, having read the current answer, waits until the other has read too (or two
    seconds pass): without a lock taken before that read, both read "none" and both insert.
    """
    (doc,) = fill(store_url, count=1, annotators=())
    incoming = answer(doc, "kim", [(0, 5, "COUNTRY")])
    barrier = threading.Barrier(2)
    results: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def writer() -> None:
        store = open_store(store_url)
        real = store.current_annotation

        def read_then_wait(*args):
            found = real(*args)
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=2)
            return found

        store.current_annotation = read_then_wait
        try:
            results.append(store.add_annotations("news", [incoming]))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(results) == [(0, 1), (1, 0)]
    check = open_store(store_url)
    try:
        assert [r.revision for r in check.revisions("news", doc.doc_id, "kim")] == [1]
    finally:
        check.close()


def test_hostile_parallel_imports_of_one_file(tmp_path, store_url):
    """Three `annotator import` processes of one annotated file: each pair stored once."""
    pairs = 300
    lines = [
        orjson.dumps(
            {
                "text": text,
                "spans": [{"start": 0, "end": 5, "label": "COUNTRY"}],
                "answer": "accept",
                "_annotator_id": "kim",
            }
        )
        for text in texts(pairs)
    ]
    source = tmp_path / "pairs.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    store = open_store(store_url)
    store.add_documents("news", [document(t) for t in texts(pairs)[: pairs // 2]])
    store.close()
    command = [sys.executable, "-m", "annotator", "import", str(source), "-d", "news"]
    children = [
        subprocess.Popen(
            [*command, "--db", store_url],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, (out, err)
    store = open_store(store_url)
    try:
        assert store.dataset_size("news") == pairs
        assert store.info()["datasets"]["news"]["annotators"] == {"kim": {"accept": pairs}}
        with store._read():
            count = store._exec("SELECT COUNT(*) FROM revisions").fetchone()[0]
        assert count == pairs
    finally:
        store.close()
    assert run_child(["stats", "-d", "news", "--db", store_url], tmp_path).returncode == 0
