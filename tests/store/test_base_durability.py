"""Nothing acknowledged is lost to SIGKILL; newer or corrupt databases are refused clearly."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time

import pytest
from store_helpers import doc
from store_workers import append_forever

from annotator.store import SCHEMA_VERSION, StoreError, open_store

KILLS = 30


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode()


@pytest.mark.slow
def test_store_kill_loses_no_acknowledged_row(store_url):
    store = open_store(store_url)
    target = doc("Nearly 200 foreign nationals were captured.")
    store.add_documents("k", [target])
    store.close()
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(7)
    acked_journal: list[int] = []
    acked_revisions: list[int] = []
    for _ in range(KILLS):
        read_fd, write_fd = os.pipe()
        child = ctx.Process(target=append_forever, args=(store_url, "k", target.doc_id, write_fd))
        child.start()
        os.close(write_fd)
        time.sleep(rng.uniform(0.05, 0.3))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        for line in _read_all(read_fd).splitlines():
            kind, number = line.split()
            (acked_journal if kind == "J" else acked_revisions).append(int(number))
        os.close(read_fd)
        check = open_store(store_url)
        if check.backend == "sqlite":
            assert check.integrity_check() == "ok"
        seqs = {e.seq for e in check.journal("k", target.doc_id, "killer")}
        revs = {r.revision for r in check.revisions("k", target.doc_id, "killer")}
        check.close()
        assert set(acked_journal) <= seqs
        assert set(acked_revisions) <= revs
        assert seqs == set(range(1, max(seqs, default=0) + 1)), "journal sequence has a gap"
    assert len(acked_journal) > KILLS, "the child never got to write"


def test_store_newer_schema_version_is_refused(store_url):
    store = open_store(store_url)
    newer = SCHEMA_VERSION + 1
    store._exec("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(newer),))
    store.close()
    with pytest.raises(StoreError, match=f"schema version {newer}.*upgrade annotator"):
        open_store(store_url)


@pytest.mark.parametrize(
    "content", [b"this is not a database at all\n" * 200, b"SQLite format 3\x00" + b"\xff" * 4000]
)
def test_store_corrupt_file_gives_clear_error(tmp_path, content):
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a usable annotator database"):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == content


def test_store_bad_urls_are_explained(tmp_path):
    with pytest.raises(StoreError, match="unknown database URL"):
        open_store("mysql://x")
    with pytest.raises(StoreError, match="is a folder"):
        open_store(f"sqlite:///{tmp_path}")
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody@127.0.0.1:1/none")


def test_store_older_database_is_migrated_on_open(tmp_path):
    import sqlite3

    from annotator.store import sql

    path = tmp_path / "v1.db"
    with sqlite3.connect(path) as conn:
        conn.execute(sql.META_TABLE)
        for statement in sql.MIGRATIONS[1]:
            conn.execute(statement.format(serial="INTEGER PRIMARY KEY", real="REAL"))
        conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        conn.execute("INSERT INTO datasets VALUES ('q', 0)")
        conn.execute("INSERT INTO documents VALUES ('d1', 'x', '{}', 0)")
        conn.execute("INSERT INTO dataset_docs (dataset, doc_id) VALUES ('q', 'd1')")
        conn.execute("INSERT INTO claims VALUES ('q', 'd1', 'amy', 1, 4102444800, NULL)")
    store = open_store(f"sqlite:///{path}")
    assert store.schema_version() == SCHEMA_VERSION
    assert store.queue.next_task("q", "zoe") is None, (
        "the migrated claim must still hold the document"
    )
    assert store.queue.next_task("q", "amy").doc_id == "d1"
    store.close()
