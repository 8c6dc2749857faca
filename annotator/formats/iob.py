"""IOB2 tag layers shared by token-classification formats (hf, conll)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.records import CanonicalRecord
from annotator.schema import LabelSchema

MAIN_LAYER = "ner_tags"


@dataclass(frozen=True, slots=True)
class Layer:
    """One IOB2 tag column: its name, the labels it carries and its ordered tag names."""

    name: str
    labels: tuple[str, ...]

    @property
    def tag_names(self) -> tuple[str, ...]:
        """Tag names in ClassLabel order: O, then B-/I- per label in schema order."""
        names = ["O"]
        for label in self.labels:
            names += [f"B-{label}", f"I-{label}"]
        return tuple(names)


def layers_for(schema: LabelSchema) -> tuple[Layer, ...]:
    """A main layer for labels that never contain others, and one layer per containing label."""
    main = tuple(spec.name for spec in schema.labels if not spec.may_contain)
    own = tuple(
        Layer(f"{spec.name.lower()}_tags", (spec.name,))
        for spec in schema.labels
        if spec.may_contain
    )
    return (Layer(MAIN_LAYER, main), *own) if main else own


def tag_layer(record: CanonicalRecord, layer: Layer, report: Any) -> list[str]:
    """IOB2 tags of one layer; a span overlapping an earlier one in the layer is dropped."""
    tags = ["O"] * len(record.tokens)
    wanted = set(layer.labels)
    spans = sorted(
        (s for s in record.spans if s.label in wanted),
        key=lambda s: (s.token_start, -s.token_end, s.label),
    )
    for span in spans:
        if any(tags[i] != "O" for i in range(span.token_start, span.token_end + 1)):
            report.drop(record, span, f"overlaps another span in IOB layer {layer.name}")
            continue
        tags[span.token_start] = f"B-{span.label}"
        for i in range(span.token_start + 1, span.token_end + 1):
            tags[i] = f"I-{span.label}"
    return tags


def decode_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """Read IOB2 tags back into (token_start, token_end inclusive, label) spans."""
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    label = ""
    for i, tag in enumerate([*tags, "O"]):
        inside = tag.startswith("I-") and start is not None and tag[2:] == label
        if inside:
            continue
        if start is not None:
            spans.append((start, i - 1, label))
            start = None
        if tag.startswith(("B-", "I-")):
            start, label = i, tag[2:]
    return spans
