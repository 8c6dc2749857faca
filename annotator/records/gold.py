"""Hand-written gold records: spans given as (label, text, paragraph, occurrence) marks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from annotator.records.models import (
    Annotation,
    Relation,
    canonical,
    make_document,
    make_span,
    reading_order,
)
from annotator.records.tokenization import TokenIndex, tokenize, tokenizer_id
from annotator.schema.model import LabelSchema

Mark = tuple[str, str, int, int]
Link = tuple[str, Mark, Mark]  # relation label, head mark, child mark


def locate(text: str, index: TokenIndex, needle: str, paragraph: int, occurrence: int) -> int:
    """Char offset of the n-th token-aligned occurrence of `needle` inside one paragraph."""
    lines = text.split("\n")
    base = sum(len(line) + 1 for line in lines[:paragraph])
    stop = base + len(lines[paragraph])
    pos, found = base, -1
    while occurrence >= 0:
        pos = text.find(needle, pos, stop)
        if pos < 0:
            raise ValueError(
                f"{needle!r} not found {occurrence + 1} more time(s) in paragraph {paragraph}"
            )
        if index.char_span_to_tokens(pos, pos + len(needle)) is not None:
            found = pos
            occurrence -= 1
        pos += 1
    return found


def gold_record(
    text: str,
    meta: dict[str, Any],
    marks: Iterable[Mark],
    schema: LabelSchema,
    annotator: str,
    annotated_at: datetime,
    duration_s: float,
    attrs: Mapping[Mark, dict[str, Any]] | None = None,
    links: Iterable[Link] = (),
    doc_labels: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, Any]:
    """The canonical JSON dict of an accepted annotation: spans at the marks, with their
    attributes, relations between marked spans, and document labels."""
    doc = make_document(text, tokenize(text, schema.language), tokenizer_id(schema.language), meta)
    index = TokenIndex.of(doc.tokens)
    attrs = attrs or {}
    spans = {}
    for mark in marks:
        label, needle, paragraph, occurrence = mark
        start = locate(text, index, needle, paragraph, occurrence)
        spans[mark] = make_span(doc, start, start + len(needle), label, attrs.get(mark), index)
    unknown = [mark for mark in attrs if mark not in spans]
    if unknown:
        raise ValueError(f"attributes given for unmarked spans: {unknown}")
    relations = []
    for label, head, child in links:
        if head not in spans or child not in spans:
            raise ValueError(f"{label} links an unmarked span: {head} -> {child}")
        relations.append(Relation(head=spans[head].id, child=spans[child].id, label=label))
    annotation = Annotation(
        doc_id=doc.doc_id,
        annotator=annotator,
        answer="accept",
        spans=tuple(sorted(spans.values(), key=reading_order)),
        relations=tuple(relations),
        doc_labels=dict(doc_labels or {}),
        schema=schema.ref,
        created_at=annotated_at,
        updated_at=annotated_at,
        duration_s=duration_s,
    )
    return canonical(doc, annotation).to_json_dict()


def article_records(
    articles: Sequence[Mapping[str, Any]],
    source: str,
    schema: LabelSchema,
    annotator: str,
    annotated_at: datetime,
) -> list[dict[str, Any]]:
    """Gold records of invented articles (title, paragraphs, span marks), one per article."""
    records = []
    for number, article in enumerate(articles):
        meta = {
            "title": article["title"],
            "source": f"{source}#{number}",
            "language": schema.language,
            "note": "invented for testing; not a report of real events",
        }
        text = "\n".join(article["paragraphs"])
        records.append(
            gold_record(text, meta, article["spans"], schema, annotator, annotated_at, 900.0)
        )
    return records


def write_gold_file(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Write records as JSON lines to `path` and return how many were written."""
    lines = [orjson.dumps(record) for record in records]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return len(lines)


def stale_gold_records(path: Path, records: Sequence[dict[str, Any]]) -> list[int]:
    """Line numbers (1-based) where a committed gold file differs from a fresh build.

    The tokenizer's version (`spacy.blank:en@3.8.18`) is left out of the comparison, so the
    file stays current across spaCy patch releases that tokenize the same way.
    """
    committed = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    stale = [
        number
        for number, (old, new) in enumerate(zip(committed, records, strict=False), start=1)
        if _unversioned(old) != _unversioned(new)
    ]
    shorter = min(len(committed), len(records))
    return stale + list(range(shorter + 1, max(len(committed), len(records)) + 1))


def _unversioned(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its tokenizer named but not versioned."""
    return {**record, "tokenizer": str(record.get("tokenizer", "")).partition("@")[0]}
