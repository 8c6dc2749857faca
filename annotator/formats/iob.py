"""IOB2 tag layers shared by token-classification formats (hf, conll)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.records.models import CanonicalRecord
from annotator.schema.model import LabelSchema

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


def tag_layer(
    record: CanonicalRecord, layer: Layer, report: Any, kept_elsewhere: str = ""
) -> list[str]:
    """IOB2 tags of one layer; a span overlapping an earlier one in the layer is left out: dropped,
    or reported as converted when the output keeps it elsewhere (`kept_elsewhere` says where)."""
    tags = ["O"] * len(record.tokens)
    wanted = set(layer.labels)
    spans = sorted(
        (s for s in record.spans if s.label in wanted),
        key=lambda s: (s.token_start, -s.token_end, s.label),
    )
    for span in spans:
        if any(tags[i] != "O" for i in range(span.token_start, span.token_end + 1)):
            reason = f"overlaps another span in IOB layer {layer.name}"
            if kept_elsewhere:
                report.convert(record, span, f"{reason}: left out of it, {kept_elsewhere}")
            else:
                report.drop(record, span, reason)
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


SCHEMES = ("iob1", "iob2", "bioes")
# B-/I- open and continue a span in every scheme; BIOES adds E- (last token) and S- (single
# token). BILOU's L- and U- are read as E- and S-.
_PREFIXES = {"B": "B", "I": "I", "E": "E", "S": "S", "L": "E", "U": "S"}


def split_tag(tag: str) -> tuple[str, str] | None:
    """A tag's prefix and label: ("O", "") outside any span, None for a tag that is neither."""
    if tag == "O":
        return "O", ""
    prefix, sep, label = tag.partition("-")
    if sep and label and prefix in _PREFIXES:
        return _PREFIXES[prefix], label
    return None


@dataclass(slots=True)
class SchemeEvidence:
    """What a file's tags say of their scheme, counted sentence by sentence.

    In IOB1 a span opens with I- (B- only right after a span of the same label); in IOB2 every
    span opens with B-; only BIOES has E- and S-. A file whose I- tags open more spans than its
    B- tags do after O or another label is IOB1; stray I- openings in an IOB2 file stay errors.
    """

    i_opens: int = 0
    b_opens: int = 0
    bioes_tags: int = 0

    def add(self, tags: list[str]) -> None:
        """Count one sentence's tags."""
        open_label = ""
        for tag in tags:
            parts = split_tag(tag)
            prefix, label = parts if parts is not None else ("O", "")
            if prefix in ("E", "S"):
                self.bioes_tags += 1
            elif prefix == "I" and label != open_label:
                self.i_opens += 1
            elif prefix == "B" and label != open_label:
                self.b_opens += 1
            open_label = label if prefix in ("B", "I") else ""

    def scheme(self) -> str:
        """The scheme the counted tags follow."""
        if self.bioes_tags:
            return "bioes"
        return "iob1" if self.i_opens > self.b_opens else "iob2"


@dataclass(frozen=True, slots=True)
class TagProblem:
    """A tag that breaks its scheme: its index in the sentence, what is wrong, and how to fix it."""

    index: int
    message: str
    hint: str


def _hint(scheme: str, tag_like: bool = True) -> str:
    """How to fix a problem tag read in `scheme` (`tag_like`: it has a tag's shape)."""
    if not tag_like:
        return "is this the tag column? choose another with --tag-column N"
    if scheme == "iob2":
        return "read as IOB2; if spans may open with I- (IOB1), pass --scheme iob1"
    if scheme == "bioes":
        return "read as BIOES (the column has E-/S- tags); fix the tags of this span"
    return "pass --scheme bioes if the column is BIOES"


def read_tags(tags: list[str], scheme: str) -> tuple[list[tuple[int, int, str]], list[TagProblem]]:
    """One sentence's tags as (first, last inclusive, label) spans in `scheme`, and every tag that
    breaks it (spans are still read past a problem, so all of them are found at once)."""
    spans: list[tuple[int, int, str]] = []
    problems: list[TagProblem] = []
    start: int | None = None
    label = ""

    def close(last: int) -> None:
        nonlocal start
        if start is not None:
            spans.append((start, last, label))
            start = None

    def unclosed() -> None:
        if start is not None and scheme == "bioes":
            message = f"the {label} span opened here has no E-{label}"
            problems.append(TagProblem(start, message, _hint(scheme)))

    for i, tag in enumerate(tags):
        parts = split_tag(tag)
        if parts is None:
            message = f"tag {tag!r} is not O or B-/I-/E-/S- and a label"
            problems.append(TagProblem(i, message, _hint(scheme, tag_like=False)))
            close(i - 1)
            continue
        prefix, name = parts
        if scheme != "bioes" and prefix in ("E", "S"):
            message = f"tag {tag!r} is BIOES, not {scheme.upper()}"
            problems.append(TagProblem(i, message, _hint(scheme)))
        if prefix == "O":
            unclosed()
            close(i - 1)
        elif prefix == "B" or (prefix == "S" and scheme != "bioes"):
            unclosed()
            close(i - 1)
            start, label = i, name
        elif prefix == "S":
            unclosed()
            close(i - 1)
            spans.append((i, i, name))
        elif start is not None and name == label:  # I- or E- inside a span of its label
            if prefix == "E":
                close(i)
        else:  # I- or E- with no span of its label open
            if scheme != "iob1":
                message = f"tag {tag!r} continues no {name} span (B-{name} opens one)"
                problems.append(TagProblem(i, message, _hint(scheme)))
            close(i - 1)
            start, label = i, name
            if prefix == "E":
                close(i)
    unclosed()
    close(len(tags) - 1)
    return spans, problems
