"""LabelSchema: the label set and per-label rules, loaded from a TOML data file with located errors."""

from __future__ import annotations

import math
import re
import tomllib
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from annotator.bundled import DEFAULT_SCHEMA
from annotator.errors import Errors, Issue, Severity, make_issue
from annotator.records.tokenization import DEFAULT_LANGUAGE
from annotator.schema.checks import (
    CHECKED_FIELDS,
    SECTION_CHECKED_FIELDS,
    check_schema_data,
    type_issue,
)
from annotator.schema.lines import key_lines, line_of, load_toml
from annotator.schema.regex_guard import GuardedPattern

if TYPE_CHECKING:
    from annotator.validation.rules import RuleSet

RuleName = Literal[
    "must_match", "max_tokens", "enclosed_by", "overlap", "values", "gazetteer", "attributes"
]
DEFAULT_SEVERITY: dict[str, Severity] = {
    "must_match": "error",
    "max_tokens": "error",
    "enclosed_by": "error",
    "overlap": "error",
    "values": "error",
    "gazetteer": "warning",
    "attributes": "error",
}
AttributeType = Literal["enum", "int", "float", "str", "bool"]
_INT_TEXT = re.compile(r"[+-]?\d{1,19}")
_FLOAT_TEXT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?")
_FROZEN = ConfigDict(frozen=True, extra="forbid")


class SchemaError(Exception):
    """A schema file with problems; `issues` holds every one with its line."""

    def __init__(self, issues: list[Issue]) -> None:
        """Keep the issues and summarise them as the message."""
        self.issues = issues
        super().__init__("\n".join(f"{i.where()}: {i.code} {i.message}" for i in issues))


class AttributeSpec(BaseModel):
    """One typed attribute a span (or relation) of a label may carry."""

    model_config = _FROZEN
    name: str
    type: AttributeType
    values: tuple[str, ...] = ()
    required: bool = False
    description: str = ""
    suggest: str | None = None
    aliases: dict[str, str] = Field(default_factory=dict)

    def from_text(self, value: Any) -> Any:
        """The value as this attribute's type when a file gives it as text (brat attribute
        values are text); any other value, or text that does not read as the type, unchanged."""
        if not isinstance(value, str):
            return value
        if self.type == "bool" and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if self.type == "int" and _INT_TEXT.fullmatch(value):
            return int(value)
        if self.type == "float" and _FLOAT_TEXT.fullmatch(value):
            number = float(value)
            return number if math.isfinite(number) else value
        return value


def typed_attrs(specs: tuple[AttributeSpec, ...], attrs: dict[str, Any]) -> dict[str, Any]:
    """Attributes with each declared one read as its type where a file gave it as text."""
    if not specs or not attrs:
        return attrs
    by_name = {spec.name: spec for spec in specs}
    return {
        name: by_name[name].from_text(value) if name in by_name else value
        for name, value in attrs.items()
    }


class LabelSpec(BaseModel):
    """One label: how it looks, how to annotate it, and the rules its spans must obey."""

    model_config = _FROZEN
    name: str
    key: str | None = None
    color: str = "#888888"
    description: str = ""
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    must_match: str | None = None
    max_tokens: Annotated[int, Field(ge=1)] | None = None
    enclosed_by: tuple[str, ...] = ()
    may_contain: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    gazetteer: tuple[str, ...] = ()
    gazetteer_from: tuple[str, ...] = ()
    severity: dict[RuleName, Literal["error", "warning"]] = Field(default_factory=dict)
    attributes: tuple[AttributeSpec, ...] = ()

    def severity_of(self, rule: str) -> Severity:
        """Severity of one of this label's rules (file setting, else the default)."""
        return self.severity.get(rule, DEFAULT_SEVERITY[rule])  # type: ignore[call-overload]

    @cached_property
    def pattern(self) -> GuardedPattern | None:
        """The compiled `must_match` regex, each match time-limited."""
        return GuardedPattern(self.must_match) if self.must_match else None

    @cached_property
    def gazetteer_names(self) -> frozenset[str]:
        """Normalised names accepted by the gazetteer rule (inline plus built-in sources)."""
        names = {normalise_name(n) for n in self.gazetteer}
        if "pycountry" in self.gazetteer_from:
            names |= _pycountry_names()
        return frozenset(names)

    def allows_inside(self, other_label: str) -> bool:
        """Whether a span of `other_label` may sit inside a span of this label."""
        return "*" in self.may_contain or other_label in self.may_contain


class RelationSpec(BaseModel):
    """A relation type: which labels may be its head and child, and how many per head."""

    model_config = _FROZEN
    name: str
    key: str | None = None
    color: str = "#888888"
    description: str = ""
    head: tuple[str, ...]
    child: tuple[str, ...]
    directed: bool = True
    max_per_head: Annotated[int, Field(ge=1)] | None = None
    attributes: tuple[AttributeSpec, ...] = ()

    def takes(self, head_label: str, child_label: str) -> bool:
        """Whether spans of these labels may be linked (either way round when undirected)."""
        if _admits(self.head, head_label) and _admits(self.child, child_label):
            return True
        return (
            not self.directed
            and _admits(self.head, child_label)
            and _admits(self.child, head_label)
        )


def _admits(allowed: tuple[str, ...], label: str) -> bool:
    """Whether a label is in an argument list ('*' admits any label)."""
    return "*" in allowed or label in allowed


class DocLabelSpec(BaseModel):
    """A document-level choice: its name, the values to choose from, one or several."""

    model_config = _FROZEN
    name: str
    values: tuple[str, ...]
    multiple: bool = False
    required: bool = False
    key: str | None = None
    description: str = ""


class LabelSchema(BaseModel):
    """A named, versioned label set with rules, relations and document labels, from TOML."""

    model_config = _FROZEN
    name: str
    version: str
    language: str = DEFAULT_LANGUAGE
    description: str = ""
    labels: tuple[LabelSpec, ...]
    relations: tuple[RelationSpec, ...] = ()
    doc_labels: tuple[DocLabelSpec, ...] = ()

    @cached_property
    def rules(self) -> RuleSet:
        """The schema's rules compiled for checking records (made once)."""
        from annotator.validation.rules import RuleSet

        return RuleSet(self)

    @cached_property
    def relation_by_name(self) -> dict[str, RelationSpec]:
        """Relation types indexed by name."""
        return {relation.name: relation for relation in self.relations}

    @cached_property
    def doc_label_by_name(self) -> dict[str, DocLabelSpec]:
        """Document labels indexed by name."""
        return {doc_label.name: doc_label for doc_label in self.doc_labels}

    @property
    def ref(self) -> str:
        """The schema reference stored on annotations: name@version."""
        return f"{self.name}@{self.version}"

    @cached_property
    def by_name(self) -> dict[str, LabelSpec]:
        """Labels indexed by name."""
        return {label.name: label for label in self.labels}

    @cached_property
    def label_names(self) -> tuple[str, ...]:
        """Label names in file order (digits 1-9 select them in this order)."""
        return tuple(label.name for label in self.labels)


@lru_cache(maxsize=8192)
def normalise_name(name: str) -> str:
    """Case-fold a name and drop a leading article, for gazetteer lookups."""
    folded = " ".join(name.replace("’", "'").casefold().split())
    return folded[4:] if folded.startswith("the ") else folded


def _pycountry_names() -> set[str]:
    """Country names (short, common and official) from pycountry's ISO 3166 data."""
    import pycountry

    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(normalise_name(value))
    return names


def parse_schema(text: str, path: str = "", reserved: dict[str, str] | None = None) -> LabelSchema:
    """Parse and check schema TOML text; SchemaError lists every problem with its line."""
    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _toml_error_line(str(exc))
        raise SchemaError(
            [make_issue(Errors.E500, detail=str(exc), path=path, line=line)]
        ) from None
    issues = check_schema_data(data, text, path, reserved)
    try:
        schema = LabelSchema.model_validate(data)
    except Exception as exc:  # pydantic's message names the field
        issues.extend(_model_issues(exc, text, path, issues))
        raise SchemaError(issues) from None
    if issues:
        raise SchemaError(issues)
    return schema


def _model_issues(exc: Exception, text: str, path: str, found: list[Issue]) -> list[Issue]:
    """The model's type errors not already reported by the checks, each with its line."""
    errors: list[dict[str, Any]] = getattr(exc, "errors", list)()
    issues: list[Issue] = []
    for err in errors:
        loc = tuple(err["loc"])
        field = loc[2] if loc[:1] == ("labels",) and len(loc) > 2 else "labels"
        if loc and loc[0] != "labels":
            field = loc[0]
        if err.get("type") == "extra_forbidden" or field in CHECKED_FIELDS:
            continue
        if ("attributes" in loc or loc[:1] in (("relations",), ("doc_labels",))) and (
            str(loc[-1]) in SECTION_CHECKED_FIELDS or len(loc) <= 2
        ):
            continue
        where = ".".join(str(part) for part in loc if part != "[key]")
        issues.append(type_issue(where, err["msg"], path, _line_of(loc, text)))
    if not issues and not found:
        issues.append(type_issue("schema", str(exc), path, None))
    return issues


def _toml_error_line(message: str) -> int | None:
    """The line tomllib names in its message ('... (at line 3, column 7)'), if any."""
    found = re.search(r"at line (\d+)", message)
    return int(found.group(1)) if found else None


def _line_of(loc: tuple, text: str) -> int | None:
    """Find the line of a pydantic error location like ('labels', 2, 'max_tokens')."""
    return line_of(key_lines(text), loc)


def load_schema(path: str | Path, reserved: dict[str, str] | None = None) -> LabelSchema:
    """Load a schema file; SchemaError (with lines) for any problem, including unreadable files."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError([make_issue(Errors.E107, path=str(path), detail=str(exc))]) from None
    return parse_schema(text, str(path), reserved)


def default_schema_path() -> Path:
    """The default schema shipped inside the package (whatever the current folder holds)."""
    return DEFAULT_SCHEMA
