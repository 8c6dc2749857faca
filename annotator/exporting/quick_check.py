"""The export's quick check: one pass over a record's spans that proves it has no issue at all.

Most stored records are clean. For those, one loop over the spans' field dicts replaces the
separate span checks (`record_checks.span_issues`), schema rules and overlap pass
(`validate.schema_issues`) and yields the sorted span keys the task hash needs. It only ever
answers "clean" or "look closer": whenever it cannot prove a record clean, the export runs the
full checks, which name every problem. Tests hold it to that against the full checks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from annotator.records import Annotation, Document, token_bounds
from annotator.schema import LabelSchema, LabelSpec, normalise_name

_SPAN_FIELDS = itemgetter("start", "end", "token_start", "token_end", "label", "text", "id")
_NO_LIMIT = 1 << 62
REMEMBERED_TEXTS = 1 << 16  # per label: span texts already seen to pass its text rules


@dataclass(slots=True)
class LabelRule:
    """One label's rules as the quick check reads them (absent rules as None)."""

    spec: LabelSpec
    text_ok: Callable[[str], bool] | None  # must_match, values and gazetteer together
    longest: int  # max_tokens - 1: the widest token_end - token_start allowed
    enclosing: frozenset[str] | None
    passed: set[str] = field(default_factory=set)  # texts that passed text_ok (bounded)


def _text_rule(spec: LabelSpec) -> Callable[[str], bool] | None:
    """The label's rules that read only the span text, as one predicate (None when it has none)."""
    pattern = spec.pattern
    values = frozenset(spec.values) or None
    names = spec.gazetteer_names or None
    if pattern is None and values is None and names is None:
        return None

    def text_ok(text: str) -> bool:
        return (
            (pattern is None or pattern.search(text) is not None)
            and (values is None or text in values)
            and (names is None or normalise_name(text) in names)
        )

    return text_ok


def compile_rules(schema: LabelSchema) -> dict[str, LabelRule]:
    """Each label's rules in the form the quick check reads."""
    return {
        spec.name: LabelRule(
            spec,
            _text_rule(spec),
            (spec.max_tokens or _NO_LIMIT) - 1,
            frozenset(spec.enclosed_by) or None,
        )
        for spec in schema.labels
    }


class QuickCheck:
    """A schema's rules compiled for the one-pass check of clean records."""

    def __init__(self, schema: LabelSchema) -> None:
        """Compile the rules once per export."""
        self.schema_ref = schema.ref
        self.rules = compile_rules(schema)

    def sorted_keys(self, doc: Document, ann: Annotation) -> list[tuple[int, int, str]] | None:
        """The spans' sorted (start, end, label) keys if the record is clean, else None."""
        checked = self.clean_fields(doc.__dict__, ann.__dict__)
        return None if checked is None else checked[0]

    def clean_fields(
        self, doc: dict[str, Any], ann: dict[str, Any]
    ) -> tuple[list[tuple[int, int, str]], list[dict[str, Any]]] | None:
        """From the models' field dicts: (sorted span keys, span field dicts) if clean, else None."""
        if ann["schema_"] != self.schema_ref or ann["updated_at"] < ann["created_at"]:
            return None
        spans = [s.__dict__ for s in ann["spans"]]
        starts, ends = token_bounds(doc["tokens"])
        keys = clean_span_keys(doc["text"], starts, ends, spans, self.rules)
        if keys is None:
            return None
        keys.sort()
        return keys, spans


def clean_span_keys(
    text: str,
    starts: Sequence[int],
    ends: Sequence[int],
    spans: list[dict[str, Any]],
    rules: dict[str, LabelRule],
) -> list[tuple[int, int, str]] | None:
    """The spans' keys when every span is clean, else None.

    Spans must come ordered by start. A span may overlap only the top-level span it sits inside,
    and only where that label's `may_contain` allows it; deeper or crossing overlaps, duplicates
    and anything else unusual are left to the full checks. (Of spans starting together, a shorter
    one first makes the next look crossing: left to the full checks too. A repeated span can only
    follow its twin, as that span's first inner span.)
    """
    length = len(text)
    count = len(starts)
    keys: list[tuple[int, int, str]] = []
    ids: set[str] = set()
    reach = inner_reach = -1
    previous_start = 0  # offsets below 0 are never clean
    outer_key: tuple[int, int, str] | None = None
    outer: LabelSpec | None = None
    for span in spans:
        start, end, first, last, label, span_text, span_id = _SPAN_FIELDS(span)
        if not (
            previous_start <= start < end <= length
            and 0 <= first <= last < count
            and starts[first] == start
            and ends[last] == end
            and text[start:end] == span_text
        ):
            return None
        previous_start = start
        rule = rules.get(label)
        if rule is None:
            return None
        if last - first > rule.longest:
            return None
        enclosing = rule.enclosing
        if enclosing is not None and text[start - 1 : start] + text[end : end + 1] not in enclosing:
            return None
        text_ok = rule.text_ok
        if text_ok is not None and span_text not in rule.passed:
            if not text_ok(span_text):
                return None
            if len(rule.passed) < REMEMBERED_TEXTS:
                rule.passed.add(span_text)
        key = (start, end, label)
        if start >= reach:  # overlaps nothing before it
            reach, inner_reach, outer, outer_key = end, -1, rule.spec, key
        elif (
            end > reach  # crosses the span it starts in
            or start < inner_reach  # overlaps another span inside the same outer span
            or key == outer_key  # repeats it
            or not outer.allows_inside(label)  # type: ignore[union-attr]
        ):
            return None
        else:
            inner_reach = end
        if span_id:
            if span_id in ids:
                return None
            ids.add(span_id)
        keys.append(key)
    return keys
