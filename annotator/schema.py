"""LabelSchema: the label set and per-label rules, loaded from a TOML data file with located errors."""

from __future__ import annotations

import re
import tomllib
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from annotator.bundled import DEFAULT_SCHEMA
from annotator.errors import Issue, Severity, make_issue
from annotator.schema_checks import (
    CHECKED_FIELDS,
    check_schema_data,
    type_issue,
)
from annotator.schema_lines import key_lines
from annotator.text import DEFAULT_LANGUAGE

RuleName = Literal["must_match", "max_tokens", "enclosed_by", "overlap", "values", "gazetteer"]
DEFAULT_SEVERITY: dict[str, Severity] = {
    "must_match": "error",
    "max_tokens": "error",
    "enclosed_by": "error",
    "overlap": "error",
    "values": "error",
    "gazetteer": "warning",
}
_FROZEN = ConfigDict(frozen=True, extra="forbid")


class SchemaError(Exception):
    """A schema file with problems; `issues` holds every one with its line."""

    def __init__(self, issues: list[Issue]) -> None:
        """Keep the issues and summarise them as the message."""
        self.issues = issues
        super().__init__("\n".join(f"{i.where()}: {i.code} {i.message}" for i in issues))


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

    def severity_of(self, rule: str) -> Severity:
        """Severity of one of this label's rules (file setting, else the default)."""
        return self.severity.get(rule, DEFAULT_SEVERITY[rule])  # type: ignore[call-overload]

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """The compiled `must_match` regex."""
        return re.compile(self.must_match) if self.must_match else None

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


class LabelSchema(BaseModel):
    """A named, versioned label set with rules, loaded from a schema `.toml` file."""

    model_config = _FROZEN
    name: str
    version: str
    language: str = DEFAULT_LANGUAGE
    description: str = ""
    labels: tuple[LabelSpec, ...]

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
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _toml_error_line(str(exc))
        raise SchemaError([make_issue(500, detail=str(exc), path=path, line=line)]) from None
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
    errors = getattr(exc, "errors", lambda: [])()
    issues: list[Issue] = []
    for err in errors:
        loc = tuple(err["loc"])
        field = loc[2] if loc[:1] == ("labels",) and len(loc) > 2 else "labels"
        if loc and loc[0] != "labels":
            field = loc[0]
        if err.get("type") == "extra_forbidden" or field in CHECKED_FIELDS:
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
    lines = key_lines(text)
    if len(loc) >= 3 and loc[0] == "labels":
        return lines.get(("labels", loc[1], loc[2])) or lines.get(("labels", loc[1], None))
    if loc:
        return lines.get((None, None, loc[0]))
    return None


def load_schema(path: str | Path, reserved: dict[str, str] | None = None) -> LabelSchema:
    """Load a schema file; SchemaError (with lines) for any problem, including unreadable files."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError([make_issue(107, path=str(path), detail=str(exc))]) from None
    return parse_schema(text, str(path), reserved)


def default_schema_path() -> Path:
    """The default schema shipped inside the package (whatever the current folder holds)."""
    return DEFAULT_SCHEMA
