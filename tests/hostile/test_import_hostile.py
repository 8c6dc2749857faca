"""Hostile records through `annotator import`: located problems, good records kept, no traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from annotator.cli import app

from .conftest import assert_clean_exit, run_cli, write_jsonl

TEXT = "Nearly 200 fighters came."


def nested(depth: int) -> bytes:
    """A JSON object nesting `depth` levels."""
    return b'{"a":' * depth + b"1" + b"}" * depth


def documents(db: Path) -> list[str]:
    """Texts of the documents stored in a database, in insertion order."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT json_extract(body, '$.text') FROM documents ORDER BY rowid")
        return [row[0] for row in rows]


def import_file(work: Path, path: Path, *options: str):
    """Import one file into work/a.db, dataset d."""
    db = f"sqlite:///{work / 'a.db'}"
    return run_cli("import", str(path), "--db", db, "--dataset", "d", *options, cwd=work)


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy"])
def test_timestamp_beyond_any_date_is_a_located_problem(work, fmt):
    path = write_jsonl(work / "in.jsonl", {"text": TEXT, "spans": [], "_timestamp": 1e20})
    out = assert_clean_exit(import_file(work, path, "--format", fmt), 1)
    assert "in.jsonl:1: _timestamp: 1e+20 is not a Unix time" in out


@pytest.mark.parametrize(("fmt", "field"), [("prodigy", "spans"), ("jsonl", "spans")])
def test_spans_that_are_not_a_list_are_a_located_problem(work, fmt, field):
    path = write_jsonl(work / "in.jsonl", {"text": TEXT, field: 5})
    out = assert_clean_exit(import_file(work, path, "--format", fmt), 1)
    assert "in.jsonl:1: " in out and "'spans' must be a list" in out


def test_label_studio_annotations_that_are_not_a_list_are_a_located_problem(work):
    path = work / "tasks.json"
    path.write_bytes(orjson.dumps([{"data": {"text": TEXT}, "annotations": 5}]))
    out = assert_clean_exit(import_file(work, path, "--format", "labelstudio"), 1)
    assert "tasks.json: task 0: annotations must be a list" in out


def test_doccano_labels_that_are_not_a_list_stay_a_located_problem(work):
    path = write_jsonl(work / "in.jsonl", {"text": TEXT, "label": 5})
    out = assert_clean_exit(import_file(work, path, "--format", "doccano"), 1)
    assert "in.jsonl:1: 'label' must be a list of spans" in out


def test_brat_ann_in_bad_utf8_names_its_line(work):
    (work / "doc.txt").write_text(TEXT, encoding="utf-8")
    (work / "doc.ann").write_bytes(b"T1\tFIGURE 0 10\tNearly 200\nT2\tFIGURE 0 6\tNearly\xff\n")
    out = assert_clean_exit(import_file(work, work / "doc.ann", "--format", "brat"), 1)
    assert "doc.ann:2: invalid UTF-8" in out
    assert documents(work / "a.db") == []


def test_meta_nested_1000_deep_is_refused_and_the_batch_around_it_kept(work):
    lines = [orjson.dumps({"text": f"Good document number {i}."}) for i in range(10)]
    lines.insert(5, b'{"text": "Deep one.", "meta": ' + nested(1000) + b"}")
    path = work / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    out = assert_clean_exit(import_file(work, path), 1)
    assert "in.jsonl:6: cannot store this record" in out
    assert len(documents(work / "a.db")) == 10


def test_canonical_line_nested_1000_deep_is_reported_by_validate_and_import(work):
    from record_helpers import build_record

    good = orjson.dumps(build_record())
    deep = good.replace(b'"meta":{"title":"t"}', b'"meta":' + nested(1000))
    assert deep != good
    path = work / "in.jsonl"
    path.write_bytes(deep + b"\n" + good + b"\n")
    out = assert_clean_exit(run_cli("validate", str(path), cwd=work), 1)
    assert "in.jsonl:1" in out and "E112" in out and "in.jsonl:2" not in out
    out = assert_clean_exit(import_file(work, path), 1)
    assert "in.jsonl:1: E112" in out
    assert len(documents(work / "a.db")) == 1


def test_a_reader_that_fails_keeps_the_records_before_and_names_the_line(tmp_path, monkeypatch):
    """A reader bug: the records read before it are committed, the problem names the line."""
    import annotator.formats.doccano as doccano

    real = doccano.doccano_records

    def failing(obj, where, number, labels=None):
        if number == 4:
            raise KeyError("boom")
        return real(obj, where, number, labels)

    monkeypatch.setattr(doccano, "doccano_records", failing)
    monkeypatch.chdir(tmp_path)
    path = write_jsonl(
        tmp_path / "in.jsonl", *[{"text": f"Document {i} here.", "label": []} for i in range(6)]
    )
    result = CliRunner().invoke(
        app, ["import", str(path), "--format", "doccano", "--db", "sqlite:///a.db", "-d", "d"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert "in.jsonl:4: the doccano reader stopped after line 3 (KeyError" in result.output
    assert documents(tmp_path / "a.db") == [f"Document {i} here." for i in range(3)]


def test_a_record_the_store_refuses_is_reported_and_the_rest_of_its_batch_kept(
    tmp_path, monkeypatch
):
    """A store write failing for one record: the other records of the batch are still stored."""
    from annotator.store import sql

    real = sql.encode_annotation

    def refusing(ann):
        if ann.spans and ann.spans[0].attrs.get("poison"):
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        return real(ann)

    monkeypatch.setattr(sql, "encode_annotation", refusing)
    monkeypatch.chdir(tmp_path)
    records = [
        {"text": f"Nearly {i} fighters.", "spans": [{"start": 0, "end": 8, "label": "FIGURE"}]}
        for i in range(5)
    ]
    records[2]["spans"][0]["attrs"] = {"poison": True}
    path = write_jsonl(tmp_path / "in.jsonl", *records)
    result = CliRunner().invoke(app, ["import", str(path), "--db", "sqlite:///a.db", "-d", "d"])
    assert result.exit_code == 1, result.output
    assert "in.jsonl:3: cannot store this record (OverflowError" in result.output
    assert "4 annotation(s) stored" in " ".join(result.output.split())
    with sqlite3.connect(tmp_path / "a.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == 4
