"""Hand-written gold records: spans given as (label, text, paragraph, occurrence) marks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from annotator.records import (
    Annotation,
    Relation,
    canonical,
    make_document,
    make_span,
    reading_order,
)
from annotator.schema import LabelSchema
from annotator.text import TokenIndex, tokenize, tokenizer_id

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
