"""LabelSchema: the label set and per-label rules, loaded from a TOML data file with located errors."""

from __future__ import annotations

import re
import tomllib
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from annotator.errors import Issue, Severity, make_issue
from annotator.keymap import reserved_keys
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
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"
)
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
LABEL_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
BUILTIN_GAZETTEERS = ("pycountry",)
TOP_KEYS = ("name", "version", "language", "description", "labels")
LABEL_KEYS = (
    "name",
    "key",
    "color",
    "description",
    "examples",
    "counter_examples",
    "must_match",
    "max_tokens",
    "enclosed_by",
    "may_contain",
    "values",
    "gazetteer",
    "gazetteer_from",
    "severity",
)
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
    """A named, versioned label set with rules, loaded from `schemas/*.toml`."""

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


def _type_issue(where: str, detail: str, path: str, line: int | None) -> Issue:
    """A wrong-type or missing-field problem at a location."""
    return make_issue(508, where=where, detail=detail, path=path, line=line)


def _check_label(
    raw: dict, idx: int, lines: dict, path: str, reserved: dict[str, str], names: set[str]
) -> list[Issue]:
    """Check one [[labels]] table for problems pydantic cannot locate."""
    issues: list[Issue] = []
    name = raw.get("name", f"labels[{idx}]")

    def at(key: str) -> int | None:
        return lines.get(("labels", idx, key)) or lines.get(("labels", idx, None))

    for key in raw:
        if key not in LABEL_KEYS:
            issues.append(
                make_issue(
                    501,
                    key=key,
                    where=f"label {name}",
                    allowed=", ".join(LABEL_KEYS),
                    path=path,
                    line=at(key),
                )
            )
    if not isinstance(raw.get("name"), str) or not LABEL_NAME.match(raw["name"]):
        issues.append(
            _type_issue(
                f"labels[{idx}].name",
                "a label needs a name in capitals, like ACTOR",
                path,
                at("name"),
            )
        )
    key = raw.get("key")
    if key is not None:
        if not (isinstance(key, str) and len(key) == 1 and "a" <= key <= "z"):
            issues.append(make_issue(510, key=key, label=name, path=path, line=at("key")))
        elif key in reserved:
            shown = ", ".join(sorted(k for k in reserved if len(k) == 1))
            issues.append(
                make_issue(
                    504,
                    key=key,
                    label=name,
                    action=reserved[key],
                    reserved=shown,
                    path=path,
                    line=at("key"),
                )
            )
    colour = raw.get("color")
    if colour is not None and not (isinstance(colour, str) and COLOUR.match(colour)):
        issues.append(make_issue(506, value=colour, label=name, path=path, line=at("color")))
    pattern = raw.get("must_match")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            issues.append(
                make_issue(
                    505,
                    label=name,
                    key="must_match",
                    detail=str(exc),
                    path=path,
                    line=at("must_match"),
                )
            )
    for pair in raw.get("enclosed_by", []) or []:
        if not isinstance(pair, str) or len(pair) != 2:
            issues.append(make_issue(511, pair=pair, label=name, path=path, line=at("enclosed_by")))
    for other in raw.get("may_contain", []) or []:
        if other != "*" and other not in names:
            issues.append(
                make_issue(509, label=name, other=other, path=path, line=at("may_contain"))
            )
    for source in raw.get("gazetteer_from", []) or []:
        if source not in BUILTIN_GAZETTEERS:
            issues.append(
                _type_issue(
                    f"{name}.gazetteer_from",
                    f"unknown source {source!r}; built in: {', '.join(BUILTIN_GAZETTEERS)}",
                    path,
                    at("gazetteer_from"),
                )
            )
    return issues


def check_schema_data(
    data: dict, text: str, path: str = "", reserved: dict[str, str] | None = None
) -> list[Issue]:
    """Every problem of a parsed schema file, each with its line."""
    reserved = reserved_keys() if reserved is None else reserved
    lines = key_lines(text)
    issues: list[Issue] = []
    for key in data:
        if key not in TOP_KEYS:
            issues.append(
                make_issue(
                    501,
                    key=key,
                    where="the top level",
                    allowed=", ".join(TOP_KEYS),
                    path=path,
                    line=lines.get((None, None, key)),
                )
            )
    for key in ("name", "version"):
        if not isinstance(data.get(key), str) or not data.get(key):
            issues.append(
                _type_issue(
                    key,
                    f"'{key}' is required and must be a string",
                    path,
                    lines.get((None, None, key)),
                )
            )
    version = data.get("version")
    if isinstance(version, str) and version and not SEMVER.match(version):
        issues.append(
            make_issue(507, value=version, path=path, line=lines.get((None, None, "version")))
        )
    labels = data.get("labels")
    if not isinstance(labels, list) or not labels:
        issues.append(_type_issue("labels", "define at least one [[labels]] table", path, None))
        return issues
    names = {raw.get("name") for raw in labels if isinstance(raw, dict)}
    first_name: dict[str, int] = {}
    first_key: dict[str, str] = {}
    for idx, raw in enumerate(labels):
        if not isinstance(raw, dict):
            issues.append(_type_issue(f"labels[{idx}]", "must be a table", path, None))
            continue
        issues.extend(_check_label(raw, idx, lines, path, reserved, names))  # type: ignore[arg-type]
        name = raw.get("name")
        line = lines.get(("labels", idx, "name"))
        if isinstance(name, str):
            if name in first_name:
                issues.append(
                    make_issue(502, label=name, first=first_name[name], path=path, line=line)
                )
            else:
                first_name[name] = line or 0
        key = raw.get("key")
        if isinstance(key, str) and key:
            if key in first_key:
                issues.append(
                    make_issue(
                        503,
                        key=key,
                        label=name,
                        other=first_key[key],
                        path=path,
                        line=lines.get(("labels", idx, "key")),
                    )
                )
            else:
                first_key[key] = str(name)
    return issues


def parse_schema(text: str, path: str = "", reserved: dict[str, str] | None = None) -> LabelSchema:
    """Parse and check schema TOML text; SchemaError lists every problem with its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _toml_error_line(str(exc))
        raise SchemaError([make_issue(500, detail=str(exc), path=path, line=line)]) from None
    issues = check_schema_data(data, text, path, reserved)
    if issues:
        raise SchemaError(issues)
    try:
        return LabelSchema.model_validate(data)
    except Exception as exc:  # pydantic's message names the field
        errors = getattr(exc, "errors", lambda: [])()
        located = [
            _type_issue(
                ".".join(str(p) for p in err["loc"]), err["msg"], path, _line_of(err["loc"], text)
            )
            for err in errors
        ] or [_type_issue("schema", str(exc), path, None)]
        raise SchemaError(located) from None


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
    """The bundled default schema: ./schemas/ if present, else the one beside the package."""
    local = Path("schemas/foreign_fighters.toml")
    if local.is_file():
        return local
    return Path(__file__).resolve().parent.parent / "schemas" / "foreign_fighters.toml"
