"""Checks of a parsed schema file that pydantic cannot locate: every problem with its line."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from annotator.errors import Errors, Issue, make_issue
from annotator.records.tokenization import DEFAULT_LANGUAGE
from annotator.schema.lines import key_lines, load_toml
from annotator.schema.regex_guard import (
    MATCH_SECONDS,
    PatternError,
    compile_pattern,
    nested_quantifier,
)
from annotator.session.actions import reserved_keys

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"
)
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
LABEL_NAME = re.compile(r"^\S+$")  # any non-empty name without whitespace: Person, Transfer-money
BUILTIN_GAZETTEERS = ("pycountry",)
CHECKED_FIELDS = frozenset(
    {"name", "version", "language", "labels", "key", "color", "must_match", "enclosed_by"}
    | {"may_contain", "gazetteer_from"}
)
# Fields of [[relations]], [[doc_labels]] and [[...attributes]] tables these checks locate.
SECTION_CHECKED_FIELDS = frozenset(
    {"name", "key", "color", "head", "child", "values", "type", "suggest", "aliases"}
)
ATTRIBUTE_TYPES = ("enum", "int", "float", "str", "bool")


def allowed_keys(table: str) -> tuple[str, ...]:
    """The keys a schema table may hold: the fields (by alias, where one is set) of its model."""
    from annotator.schema.model import (
        AttributeSpec,
        DocLabelSpec,
        LabelSchema,
        LabelSpec,
        RelationSpec,
    )

    models: dict[str, type[BaseModel]] = {
        "top": LabelSchema,
        "label": LabelSpec,
        "attribute": AttributeSpec,
        "relation": RelationSpec,
        "doc_label": DocLabelSpec,
    }
    fields = models[table].model_fields
    return tuple(info.alias or name for name, info in fields.items())


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
    return make_issue(Errors.E508, where=where, detail=detail, path=path, line=line)


def _check_label(
    raw: dict, idx: int, lines: dict, path: str, reserved: dict[str, str], names: set[str]
) -> list[Issue]:
    """Check one [[labels]] table for problems pydantic cannot locate."""
    issues: list[Issue] = []
    name = raw.get("name", f"labels[{idx}]")

    def at(key: str) -> int | None:
        return lines.get(("labels", idx, key)) or lines.get(("labels", idx, None))

    issues.extend(_unknown_keys(raw, "label", f"label {name}", path, at))
    if not isinstance(raw.get("name"), str) or not LABEL_NAME.match(raw["name"]):
        issues.append(
            type_issue(
                f"labels[{idx}].name",
                "a label needs a name without whitespace, like ACTOR or Person",
                path,
                at("name"),
            )
        )
    key = raw.get("key")
    if key is not None:
        if not (isinstance(key, str) and len(key) == 1 and "a" <= key <= "z"):
            issues.append(make_issue(Errors.E510, key=key, label=name, path=path, line=at("key")))
        elif key in reserved:
            shown = ", ".join(sorted(k for k in reserved if len(k) == 1))
            issues.append(
                make_issue(
                    Errors.E504,
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
        issues.append(
            make_issue(Errors.E506, value=colour, label=name, path=path, line=at("color"))
        )
    pattern = raw.get("must_match")
    if pattern is not None:
        try:
            compile_pattern(pattern) if isinstance(pattern, str) else re.compile(pattern)
        except (PatternError, re.error, TypeError) as exc:
            issues.append(
                make_issue(
                    Errors.E505,
                    label=name,
                    key="must_match",
                    detail=str(exc),
                    path=path,
                    line=at("must_match"),
                )
            )
    for pair in _listed(raw, "enclosed_by", name, path, at, issues, strings_only=False):
        if not isinstance(pair, str) or len(pair) != 2:
            issues.append(
                make_issue(Errors.E511, pair=pair, label=name, path=path, line=at("enclosed_by"))
            )
    for other in _listed(raw, "may_contain", name, path, at, issues):
        if other != "*" and other not in names:
            issues.append(
                make_issue(Errors.E509, label=name, other=other, path=path, line=at("may_contain"))
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
    issues.extend(_check_attributes(raw, f"labels[{idx}]", str(name), lines, path))
    return issues


def _unknown_keys(raw: dict, table: str, where: str, path: str, at) -> list[Issue]:
    """A 501 issue for each key a table may not hold."""
    allowed = allowed_keys(table)
    return [
        make_issue(
            Errors.E501, key=key, where=where, allowed=", ".join(allowed), path=path, line=at(key)
        )
        for key in raw
        if key not in allowed
    ]


def _check_key(
    key: object, owner: str, taken: dict[str, str], reserved: dict[str, str], path: str, line
) -> list[Issue]:
    """A key must be one character, not reserved by the TUI, and not used by another entry."""
    if key is None:
        return []
    if not (isinstance(key, str) and len(key) == 1 and key.isalpha()):
        return [make_issue(Errors.E513, key=key, owner=owner, path=path, line=line)]
    if key in reserved:
        shown = ", ".join(sorted(k for k in reserved if len(k) == 1))
        return [
            make_issue(
                Errors.E504,
                key=key,
                label=owner,
                action=reserved[key],
                reserved=shown,
                path=path,
                line=line,
            )
        ]
    if key in taken:
        return [
            make_issue(Errors.E503, key=key, label=owner, other=taken[key], path=path, line=line)
        ]
    taken[key] = owner
    return []


def _check_attributes(raw: dict, table: str, owner: str, lines: dict, path: str) -> list[Issue]:
    """Check the [[...attributes]] tables of one label or relation."""
    attributes = raw.get("attributes")
    if attributes is None:
        return []
    head = lines.get((table.split("[")[0], int(table.split("[")[1].rstrip("]")), "attributes"))
    if not isinstance(attributes, list) or not all(isinstance(a, dict) for a in attributes):
        detail = "write each attribute as an [[...attributes]] table"
        return [type_issue(f"{owner}.attributes", detail, path, head)]
    issues: list[Issue] = []
    seen: set[str] = set()
    for number, attribute in enumerate(attributes):
        here = f"{table}.attributes"

        def at(key: str, here: str = here, number: int = number) -> int | None:
            return lines.get((here, number, key)) or lines.get((here, number, None)) or head

        name = attribute.get("name")
        where = f"attribute {owner}.{name}"
        issues.extend(_unknown_keys(attribute, "attribute", where, path, at))
        if not isinstance(name, str) or not name or any(c.isspace() for c in name):
            issues.append(
                type_issue(
                    f"{owner}.attributes[{number}].name",
                    "an attribute needs a name without spaces",
                    path,
                    at("name"),
                )
            )
        elif name in seen:
            issues.append(
                make_issue(Errors.E514, owner=owner, name=name, path=path, line=at("name"))
            )
        else:
            seen.add(name)
        kind = attribute.get("type")
        if kind not in ATTRIBUTE_TYPES:
            detail = f"type must be one of {', '.join(ATTRIBUTE_TYPES)}, not {kind!r}"
            issues.append(type_issue(where, detail, path, at("type")))
        values = attribute.get("values")
        if kind == "enum" and (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str) for v in values)
        ):
            detail = 'an enum attribute lists its values, like values = ["low", "high"]'
            issues.append(
                type_issue(where, detail, path, at("values") if values is not None else at("type"))
            )
        elif kind != "enum" and values is not None:
            detail = 'only an enum attribute has values; set type = "enum" or remove values'
            issues.append(type_issue(where, detail, path, at("values")))
        suggest = attribute.get("suggest")
        if suggest is not None:
            from annotator.suggest.attributes import ATTRIBUTE_SUGGESTERS

            suggester = ATTRIBUTE_SUGGESTERS.get(suggest)
            if suggester is None:
                known = ", ".join(ATTRIBUTE_SUGGESTERS)
                detail = f"unknown suggester {suggest!r}; built in: {known}"
                issues.append(type_issue(where, detail, path, at("suggest")))
            elif suggester.outputs.get(name) != kind:
                offers = ", ".join(f"{n} ({t})" for n, t in suggester.outputs.items())
                detail = f"suggester {suggest!r} gives {offers}, not {name} ({kind})"
                issues.append(type_issue(where, detail, path, at("suggest")))
        aliases = attribute.get("aliases")
        if aliases is not None and not (
            isinstance(aliases, dict) and all(isinstance(v, str) for v in aliases.values())
        ):
            detail = 'aliases map names to values, like aliases = { "UK" = "GBR" }'
            issues.append(type_issue(where, detail, path, at("aliases")))
    return issues


def _tables(
    data: dict, section: str, what: str, lines: dict, path: str, issues: list[Issue]
) -> Iterator[tuple[int, dict, Callable[[str], int | None]]]:
    """Each [[section]] table with its index and a line finder for its keys; a section that is
    not a list of tables adds its issue instead."""
    tables = data.get(section)
    if tables is None:
        return
    if not isinstance(tables, list):
        detail = f"write each {what} as a [[{section}]] table"
        issues.append(type_issue(section, detail, path, lines.get((None, None, section))))
        return
    for idx, raw in enumerate(tables):
        if not isinstance(raw, dict):
            issues.append(type_issue(f"{section}[{idx}]", "must be a table", path, None))
            continue

        def at(key: str, idx: int = idx) -> int | None:
            return lines.get((section, idx, key)) or lines.get((section, idx, None))

        yield idx, raw, at


def _check_relations(
    data: dict,
    names: set[str],
    keys: dict[str, str],
    lines: dict,
    path: str,
    reserved: dict[str, str],
) -> list[Issue]:
    """Check every [[relations]] table: arguments name labels, keys free, names unique."""
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for idx, raw, at in _tables(data, "relations", "relation", lines, path, issues):
        name = raw.get("name")
        where = f"relation {name if isinstance(name, str) else idx}"
        issues.extend(_unknown_keys(raw, "relation", where, path, at))
        if not isinstance(name, str) or not LABEL_NAME.match(name):
            issues.append(
                type_issue(
                    f"relations[{idx}].name",
                    "a relation needs a name without whitespace, like SPEAKER or foundedBy",
                    path,
                    at("name"),
                )
            )
        elif name in seen:
            issues.append(
                make_issue(Errors.E502, label=name, first=seen[name], path=path, line=at("name"))
            )
        else:
            seen[name] = at("name") or 0
        issues.extend(_check_key(raw.get("key"), str(name), keys, reserved, path, at("key")))
        colour = raw.get("color")
        if colour is not None and not (isinstance(colour, str) and COLOUR.match(colour)):
            issues.append(
                make_issue(Errors.E506, value=colour, label=name, path=path, line=at("color"))
            )
        for role in ("head", "child"):
            allowed = raw.get(role)
            if (
                not isinstance(allowed, list)
                or not allowed
                or not all(isinstance(a, str) for a in allowed)
            ):
                detail = f'{role} lists the labels it takes, like {role} = ["ACTOR"] (or ["*"])'
                issues.append(type_issue(f"{where}.{role}", detail, path, at(role)))
                continue
            for other in allowed:
                if other != "*" and other not in names:
                    issues.append(
                        make_issue(
                            Errors.E512,
                            relation=name,
                            role=role,
                            other=other,
                            path=path,
                            line=at(role),
                        )
                    )
        issues.extend(_check_attributes(raw, f"relations[{idx}]", str(name), lines, path))
    return issues


def _check_doc_labels(
    data: dict, keys: dict[str, str], lines: dict, path: str, reserved: dict[str, str]
) -> list[Issue]:
    """Check every [[doc_labels]] table: values listed once, names unique, keys free."""
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for idx, raw, at in _tables(data, "doc_labels", "document label", lines, path, issues):
        name = raw.get("name")
        where = f"document label {name if isinstance(name, str) else idx}"
        issues.extend(_unknown_keys(raw, "doc_label", where, path, at))
        if not isinstance(name, str) or not name or any(c.isspace() for c in name):
            issues.append(
                type_issue(
                    f"doc_labels[{idx}].name",
                    "a document label needs a name without spaces",
                    path,
                    at("name"),
                )
            )
        elif name in seen:
            issues.append(
                make_issue(Errors.E502, label=name, first=seen[name], path=path, line=at("name"))
            )
        else:
            seen[name] = at("name") or 0
        values = raw.get("values")
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str) and v for v in values)
        ):
            detail = 'list the choices, like values = ["on-topic", "off-topic"]'
            issues.append(type_issue(where, detail, path, at("values")))
        elif len(set(values)) != len(values):
            issues.append(type_issue(where, "each value may be listed once", path, at("values")))
        issues.extend(_check_key(raw.get("key"), str(name), keys, reserved, path, at("key")))
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
    issues.extend(
        _unknown_keys(data, "top", "the top level", path, lambda key: lines.get((None, None, key)))
    )
    for required in ("name", "version"):
        if not isinstance(data.get(required), str) or not data.get(required):
            issues.append(
                type_issue(
                    required,
                    f"'{required}' is required and must be a string",
                    path,
                    lines.get((None, None, required)),
                )
            )
    version = data.get("version")
    if isinstance(version, str) and version and not SEMVER.match(version):
        issues.append(
            make_issue(
                Errors.E507, value=version, path=path, line=lines.get((None, None, "version"))
            )
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
        issues.extend(_check_label(raw, idx, lines, path, reserved, names))
        name = raw.get("name")
        line = lines.get(("labels", idx, "name"))
        if isinstance(name, str):
            if name in first_name:
                issues.append(
                    make_issue(
                        Errors.E502, label=name, first=first_name[name], path=path, line=line
                    )
                )
            else:
                first_name[name] = line or 0
        key = raw.get("key")
        if isinstance(key, str) and key:
            if key in first_key:
                issues.append(
                    make_issue(
                        Errors.E503,
                        key=key,
                        label=name,
                        other=first_key[key],
                        path=path,
                        line=lines.get(("labels", idx, "key")),
                    )
                )
            else:
                first_key[key] = str(name)
    issues.extend(_check_relations(data, names, first_key, lines, path, reserved))
    issues.extend(_check_doc_labels(data, first_key, lines, path, reserved))
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
                    Errors.E515,
                    "warning",
                    label=raw.get("name", f"labels[{idx}]"),
                    fragment=shown,
                    limit=round(MATCH_SECONDS * 1000),
                    path=path,
                    line=lines.get(("labels", idx, "must_match")),
                )
            )
    return warnings
