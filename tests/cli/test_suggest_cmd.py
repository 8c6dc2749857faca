"""`annotator suggest` and `annotator train` against a SQLite store, as a user runs them."""

from __future__ import annotations

from typer.testing import CliRunner

from annotator.cli import app
from annotator.learn.synthetic import generate_records
from annotator.records.models import Annotation, make_document, now_utc
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import default_schema_path, load_schema
from annotator.store import open_store

TEXTS = [
    "Nearly 300 men from Nepal were lured by recruiters, President Ana Moreno said.",
    "Officials in Kenya said “we were misled” about 45 jobs.",
    "Nothing to see here.",
]


def filled_store(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    store = open_store(url)
    store.add_documents("news", [make_document(t, tokenize(t), tokenizer_id()) for t in TEXTS])
    store.close()
    return url


def test_suggest_cmd_stores_suggestions_for_every_document(tmp_path):
    url = filled_store(tmp_path)
    result = CliRunner().invoke(app, ["suggest", "--db", url, "--dataset", "news"])
    assert result.exit_code == 0, result.output
    store = open_store(url)
    try:
        ids = store.document_ids("news")
        first = {(s.span.label, s.span.text) for s in store.suggestions.get("news", ids[0])}
        assert {("FIGURE", "Nearly 300"), ("COUNTRY", "Nepal"), ("TACTIC", "lured")} <= first
        assert ("ACTOR", "President Ana Moreno") in first
        second = {(s.span.label, s.span.text) for s in store.suggestions.get("news", ids[1])}
        assert ("QUOTE", "we were misled") in second
        assert store.suggestions.get("news", ids[2]) == []
        assert all(ann is None for ann in (store.current_annotation("news", i, "ann") for i in ids))
    finally:
        store.close()
    assert "3 document(s)" in result.output


def test_suggest_cmd_unknown_dataset_and_bad_spec_exit_2(tmp_path):
    url = filled_store(tmp_path)
    runner = CliRunner()
    missing = runner.invoke(app, ["suggest", "--db", url, "--dataset", "nope"])
    assert missing.exit_code == 2
    assert "no dataset 'nope'" in missing.output and "news" in missing.output
    bad = runner.invoke(app, ["suggest", "--db", url, "--dataset", "news", "--with", "oracle"])
    assert bad.exit_code == 2
    assert "unknown suggester 'oracle'" in bad.output
    assert "Traceback" not in missing.output + bad.output


def test_suggest_cmd_train_from_store_with_too_few_answers_exits_1(tmp_path):
    url = filled_store(tmp_path)
    schema = load_schema(default_schema_path())
    store = open_store(url)
    (record,) = generate_records(1, schema)
    store.add_documents("news", [record.document])
    stamp = now_utc()
    store.add_annotation(
        "news",
        Annotation(
            doc_id=record.doc_id,
            annotator="ann",
            answer="accept",
            spans=record.spans,
            schema=schema.ref,
            created_at=stamp,
            updated_at=stamp,
        ),
    )
    store.close()
    args = ["train", "--db", url, "--dataset", "news", "--out", str(tmp_path / "m")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "too little data to train: 1 train and 0 dev" in result.output
