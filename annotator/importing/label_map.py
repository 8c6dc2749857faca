"""`import --label-map`: rename or drop labels of incoming records before they are checked."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.errors import ImportMessage
from annotator.formats.base import IncomingRecord, Loss, RawSpan


class LabelMapError(Exception):
    """A --label-map value that cannot be read; the message says where and how to fix it."""


@dataclass
class LabelMapEffects:
    """What a label map did over an import: renames and drops, by label."""

    renamed: Counter[tuple[str, str]] = field(default_factory=Counter)  # (old, new) -> count
    dropped: Counter[str] = field(default_factory=Counter)  # spans and suggestions by label
    dropped_relations: Counter[str] = field(default_factory=Counter)  # by relation label

    def lines(self) -> list[str]:
        """One line per effect, for the import summary."""
        out = [f"{n:,} {old} renamed to {new}" for (old, new), n in sorted(self.renamed.items())]
        out += [f"{n:,} {label} span(s) dropped" for label, n in sorted(self.dropped.items())]
        out += [
            f"{n:,} {label} relation(s) dropped"
            for label, n in sorted(self.dropped_relations.items())
        ]
        return out

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready account of the effects."""
        return {
            "renamed": [
                {"from": old, "to": new, "count": n} for (old, new), n in self.renamed.items()
            ],
            "dropped": dict(self.dropped),
            "dropped_relations": dict(self.dropped_relations),
        }


def parse_label_map(value: str) -> dict[str, str]:
    """`A=B,C=` or a file of `A=B` lines (# comments) -> old label -> new label ('' drops it)."""
    path = Path(value)
    if "=" not in value or path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            detail = getattr(exc, "strerror", None) or exc
            raise LabelMapError(
                ImportMessage.LABEL_MAP_UNREADABLE.format(value=value, detail=detail)
            ) from None
        entries = [
            (f"{value}:{number}", line.strip())
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.lstrip().startswith("#")
        ]
    else:
        entries = [(f"pair {i}", part.strip()) for i, part in enumerate(value.split(","), 1)]
    mapping: dict[str, str] = {}
    for where, entry in entries:
        old, sep, new = (part.strip() for part in entry.partition("="))
        if not sep or not old or any(ch.isspace() for ch in old + new):
            raise LabelMapError(ImportMessage.LABEL_MAP_BAD_ENTRY.format(where=where, entry=entry))
        if old in mapping and mapping[old] != new:
            raise LabelMapError(
                ImportMessage.LABEL_MAP_TWICE.format(
                    where=where, old=old, first=mapping[old], second=new
                )
            )
        mapping[old] = new
    return mapping


def apply_label_map(
    record: IncomingRecord, mapping: dict[str, str], effects: LabelMapEffects
) -> IncomingRecord:
    """The record with its span, suggestion and relation labels renamed or dropped as mapped;
    relations losing an end go too, and every drop is a loss the import reports."""
    if not mapping:
        return record
    dropped_ids: set[str] = set()
    losses: list[Loss] = []

    def mapped(span: RawSpan) -> RawSpan | None:
        new = mapping.get(span.label)
        if new is None:
            return span
        if new == "":
            effects.dropped[span.label] += 1
            if span.id:
                dropped_ids.add(span.id)
            return None
        effects.renamed[(span.label, new)] += 1
        return replace(span, label=new)

    spans = None
    if record.spans is not None:
        spans = tuple(s for s in map(mapped, record.spans) if s is not None)
    suggestions = []
    for suggestion in record.suggestions:
        span = mapped(suggestion.span)
        if span is not None:
            suggestions.append(replace(suggestion, span=span))
    relations = []
    for relation in record.relations:
        if relation.head in dropped_ids or relation.child in dropped_ids:
            effects.dropped_relations[relation.label] += 1
            losses.append(
                Loss(ImportMessage.LABEL_MAP_ORPHAN, 1, ImportMessage.LABEL_MAP_ORPHAN_WHY)
            )
            continue
        new = mapping.get(relation.label)
        if new == "":
            effects.dropped_relations[relation.label] += 1
            continue
        if new is not None:
            effects.renamed[(relation.label, new)] += 1
            relation = relation.model_copy(update={"label": new})
        relations.append(relation)
    return replace(
        record,
        spans=spans,
        suggestions=tuple(suggestions),
        relations=tuple(relations),
        losses=record.losses + tuple(losses),
    )
