"""Canonical JSONL is lossless: import(export(x)) == x, custom span ids and every field kept."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson

from annotator.exporting import ExportOptions, run_export
from annotator.importing.run import import_paths
from annotator.records.models import Annotation, canonical, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.store import open_store

TEXT = "Nearly 200 men from Kenya 🇰🇪 were sent, said “they were forced to sign contracts”."


def _line(schema_ref: str) -> dict:
    """A canonical line whose every optional field differs from its default."""
    doc = make_document(TEXT, tokenize(TEXT), tokenizer_id(), {"title": "T", "tags": ["a", 2]})
    quote = "they were forced to sign contracts"
    marks = [("FIGURE", "Nearly 200", "fig-1"), ("COUNTRY", "Kenya", "k")]
    marks += [("QUOTE", quote, "q/7"), ("TACTIC", "forced to sign contracts", "")]
    spans = []
    for label, phrase, span_id in marks:
        start = TEXT.index(phrase)
        made = make_span(doc, start, start + len(phrase), label, {"note": label.lower()})
        spans.append(made.model_copy(update={"id": span_id}) if span_id else made)
    created = datetime(2025, 3, 4, 5, 6, 7, 890000, tzinfo=timezone(timedelta(hours=2)))
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator="amy",
        answer="accept",
        spans=tuple(spans),
        schema=schema_ref,
        created_at=created,
        updated_at=created + timedelta(minutes=5),
        duration_s=301.25,
        revision=4,
        sources=("bob", "cy"),
        session_id="foreign-fighters-amy",
    )
    return canonical(doc, ann).to_json_dict()


def _export(url: str, dataset: str, out: Path, schema) -> list[bytes]:
    """Export a dataset as canonical JSONL and return its lines."""
    store = open_store(url)
    try:
        run_export(
            lambda: store.annotations(dataset, ("accept",)),
            ExportOptions(format="jsonl", out_dir=out, schema=schema, dataset=dataset),
        )
    finally:
        store.close()
    return (out / "train.jsonl").read_bytes().splitlines()


def test_importing_canonical_keeps_span_ids_and_every_field(any_store_url, schema, tmp_path):
    """A line with custom span ids, sources, revision, duration, meta and session id comes back."""
    original = _line(schema.ref)
    source = tmp_path / "in.jsonl"
    source.write_bytes(orjson.dumps(original) + b"\n")
    store = open_store(any_store_url)
    summary = import_paths(store, "ff", [source], schema=schema)
    store.close()
    assert (summary.annotations, summary.skipped) == (1, 0)
    (line,) = _export(any_store_url, "ff", tmp_path / "out", schema)
    exported = orjson.loads(line)
    tactic = TEXT.index("forced to sign")
    default_id = f"TACTIC:{tactic}-{tactic + len('forced to sign contracts')}"
    assert [s["id"] for s in exported["spans"]] == ["fig-1", "k", "q/7", default_id]
    assert exported == original


def test_importing_an_export_reexports_byte_for_byte(schema, tmp_path):
    """export -> import into a fresh store -> export gives the same file."""
    first_url = f"sqlite:///{tmp_path / 'a.db'}"
    source = tmp_path / "in.jsonl"
    source.write_bytes(orjson.dumps(_line(schema.ref)) + b"\n")
    store = open_store(first_url)
    import_paths(store, "ff", [source], schema=schema)
    store.close()
    first = _export(first_url, "ff", tmp_path / "one", schema)
    second_url = f"sqlite:///{tmp_path / 'b.db'}"
    store = open_store(second_url)
    import_paths(store, "ff", [tmp_path / "one" / "train.jsonl"], schema=schema)
    store.close()
    assert _export(second_url, "ff", tmp_path / "two", schema) == first
