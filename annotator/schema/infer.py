"""`annotator schema infer`: the schema TOML that holds everything some peer files use."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.formats.base import IncomingRecord, RawSpan
from annotator.session.actions import reserved_keys

ENUM_LIMIT = 12  # at most this many distinct strings make an enum; more make a str attribute
_INT_TEXT = re.compile(r"[+-]?\d+")
_FLOAT_TEXT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?")
PLACEHOLDER_LABEL = "Span"  # the one label of a schema for files that hold no spans


@dataclass
class _Attributes:
    """The values seen of each attribute of one label or relation type, in first-seen order."""

    values: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, attrs: dict[str, Any]) -> None:
        """Note a span's or relation's attributes (lists and objects cannot be declared)."""
        for name, value in attrs.items():
            if isinstance(value, (bool, int, float, str)):
                self.values.setdefault(name, []).append(value)

    def tables(self, owner: str) -> list[str]:
        """The `[[OWNER.attributes]]` tables of these attributes."""
        out = []
        for name, values in self.values.items():
            kind, choices = attribute_type(values)
            lines = [f"[[{owner}.attributes]]", f"name = {_quoted(name)}", f'type = "{kind}"']
            if kind == "enum":
                lines.append(f"values = {_list(choices)}")
            out.append("\n".join(lines))
        return out


def attribute_type(values: list[Any]) -> tuple[str, list[str]]:
    """The attribute type that fits every value (text read as the type brat-style), and the
    values of an enum."""
    kinds = {_kind(value) for value in values}
    if kinds == {"bool"}:
        return "bool", []
    if kinds == {"int"}:
        return "int", []
    if kinds <= {"int", "float"}:
        return "float", []
    if kinds == {"str"}:
        distinct = list(dict.fromkeys(values))
        if len(distinct) <= ENUM_LIMIT:
            return "enum", distinct
    return "str", []


def _kind(value: Any) -> str:
    """bool, int, float or str for one value; text that reads as a number or bool counts as it."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if value.lower() in ("true", "false"):
        return "bool"
    if _INT_TEXT.fullmatch(value):
        return "int"
    if _FLOAT_TEXT.fullmatch(value):
        return "float"
    return "str"


@dataclass
class _Label:
    """What the files show of one label."""

    attributes: _Attributes = field(default_factory=_Attributes)
    contains: dict[str, None] = field(default_factory=dict)  # labels seen inside its spans
    crosses: bool = False  # one of its spans crosses another span


@dataclass
class _Relation:
    """What the files show of one relation type."""

    head: dict[str, None] = field(default_factory=dict)
    child: dict[str, None] = field(default_factory=dict)
    directed: bool = True
    attributes: _Attributes = field(default_factory=_Attributes)


@dataclass
class SchemaInference:
    """Everything some records use: labels, relation types, attributes and document labels."""

    labels: dict[str, _Label] = field(default_factory=dict)
    relations: dict[str, _Relation] = field(default_factory=dict)
    doc_labels: dict[str, dict[str, None]] = field(default_factory=dict)
    multiple: set[str] = field(default_factory=set)
    records: int = 0

    def add(self, record: IncomingRecord) -> None:
        """Note what one record uses."""
        self.records += 1
        spans = [*(record.spans or ()), *(s.span for s in record.suggestions)]
        by_id = {span.id: span.label for span in spans if span.id}
        for span in spans:
            self.labels.setdefault(span.label, _Label()).attributes.add(span.attrs)
        self._overlaps(list(record.spans or ()))
        undirected = set(record.undirected)
        for relation in record.relations:
            seen = self.relations.setdefault(relation.label, _Relation())
            seen.head.setdefault(by_id.get(relation.head, "*"))
            seen.child.setdefault(by_id.get(relation.child, "*"))
            seen.directed = seen.directed and relation.label not in undirected
            seen.attributes.add(relation.attrs)
        for name, values in record.doc_labels.items():
            self.doc_labels.setdefault(name, {}).update(dict.fromkeys(values))
            if len(values) > 1:
                self.multiple.add(name)

    def _overlaps(self, spans: list[RawSpan]) -> None:
        """Note which labels sit inside which, and which labels' spans cross others."""
        ordered = sorted(spans, key=lambda s: (s.start, -s.end))
        open_spans: list[RawSpan] = []
        for span in ordered:
            open_spans = [o for o in open_spans if o.end > span.start]
            for outer in open_spans:
                if span.end <= outer.end:
                    self.labels[outer.label].contains.setdefault(span.label)
                    if (outer.start, outer.end) == (span.start, span.end):
                        self.labels[span.label].contains.setdefault(outer.label)
                else:
                    self.labels[outer.label].crosses = True
                    self.labels[span.label].crosses = True
            open_spans.append(span)

    def toml(self, name: str, language: str = "en") -> str:
        """The schema as TOML that `load_schema` reads, names kept as written, keys assigned."""
        keys = _Keys(reserved_keys())
        lines = [
            f"# Inferred by annotator schema infer from {self.records:,} record(s); edit freely.",
            f"name = {_quoted(name)}",
            'version = "1.0.0"',
            f"language = {_quoted(language)}",
        ]
        labels = self.labels or {PLACEHOLDER_LABEL: _Label()}
        for label, label_seen in labels.items():
            lines += ["", "[[labels]]", f"name = {_quoted(label)}"]
            key = keys.take(label, string.ascii_lowercase)
            if key:
                lines.append(f'key = "{key}"')
            if label_seen.contains:
                lines.append(f"may_contain = {_list(list(label_seen.contains))}")
            if label_seen.crosses:
                lines.append('severity = { overlap = "warning" }')
            lines += ["", *_spaced(label_seen.attributes.tables("labels"))]
        for relation, relation_seen in self.relations.items():
            lines += ["", "[[relations]]", f"name = {_quoted(relation)}"]
            key = keys.take(relation, string.ascii_uppercase)
            if key:
                lines.append(f'key = "{key}"')
            lines.append(f"head = {_list(_arguments(relation_seen.head))}")
            lines.append(f"child = {_list(_arguments(relation_seen.child))}")
            if not relation_seen.directed:
                lines.append("directed = false")
            lines += ["", *_spaced(relation_seen.attributes.tables("relations"))]
        for doc_label, values in self.doc_labels.items():
            lines += ["", "[[doc_labels]]", f"name = {_quoted(doc_label)}"]
            lines.append(f"values = {_list(list(values))}")
            if doc_label in self.multiple:
                lines.append("multiple = true")
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip("\n") + "\n"


def infer_schema(records: Iterable[IncomingRecord]) -> SchemaInference:
    """What a stream of records uses."""
    inference = SchemaInference()
    for record in records:
        inference.add(record)
    return inference


class _Keys:
    """Free one-letter keys: the name's own letters first, then any letter nobody holds."""

    def __init__(self, reserved: dict[str, str]) -> None:
        """Start with the TUI's reserved keys taken."""
        self.taken = set(reserved)

    def take(self, name: str, alphabet: str) -> str | None:
        """A free key from `alphabet` for a name, or None when all are taken."""
        wanted = [ch for ch in name.lower() + name.upper() if ch in alphabet]
        for ch in [*wanted, *alphabet]:
            if ch not in self.taken:
                self.taken.add(ch)
                return ch
        return None


def _arguments(labels: dict[str, None]) -> list[str]:
    """A relation's argument labels; any label when some end was not a labelled span."""
    return ["*"] if "*" in labels else list(labels)


def _spaced(tables: list[str]) -> list[str]:
    """Tables separated by blank lines."""
    out: list[str] = []
    for table in tables:
        out += [table, ""]
    return out


def _quoted(text: str) -> str:
    """A TOML basic string (JSON escapes are TOML escapes; DEL is escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _list(items: list[str]) -> str:
    """A TOML array of strings."""
    return "[" + ", ".join(_quoted(item) for item in items) + "]"
