"""Records x schema -> issues with codes; streaming validation of JSONL files and schema files."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from annotator.errors import Errors, Issue, make_issue
from annotator.records.mirror import decode_record
from annotator.records.models import CanonicalRecord
from annotator.schema.checks import pattern_warnings
from annotator.schema.model import LabelSchema, SchemaError, load_schema
from annotator.validation.rules import (
    in_reading_order,
    record_issues,
    rules_of,
    schema_issues,
    token_columns,
)

_JSON_KINDS = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
    type(None): "null",
}
_SURROGATE_ESCAPE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


MERGE_MISSING_AT = 3


def _pydantic_issues(exc: ValidationError, raw: bytes) -> list[Issue]:
    """Translate a pydantic error into located E1xx issues."""
    issues: list[Issue] = []
    for err in exc.errors(include_url=False):
        kind = err["type"]
        loc = ".".join(str(p) for p in err["loc"])
        if kind == "json_invalid":
            if "recursion limit" in err["msg"]:
                issues.append(
                    make_issue(Errors.E112, detail=err["msg"].removeprefix("Invalid JSON: "))
                )
            elif _SURROGATE_ESCAPE.search(raw):
                issues.append(make_issue(Errors.E109, where="a \\uD8xx escape"))
            else:
                issues.append(
                    make_issue(Errors.E100, detail=err["msg"].removeprefix("Invalid JSON: "))
                )
            break
        if kind == "model_type" and not err["loc"]:
            issues.append(
                make_issue(
                    Errors.E101,
                    kind=_JSON_KINDS.get(type(err.get("input")), "a non-object value"),
                )
            )
            break
        if kind == "extra_forbidden":
            issues.append(make_issue(Errors.E104, field=loc))
        else:
            issues.append(make_issue(Errors.E103, field=loc, detail=err["msg"]))
    return _merge_missing_fields(exc, issues)


def _merge_missing_fields(exc: ValidationError, issues: list[Issue]) -> list[Issue]:
    """Report many missing top-level fields as one issue saying the line is not canonical."""
    missing = [
        str(err["loc"][0])
        for err in exc.errors(include_url=False)
        if err["type"] == "missing" and len(err["loc"]) == 1
    ]
    if len(missing) < MERGE_MISSING_AT:
        return issues
    merged = replace(
        make_issue(Errors.E103, field=missing[0], detail="missing"),
        field=None,
        message=f"not a canonical record: {len(missing)} required fields missing "
        f"({', '.join(missing)})",
        hint="canonical lines are what `annotator export --format jsonl` writes; bring Prodigy, "
        "doccano or {text} lines in with `annotator import FILE`, then export them",
    )
    rest = [i for i in issues if not (i.kind is Errors.E103 and i.field in missing)]
    return [merged, *rest]


def validate_line(
    raw: bytes, schema: LabelSchema | None
) -> tuple[CanonicalRecord | None, list[Issue]]:
    """Validate one JSONL line (bytes, no newline): the record if it parsed, and its issues."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [make_issue(Errors.E102, detail=f"byte {exc.start}: {exc.reason}")]
    collected: list[Issue] = []
    try:
        record = CanonicalRecord.model_validate_json(raw, context={"issues": collected})
    except ValidationError as exc:
        return None, _pydantic_issues(exc, raw)
    if schema is not None:
        collected.extend(schema_issues(record, schema))
    return record, collected


def line_issues(raw: bytes, schema: LabelSchema | None) -> list[Issue]:
    """The issues `validate_line` reports, found faster: a msgspec type pass, then the same rules.

    A line the fast pass rejects goes to `validate_line`, so messages are the same either way.
    """
    record = decode_record(raw)
    if record is None:
        return validate_line(raw, schema)[1]
    if schema is None:
        return record_issues(record)
    rules = rules_of(schema)
    tokens = token_columns(record.tokens)
    keys = rules.clean_span_keys(record.text, tokens[1], tokens[2], in_reading_order(record.spans))
    issues = record_issues(record, tokens, clean_keys=keys)
    issues.extend(rules.issues(record.text, record, spans_clean=keys is not None))
    return issues


def _locate(issues: Iterable[Issue], path: str, line: int | None) -> Iterator[Issue]:
    """Attach file and line to issues made without them."""
    for issue in issues:
        yield replace(issue, path=path, line=line)


def validate_jsonl(path: Path, schema: LabelSchema | None) -> Iterator[Issue | int]:
    """Stream a JSONL file line by line, yielding issues and finally the count of records read."""
    name = str(path)
    records = 0
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield from _locate(
            [make_issue(Errors.E107, path=name, detail=exc.strerror or str(exc))], name, None
        )
        yield 0
        return
    with handle:
        empty = True
        for number, raw in enumerate(handle, start=1):
            empty = False
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
                yield from _locate([make_issue(Errors.E106, "warning")], name, 1)
            body = raw.rstrip(b"\r\n")
            if not body or body.isspace():
                yield from _locate([make_issue(Errors.E110, "warning")], name, number)
                continue
            records += 1
            issues = line_issues(body, schema)
            if issues:
                yield from _locate(issues, name, number)
        if empty:
            yield from _locate([make_issue(Errors.E105, "warning")], name, None)
    yield records


def validate_schema_file(path: Path) -> list[Issue]:
    """Check a schema TOML file, returning its issues (and warnings of slow patterns)."""
    try:
        load_schema(path)
    except SchemaError as exc:
        return exc.issues
    return pattern_warnings(path.read_text(encoding="utf-8"), str(path))


CHECKED_SUFFIXES = (".jsonl", ".json", ".ndjson", ".toml")


def collect_paths(paths: Iterable[Path]) -> Iterator[Path | Issue]:
    """Expand files and folders into JSONL and schema files, with issues for missing paths."""
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p))
            if not found:
                yield make_issue(Errors.E108, path=str(path))
            yield from found
        elif not path.exists():
            yield make_issue(Errors.E107, path=str(path), detail="no such file or directory")
        elif path.suffix.lower() not in CHECKED_SUFFIXES:
            yield make_issue(Errors.E111, path=str(path), suffix=path.suffix or "none")
        else:
            yield path


def _wanted(path: Path) -> bool:
    """Whether a file found in a folder is checked: JSONL, or TOML that defines labels."""
    if path.suffix == ".jsonl":
        return True
    if path.suffix == ".toml":
        try:
            return "[[labels]]" in path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    return False


@dataclass
class Report:
    """Counts of what a validation run found."""

    files: int = 0
    records: int = 0
    errors: int = 0
    warnings: int = 0
    by_code: dict[str, int] = field(default_factory=dict)

    def add(self, issue: Issue) -> None:
        """Count one issue."""
        if issue.severity == "error":
            self.errors += 1
        else:
            self.warnings += 1
        self.by_code[issue.code] = self.by_code.get(issue.code, 0) + 1


def validate_paths(
    paths: Iterable[Path], schema: LabelSchema | None, report: Report
) -> Iterator[Issue]:
    """Validate files and folders, yielding every issue in file order and filling `report`."""
    for item in collect_paths(paths):
        if isinstance(item, Issue):
            report.add(item)
            yield item
            continue
        report.files += 1
        if item.suffix == ".toml":
            for issue in validate_schema_file(item):
                report.add(issue)
                yield issue
            continue
        for found in validate_jsonl(item, schema):
            if isinstance(found, int):
                report.records += found
            else:
                report.add(found)
                yield found
