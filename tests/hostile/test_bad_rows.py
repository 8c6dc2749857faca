"""One unreadable stored row: named (dataset, doc, annotator, revision), skipped with --skip-bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.store import BadRowError, SkippedRows, open_store

from .conftest import fill, invoke, rows

READERS = [
    ["export", "-f", "jsonl", "--out", "out"],
    ["stats"],
    ["agreement"],
]
IDS = lambda command: command[0]  # noqa: E731


def _break_revision(url: str, doc_id: str, annotator: str, body: str) -> None:
    """Overwrite one stored revision's body, as a bad disk or a hand edit would."""
    store = open_store(url)
    try:
        with store._write():
            store._exec(
                "UPDATE revisions SET body = ? WHERE dataset = 'news' AND doc_id = ?"
                " AND annotator = ?",
                (body, doc_id, annotator),
            )
    finally:
        store.close()


BROKEN_BODIES = [
    ('{"doc_id": 5}', "Input should be a valid string"),
    ("{not json", "invalid JSON"),
    ("[]", "Input should be an object"),
]


@pytest.mark.parametrize("command", READERS, ids=IDS)
@pytest.mark.parametrize(
    "body, why", BROKEN_BODIES, ids=["wrong type", "not JSON", "not an object"]
)
def test_hostile_bad_revision_row_is_named_and_refused(store_url, command, body, why):
    docs = fill(store_url, count=5)
    _break_revision(store_url, docs[2].doc_id, "bob", body)
    before = rows(store_url)
    result = invoke(*command, "-d", "news", "--db", store_url)
    assert result.exit_code == 1, result.output
    where = f"stored revision 1 of doc {docs[2].doc_id} by bob in dataset 'news' cannot be read"
    assert where in result.text and why.lower() in result.text.lower()
    assert "pass --skip-bad to leave it out" in result.text
    assert "Traceback" not in result.output and "ValidationError" not in result.output
    assert rows(store_url) == before
    if command[0] == "export":
        assert "nothing was written" in result.text
        assert not Path("out").exists()


@pytest.mark.parametrize("command", READERS, ids=IDS)
def test_hostile_skip_bad_leaves_the_row_out_and_counts_it(store_url, tmp_path, command):
    docs = fill(store_url, count=5)
    _break_revision(store_url, docs[2].doc_id, "bob", '{"doc_id": 5}')
    before = rows(store_url)
    result = invoke(*command, "-d", "news", "--db", store_url, "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "warning: skipped 1 unreadable stored row(s): stored revision 1 of doc" in result.text
    assert rows(store_url) == before
    if command[0] == "export":
        lines = (tmp_path / "out" / "train.jsonl").read_bytes().splitlines()
        assert len(lines) == 9  # 5 documents x 2 annotators, less the unreadable one
    if command[0] == "agreement":
        assert "4 documents answered by two or more" in result.text


def test_hostile_bad_document_row_names_the_document(store_url):
    docs = fill(store_url, count=3)
    store = open_store(store_url)
    with store._write():
        store._exec("UPDATE documents SET body = '{}' WHERE doc_id = ?", (docs[1].doc_id,))
    store.close()
    before = rows(store_url)
    result = invoke("stats", "-d", "news", "--db", store_url)
    assert result.exit_code == 1, result.output
    assert f"stored document {docs[1].doc_id} of dataset 'news' cannot be read" in result.text
    skipped = invoke("stats", "-d", "news", "--db", store_url, "--skip-bad", "-f", "json")
    assert skipped.exit_code == 0, skipped.output
    assert "skipped 1 unreadable stored row(s)" in skipped.text
    assert rows(store_url) == before


def test_hostile_store_readers_name_the_row(store_url):
    """Readers without a skip option (the annotation screen's) raise BadRowError naming the row."""
    docs = fill(store_url, count=2)
    _break_revision(store_url, docs[0].doc_id, "ann", "{not json")
    store = open_store(store_url, read_only=True)
    try:
        with pytest.raises(BadRowError, match=f"revision 1 of doc {docs[0].doc_id} by ann"):
            store.current_annotation("news", docs[0].doc_id, "ann")
        with pytest.raises(BadRowError, match="Invalid JSON"):
            store.revisions("news", docs[0].doc_id, "ann")
        skipped = SkippedRows()
        kept = list(store.annotations("news", skip_bad=skipped))
        assert len(kept) == 3 and len(skipped) == 1
    finally:
        store.close()


def test_hostile_unreadable_edit_of_an_annotator_named_with_braces(store_url):
    """Names holding format braces are data in the message, never a template."""
    (doc,) = fill(store_url, count=1, annotators=())
    store = open_store(store_url)
    try:
        store.append_edit("news", doc.doc_id, "k{0}m", {"op": "noop"})
        with store._write():
            store._exec("UPDATE journal SET op = '{broken'")
        with pytest.raises(BadRowError, match=r"stored edit 1 of doc \w+ by k\{0\}m in"):
            store.journal("news", doc.doc_id, "k{0}m")
    finally:
        store.close()
