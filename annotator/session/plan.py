"""The session's value types: a planned edit, the keys spans and token ranges go by, a span's encoding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.records.models import Span, span_id

SpanKey = tuple[int, int, str]
TokenRange = tuple[int, int]
RelationKey = tuple[str, str, str]  # head span id, child span id, label


@dataclass(frozen=True, slots=True)
class Plan:
    """A planned edit: the op to journal and apply (None when refused), and a message."""

    op: dict[str, Any] | None
    message: str = ""


def encode(span: Span) -> list[Any]:
    """A span as a compact JSON-able list: [start, end, label], attrs and a foreign id if any."""
    out: list[Any] = [span.start, span.end, span.label]
    foreign = span.id and span.id != span_id(span.start, span.end, span.label)
    if span.attrs or foreign:
        out.append(dict(span.attrs))
    if foreign:
        out.append(span.id)
    return out
