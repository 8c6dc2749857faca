"""`annotator export` and `annotator schema json` into a place that cannot be written: a message, not a traceback."""

from __future__ import annotations

from annotator.bundled import SAMPLE_CORPUS

from .conftest import invoke

CORPUS = SAMPLE_CORPUS


def test_export_cmd_unwritable_out_exits_1_with_message(tmp_path):
    """An --out under a file (so no folder can be made there) names the path and the fix."""
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert invoke("import", str(CORPUS), "--db", db, "--dataset", "ff").exit_code == 0
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = invoke(
        "export", "--format", "jsonl", "--out", str(blocker / "out"), "--db", db, "-d", "ff"
    )
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "cannot write" in result.text and "--out" in result.text


def test_export_cmd_schema_json_unwritable_exits_2(tmp_path):
    """`schema json --out` pointing at a folder says it cannot write there."""
    result = invoke("schema", "json", "--out", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "cannot write" in result.text


def test_export_cmd_on_a_terminal_shows_progress_and_exports_everything(tmp_path, monkeypatch):
    """With stderr on a terminal the export runs under a progress bar, batched every
    PROGRESS_EVERY records, and still writes every record."""
    from rich.console import Console

    from annotator.cli import export_cmd

    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    monkeypatch.setattr(export_cmd, "PROGRESS_EVERY", 2)
    advanced: list[float] = []
    from rich.progress import Progress

    original = Progress.advance
    monkeypatch.setattr(
        Progress,
        "advance",
        lambda self, task, by=1: advanced.append(by) or original(self, task, by),
    )
    lines = tmp_path / "five.jsonl"
    lines.write_bytes(b"".join(_canonical_line(f"Kenya sent {n} men.") for n in range(5)))
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert invoke("import", str(lines), "--db", db, "--dataset", "ff").exit_code == 0
    out = tmp_path / "out"
    result = invoke("export", "--format", "jsonl", "--out", str(out), "--db", db, "-d", "ff")
    assert result.exit_code == 0, result.output
    assert len((out / "train.jsonl").read_bytes().splitlines()) == 5
    assert advanced == [2, 2]  # the fifth record waits for a batch that never fills


def _canonical_line(text: str) -> bytes:
    """One accepted canonical line of `text` with its first word marked COUNTRY."""
    from datetime import UTC, datetime

    from annotator.records.line_writer import canonical_json, canonical_record
    from annotator.records.models import Annotation, make_document, make_span
    from annotator.records.tokenization import tokenize, tokenizer_id
    from annotator.schema.model import default_schema_path, load_schema

    doc = make_document(text, tokenize(text), tokenizer_id())
    when = datetime(2026, 1, 1, tzinfo=UTC)
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator="ana",
        answer="accept",
        spans=(make_span(doc, 0, 5, "COUNTRY"),),
        schema=load_schema(default_schema_path()).ref,
        created_at=when,
        updated_at=when,
    )
    return canonical_json(canonical_record(doc, ann), newline=True)


def test_export_cmd_skip_invalid_lists_and_leaves_out_answers_with_errors(tmp_path):
    """The default export refuses a dataset with one invalid answer; --skip-invalid writes the
    valid ones, names the invalid one on stderr and counts it in the manifest."""
    import orjson

    from annotator.records.models import make_span
    from annotator.store import open_store

    lines = tmp_path / "three.jsonl"
    lines.write_bytes(b"".join(_canonical_line(f"Kenya sent {n} men.") for n in range(3)))
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert invoke("import", str(lines), "--db", db, "--dataset", "ff").exit_code == 0
    store = open_store(db)
    doc_id = store.document_ids("ff")[1]
    good = store.current_annotation("ff", doc_id, "ana")
    doc = store.get_document(doc_id)
    bad = good.model_copy(update={"spans": (make_span(doc, 0, 5, "FIGURE"),)})
    store.add_annotation("ff", bad)
    store.close()
    out = tmp_path / "b"
    args = ("export", "--format", "jsonl", "--out", str(out), "--db", db, "-d", "ff")
    refused = invoke(*args)
    assert refused.exit_code == 1 and "--skip-invalid" in refused.text, refused.output
    result = invoke(*args, "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert f"skipped invalid: doc {doc_id} by ana" in result.text and "E301" in result.text
    assert len((out / "train.jsonl").read_bytes().splitlines()) == 2
    manifest = orjson.loads((out / "manifest.json").read_bytes())
    assert manifest["skipped_invalid"]["count"] == 1
    assert "--skip-invalid" in manifest["command"]
