"""The session's value types: a planned edit and the keys spans and token ranges go by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SpanKey = tuple[int, int, str]
TokenRange = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Plan:
    """A planned edit: the op to journal and apply (None when refused), and a message."""

    op: dict[str, Any] | None
    message: str = ""
