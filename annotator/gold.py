"""Hand-written gold records: spans given as (label, text, paragraph, occurrence) marks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from annotator.records import Annotation, canonical, make_document, make_span, reading_order
from annotator.schema import LabelSchema
from annotator.text import TokenIndex, tokenize, tokenizer_id

Mark = tuple[str, str, int, int]


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
) -> dict[str, Any]:
    """The canonical JSON dict of an accepted annotation whose spans are the given marks."""
    doc = make_document(text, tokenize(text, schema.language), tokenizer_id(schema.language), meta)
    index = TokenIndex.of(doc.tokens)
    spans = []
    for label, needle, paragraph, occurrence in marks:
        start = locate(text, index, needle, paragraph, occurrence)
        spans.append(make_span(doc, start, start + len(needle), label, index=index))
    spans.sort(key=reading_order)
    annotation = Annotation(
        doc_id=doc.doc_id,
        annotator=annotator,
        answer="accept",
        spans=tuple(spans),
        schema=schema.ref,
        created_at=annotated_at,
        updated_at=annotated_at,
        duration_s=duration_s,
    )
    return canonical(doc, annotation).to_json_dict()
