"""The import pipeline: round trip, idempotence, precedence rules, and bad input left out."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.bundled import SAMPLE_CORPUS
from annotator.formats.jsonl import write_jsonl
from annotator.importing.run import ImportUsageError, import_paths
from annotator.records.models import canonical
from annotator.records.tokenization import tokenize
from annotator.store import open_store

CORPUS = SAMPLE_CORPUS


class _Report:
    def describe(self, **facts):
        self.facts = facts


def _export(store, dataset, out_dir) -> list[dict]:
    records = (canonical(d, a) for d, a in store.annotations(dataset))
    (path,) = write_jsonl(records, out_dir, "all", _Report())
    return [orjson.loads(line) for line in (out_dir / path).read_bytes().splitlines()]


def _write(path: Path, lines: list) -> Path:
    path.write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    return path


def test_importing_canonical_round_trip_keeps_everything(any_store_url, schema, tmp_path):
    store = open_store(any_store_url)
    summary = import_paths(store, "ff", [CORPUS], schema=schema)
    assert (summary.added, summary.annotations, summary.skipped) == (1, 1, 0)
    exported = _export(store, "ff", tmp_path)
    store.close()
    original = [orjson.loads(x) for x in CORPUS.read_bytes().splitlines() if x.strip()]
    assert exported == original
    assert len(exported[0]["spans"]) > 50


def test_importing_twice_adds_nothing(sqlite_store, schema, tmp_path):
    plain = _write(tmp_path / "plain.jsonl", [{"text": f"Kenya sent {i} men."} for i in range(5)])
    import_paths(sqlite_store, "d", [CORPUS, plain], schema=schema)
    before = sqlite_store.info()
    again = import_paths(sqlite_store, "d", [CORPUS, plain], schema=schema)
    assert (again.added, again.duplicates, again.annotations, again.unchanged) == (0, 6, 0, 1)
    assert sqlite_store.info() == before


def test_importing_prodigy_minimal_form_computes_token_indices(sqlite_store, schema, tmp_path):
    text = "Nearly 200 foreign nationals were captured by Ukraine."
    line = {"text": text, "spans": [{"start": 0, "end": 10, "label": "FIGURE"}]}
    import_paths(sqlite_store, "d", [_write(tmp_path / "p.jsonl", [line])], schema=schema)
    ((doc, ann),) = list(sqlite_store.annotations("d"))
    assert doc.tokens[0].text == "Nearly"
    assert (ann.spans[0].token_start, ann.spans[0].token_end) == (0, 1)
    assert (ann.annotator, ann.answer) == ("import", "accept")


def test_importing_annotator_and_answer_precedence(sqlite_store, schema, tmp_path):
    lines = [
        {"text": "Kenya sent 17 men.", "spans": [], "_annotator_id": "kim", "answer": "reject"},
        {"text": "India sent 44 men.", "spans": []},
    ]
    path = _write(tmp_path / "p.jsonl", lines)
    import_paths(sqlite_store, "own", [path], schema=schema, answer="ignore")
    got = {(a.annotator, a.answer) for _, a in sqlite_store.annotations("own")}
    assert got == {("kim", "reject"), ("import", "ignore")}
    import_paths(sqlite_store, "forced", [path], schema=schema, annotator="lead")
    got = {(a.annotator, a.answer) for _, a in sqlite_store.annotations("forced")}
    assert got == {("lead", "reject"), ("lead", "accept")}


def test_importing_plain_documents_have_no_annotation(sqlite_store, schema, tmp_path):
    path = _write(tmp_path / "p.jsonl", [{"text": "Kenya sent 17 men.", "meta": {"url": "x"}}])
    summary = import_paths(sqlite_store, "d", [path], schema=schema)
    assert (summary.added, summary.annotations) == (1, 0)
    (doc_id,) = sqlite_store.document_ids("d")
    doc = sqlite_store.get_document(doc_id)
    assert doc.meta == {"url": "x"}
    assert [t.model_dump() for t in doc.tokens] == tokenize("Kenya sent 17 men.")


def test_importing_text_files_whole_and_by_paragraph(sqlite_store, schema, tmp_path):
    (tmp_path / "a.md").write_text("# Captured\n\nNearly 200 men.\n\n\nKenya said so.\n")
    whole = import_paths(sqlite_store, "whole", [tmp_path], schema=schema)
    assert whole.added == 1
    doc = sqlite_store.get_document(sqlite_store.document_ids("whole")[0])
    assert doc.meta["title"] == "Captured"
    parts = import_paths(
        sqlite_store, "parts", [tmp_path / "a.md"], schema=schema, split="paragraphs"
    )
    texts = [sqlite_store.get_document(i).text for i in sqlite_store.document_ids("parts")]
    assert parts.added == 3
    assert texts == ["# Captured", "Nearly 200 men.", "Kenya said so."]


def test_importing_bad_lines_are_reported_and_the_rest_imported(sqlite_store, schema, tmp_path):
    lines = [
        {"text": "Kenya sent 17 men.", "spans": [{"start": 0, "end": 5, "label": "COUNTRY"}]},
        {"text": 5},
        {"text": "Kenya sent 18 men.", "spans": [{"start": 0, "end": 6, "label": "COUNTRY"}]},
        {"text": "Kenya sent 19 men.", "spans": [{"start": 0, "end": 5, "label": "NOPE"}]},
        {"text": "   "},
        {"text": "Kenya sent 20 men.", "meta": "not an object"},
        {"text": "India sent 44 men."},
    ]
    path = _write(tmp_path / "mixed.jsonl", lines)
    with path.open("ab") as handle:
        handle.write(b"{broken\n")
    summary = import_paths(sqlite_store, "d", [path], schema=schema)
    where = {p.line: p.message for p in summary.problems}
    assert sorted(where) == [2, 3, 4, 5, 6, 8]
    assert "must be a string" in where[2]
    assert "does not align to token boundaries" in where[3]
    assert "E327" in where[4] and "'NOPE'" in where[4] and "--label-map" in where[4]
    assert "empty" in where[5]
    assert "invalid JSON" in where[8]
    assert (summary.added, summary.annotations) == (2, 1)


def test_importing_problems_come_in_line_order_and_counts_add_up(sqlite_store, schema, tmp_path):
    path = tmp_path / "tasks.jsonl"
    path.write_bytes(
        b'{"text": "Kenya sent 17 men.", "spans": [{"start": 0, "end": 5, "label": "COUNTRY"}]}\n'
        b'{"text": "Kenya sent 18 men.", "spans": [{"start": 0, "end": 6, "label": "COUNTRY"}]}\n'
        b'{"text": "broken\n'
        b'{"text": "Chad sent 9 men.", "spans": [{"start": 0, "end": 99, "label": "COUNTRY"}]}\n'
    )
    seen = []
    summary = import_paths(sqlite_store, "d", [path], schema=schema, on_problem=seen.append)
    assert [p.line for p in seen] == [2, 3, 4]
    assert [p.line for p in summary.problems] == [2, 3, 4]
    assert (summary.records, summary.imported, summary.skipped) == (4, 1, 3)


def test_importing_usage_errors_change_nothing(sqlite_store, schema, tmp_path):
    good = _write(tmp_path / "good.jsonl", [{"text": "Kenya sent 17 men."}])
    import_paths(sqlite_store, "d", [good], schema=schema)
    before = sqlite_store.info()
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    (empty_dir / "notes.csv").write_text("a,b")
    cases = [
        ([good, tmp_path / "missing.jsonl"], None, "no such file"),
        ([empty_dir], None, "no .jsonl"),
        ([empty_dir / "notes.csv"], None, "cannot tell the format"),
        ([good], "nonsense", "cannot import format 'nonsense'"),
    ]
    for paths, fmt, message in cases:
        with pytest.raises(ImportUsageError, match=message):
            import_paths(sqlite_store, "d", paths, fmt, schema=schema)
    assert sqlite_store.info() == before


def test_importing_unreadable_files_are_skipped_with_a_reason(sqlite_store, schema, tmp_path):
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.jsonl").write_bytes(b"\x00\x01\x02\x03" * 10)
    (tmp_path / "huge.txt").write_text("word " * 2_100_000)
    (tmp_path / "fine.txt").write_text("Kenya sent 17 men.")
    huge_line = _write(tmp_path / "huge.jsonl", [{"text": "word " * 250_000}])
    summary = import_paths(sqlite_store, "d", [tmp_path], schema=schema)
    reasons = {Path(p.path).name: p.message for p in summary.problems}
    assert "invalid UTF-8" in reasons["latin1.txt"]
    assert "binary" in reasons["image.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.jsonl"]
    assert "--split paragraphs" in reasons["huge.txt"]
    assert "more than the tokenizer's" in reasons[huge_line.name]
    assert summary.added == 1


def test_importing_takes_any_registered_reader(sqlite_store, schema, tmp_path):
    line = {"text": "Kenya sent 17 men.", "label": [[0, 5, "COUNTRY"]], "annotator": "kim"}
    path = _write(tmp_path / "doccano.jsonl", [line])
    summary = import_paths(sqlite_store, "d", [path], "doccano", schema=schema)
    assert (summary.added, summary.annotations) == (1, 1)
    ((_, ann),) = list(sqlite_store.annotations("d"))
    assert (ann.annotator, ann.spans[0].label, ann.spans[0].text) == ("kim", "COUNTRY", "Kenya")
