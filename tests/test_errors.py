"""The issue code table: named codes, the printed id a severity gives, and no code as a string."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from annotator.errors import CODES, Code, Errors, make_issue

PACKAGE = Path(__file__).resolve().parents[2] / "annotator"


def test_errors_every_code_is_named_after_its_number_and_listed_once():
    """Each Errors member is E + three digits, and CODES holds exactly those, by number."""
    named = {name: value for name, value in vars(Errors).items() if isinstance(value, Code)}
    assert all(re.fullmatch(r"E\d{3}", name) for name in named), sorted(named)
    assert sorted(CODES) == sorted(code.number for code in named.values())
    assert all(CODES[code.number] is code for code in named.values())


@pytest.mark.parametrize("code", list(CODES.values()), ids=lambda code: code.name)
def test_errors_templates_name_their_fields_and_escape_braces(code):
    """Every template and hint parses as str.format, so make_issue never breaks on a code."""
    for text in (code.template, code.hint):
        list(string.Formatter().parse(text))


def test_errors_severity_picks_the_printed_letter_and_kind_stays_the_same():
    """A warning prints W302, an error E302, and both are Errors.E302 by kind."""
    warning = make_issue(Errors.E302, "warning", label="FIGURE", count=9, limit=8)
    error = make_issue(Errors.E302, label="FIGURE", count=9, limit=8)
    assert (warning.code, error.code) == ("W302", "E302")
    assert warning.kind is error.kind is Errors.E302
    assert warning.to_dict()["code"] == "W302"
    assert warning.message == "FIGURE span has 9 tokens, more than 8"


def test_errors_location_fields_fill_templates_and_the_issue():
    """A location keyword (label, path, field) both fills the template and locates the issue."""
    issue = make_issue(Errors.E107, path="corpus.jsonl", detail="no such file")
    assert issue.message == "cannot read corpus.jsonl: no such file"
    assert issue.where() == "corpus.jsonl"
    kind_field = make_issue(Errors.E101, kind="an array")
    assert kind_field.message == "a line must be a JSON object, found an array"


def test_errors_codes_are_never_written_as_strings_in_the_package():
    """Outside errors.py no module spells a code like "E107" or compares its printed form."""
    literal = re.compile(r"""["'][EW]\d{3}["']|\.code\.(endswith|startswith)\(""")
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "errors.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert not found, "compare Issue.kind with Errors members instead:\n" + "\n".join(found)
