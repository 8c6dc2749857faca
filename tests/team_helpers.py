"""Shared helpers of the team tests: tokenized documents, annotators' versions, reviewed exports."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
from typer.testing import CliRunner

from annotator.cli import app
from annotator.records.models import Annotation, Document, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id

WHEN = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def doc_of(text: str) -> Document:
    """A tokenized document."""
    return make_document(text, tokenize(text), tokenizer_id())


def version(
    doc: Document,
    name: str,
    phrases: list[tuple[str, str]],
    kind: str = "accept",
    sources: tuple[str, ...] = (),
    attrs: dict | None = None,
    created: datetime = WHEN,
    updated: datetime | None = None,
    schema: str = "foreign-fighters@1.0.0",
) -> Annotation:
    """An annotation with spans on the first occurrence of each (phrase, label) pair."""
    spans = []
    for phrase, label in phrases:
        start = doc.text.index(phrase)
        spans.append(make_span(doc, start, start + len(phrase), label, attrs))
    return Annotation(
        doc_id=doc.doc_id,
        annotator=name,
        answer=kind,
        spans=tuple(spans),
        schema=schema,
        created_at=created,
        updated_at=updated or created,
        sources=tuple(sources),
    )


def export_reviewed(url: str, out: Path) -> list[dict]:
    """Run `annotator export --merge reviewed` to jsonl and return the exported records."""
    result = CliRunner().invoke(
        app,
        ["export", "--db", url, "-d", "news", "-f", "jsonl", "-o", str(out), "--merge", "reviewed"],
    )
    assert result.exit_code == 0, result.output
    return [
        orjson.loads(line)
        for path in sorted(out.rglob("*.jsonl"))
        for line in path.read_bytes().splitlines()
        if line.strip()
    ]
