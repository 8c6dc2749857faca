"""Checks of a parsed schema file that pydantic cannot locate: every problem with its line."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from functools import lru_cache
from pathlib import Path

from annotator.errors import Issue, make_issue
from annotator.keymap import reserved_keys
from annotator.regex_guard import MATCH_SECONDS, PatternError, compile_pattern, nested_quantifier
from annotator.schema_lines import key_lines, load_toml
from annotator.text import DEFAULT_LANGUAGE

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"
)
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
LABEL_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
BUILTIN_GAZETTEERS = ("pycountry",)
CHECKED_FIELDS = frozenset(
    {"name", "version", "language", "labels", "key", "color", "must_match", "enclosed_by"}
    | {"may_contain", "gazetteer_from"}
)
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


@lru_cache(maxsize=64)
def spacy_language_exists(code: str) -> bool:
    """Whether spaCy ships a blank pipeline for a language code, found without importing spaCy."""
    if not re.fullmatch(r"[a-z]{2,3}", code):
        return False
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return True  # spaCy missing: tokenizing will say so; the code itself looks right
    return any(
        (Path(folder) / "lang" / code / "__init__.py").is_file()
        for folder in spec.submodule_search_locations
    )


def type_issue(where: str, detail: str, path: str, line: int | None) -> Issue:
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
            type_issue(
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
            compile_pattern(pattern) if isinstance(pattern, str) else re.compile(pattern)
        except (PatternError, re.error, TypeError) as exc:
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
    for pair in _listed(raw, "enclosed_by", name, path, at, issues, strings_only=False):
        if not isinstance(pair, str) or len(pair) != 2:
            issues.append(make_issue(511, pair=pair, label=name, path=path, line=at("enclosed_by")))
    for other in _listed(raw, "may_contain", name, path, at, issues):
        if other != "*" and other not in names:
            issues.append(
                make_issue(509, label=name, other=other, path=path, line=at("may_contain"))
            )
    for source in _listed(raw, "gazetteer_from", name, path, at, issues):
        if source not in BUILTIN_GAZETTEERS:
            issues.append(
                type_issue(
                    f"{name}.gazetteer_from",
                    f"unknown source {source!r}; built in: {', '.join(BUILTIN_GAZETTEERS)}",
                    path,
                    at("gazetteer_from"),
                )
            )
    return issues


def _listed(
    raw: dict, key: str, name: str, path: str, at, issues: list[Issue], strings_only: bool = True
) -> list:
    """The items of a list-valued label key; a value that is not a list of strings is an issue."""
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        detail = f'must be a list, like {key} = ["..."], not {type(value).__name__} {value!r}'
        issues.append(type_issue(f"{name}.{key}", detail, path, at(key)))
        return []
    if strings_only and not all(isinstance(item, str) for item in value):
        detail = f"must list strings, not {value!r}"
        issues.append(type_issue(f"{name}.{key}", detail, path, at(key)))
        return [item for item in value if isinstance(item, str)]
    return value


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
                type_issue(
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
    language = data.get("language", DEFAULT_LANGUAGE)
    if not isinstance(language, str) or not spacy_language_exists(language):
        issues.append(
            type_issue(
                "language",
                f"spaCy has no language {language!r}; use a code such as en, de, fr or xx",
                path,
                lines.get((None, None, "language")),
            )
        )
    labels = data.get("labels")
    if not isinstance(labels, list) or not labels:
        issues.append(type_issue("labels", "define at least one [[labels]] table", path, None))
        return issues
    names = {
        raw["name"] for raw in labels if isinstance(raw, dict) and isinstance(raw.get("name"), str)
    }
    first_name: dict[str, int] = {}
    first_key: dict[str, str] = {}
    for idx, raw in enumerate(labels):
        if not isinstance(raw, dict):
            issues.append(type_issue(f"labels[{idx}]", "must be a table", path, None))
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


def pattern_warnings(text: str, path: str = "") -> list[Issue]:
    """Warnings about `must_match` patterns whose matching can take exponential time."""
    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError:
        return []  # loading the schema reports the syntax error
    labels = data.get("labels")
    lines = key_lines(text)
    warnings: list[Issue] = []
    for idx, raw in enumerate(labels if isinstance(labels, list) else []):
        pattern = raw.get("must_match") if isinstance(raw, dict) else None
        fragment = nested_quantifier(pattern) if isinstance(pattern, str) else None
        if fragment is not None:
            shown = fragment if len(fragment) <= 60 else fragment[:57] + "..."
            warnings.append(
                make_issue(
                    512,
                    "warning",
                    label=raw.get("name", f"labels[{idx}]"),
                    fragment=shown,
                    limit=round(MATCH_SECONDS * 1000),
                    path=path,
                    line=lines.get(("labels", idx, "must_match")),
                )
            )
    return warnings
