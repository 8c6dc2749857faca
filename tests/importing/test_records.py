"""Documents and annotations built for import without per-token models: same result, same checks."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.importing.run import import_paths
from annotator.records.tokenization import tokenize

TEXT = "Kenya sent 17 men to Syria."


def _write(path: Path, lines: list) -> Path:
    path.write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    return path


def _messages(summary) -> dict[int, str]:
    return {p.line: p.message for p in summary.problems}


def test_import_records_spans_on_tokenizer_output_store_the_tokenizer_tokens(
    sqlite_store, schema, tmp_path
):
    lines = [
        {"text": TEXT, "meta": {"id": 1}, "spans": [{"start": 0, "end": 5, "label": "COUNTRY"}]}
    ]
    summary = import_paths(sqlite_store, "d", [_write(tmp_path / "a.jsonl", lines)], schema=schema)
    assert (summary.added, summary.annotations, summary.skipped) == (1, 1, 0)
    ((doc, ann),) = list(sqlite_store.annotations("d"))
    assert [t.model_dump() for t in doc.tokens] == tokenize(TEXT)
    assert doc.meta == {"id": 1}
    assert [(s.text, s.token_start, s.token_end, s.id) for s in ann.spans] == [
        ("Kenya", 0, 0, "COUNTRY:0-5")
    ]


def test_import_records_carried_tokens_are_kept_as_given(sqlite_store, schema, tmp_path):
    tokens = [
        {"text": "Kenya sent", "start": 0, "end": 10, "id": 0, "ws": True},
        {"text": "17", "start": 11, "end": 13, "id": 1, "ws": False},
    ]
    line = {
        "text": "Kenya sent 17",
        "tokens": tokens,
        "spans": [{"start": 0, "end": 10, "token_start": 0, "token_end": 0, "label": "ACTOR"}],
    }
    path = _write(tmp_path / "p.jsonl", [line])
    summary = import_paths(sqlite_store, "d", [path], "prodigy", schema=schema)
    assert summary.skipped == 0, summary.problems
    ((doc, ann),) = list(sqlite_store.annotations("d"))
    assert [t.model_dump() for t in doc.tokens] == tokens
    assert (ann.spans[0].token_start, ann.spans[0].token_end) == (0, 0)


def test_import_records_bad_carried_tokens_are_one_located_problem(sqlite_store, schema, tmp_path):
    good = {"text": "Kenya", "start": 0, "end": 5, "id": 0, "ws": False}
    lines = [
        {"text": "Kenya", "tokens": [good | {"start": "0"}], "spans": []},
        {"text": "Kenya", "tokens": [good | {"ws": 1}], "spans": []},
        {"text": "Kenya", "tokens": [good | {"text": "Chad!"}], "spans": []},
        {"text": "Kenya", "tokens": [good | {"end": 9}]},
        {"text": "Kenya", "tokens": [good | {"id": -1}], "spans": []},
    ]
    path = _write(tmp_path / "p.jsonl", lines)
    summary = import_paths(sqlite_store, "d", [path], "prodigy", schema=schema)
    found = _messages(summary)
    assert found[1] == "tokens[0].start: expected int, got str; fix the token"
    assert found[2] == "tokens[0].ws: expected bool, got int; fix the token"
    assert "field tokens[0]: E208" in found[3] and "differs from the slice" in found[3]
    assert "E208" in found[4]
    assert "tokens[0].id" in found[5]
    assert summary.added == 0 and sqlite_store.document_ids("d") == []


def test_import_records_record_and_schema_errors_refuse_the_line(sqlite_store, schema, tmp_path):
    twice = {"start": 0, "end": 5, "label": "COUNTRY"}
    lines = [
        {"text": TEXT, "spans": [twice, twice]},
        {"text": TEXT, "spans": [{"start": 0, "end": 5, "label": "NOPE"}]},
        {"text": TEXT, "spans": [{"start": 11, "end": 13, "label": "FIGURE"}]},
    ]
    summary = import_paths(sqlite_store, "d", [_write(tmp_path / "a.jsonl", lines)], schema=schema)
    found = _messages(summary)
    assert sorted(found) == [1, 2]
    assert "E205" in found[1] and found[1].startswith("span 1 COUNTRY 'Kenya': ")
    assert "E327" in found[2] and "'NOPE'" in found[2] and "schema infer" in found[2]
    assert (summary.added, summary.annotations) == (1, 1)
