"""Schema files a user gets wrong: every problem in one pass, wrong types reported, never a crash."""

from __future__ import annotations

import pytest

from annotator.schema.model import SchemaError, parse_schema

HEAD = 'name = "demo"\nversion = "1.0.0"\nlanguage = "en"\n'


def _problems(text: str) -> list[tuple[str, int | None, str]]:
    """(code, line, message) of every problem in a schema text."""
    with pytest.raises(SchemaError) as caught:
        parse_schema(text, "demo.toml")
    return [(i.code, i.line, i.message) for i in caught.value.issues]


def test_schema_file_errors_type_errors_reported_with_other_problems():
    """A bad colour and a non-integer max_tokens are both reported in the same run."""
    text = HEAD + '[[labels]]\nname = "ACTOR"\nkey = "a"\ncolor = "#zz"\nmax_tokens = "five"\n'
    found = {(code, line) for code, line, _ in _problems(text)}
    assert ("E506", 7) in found
    assert ("E508", 8) in found


def test_schema_file_errors_unknown_language_is_reported():
    """A language spaCy does not have is a located problem, not a crash at import time."""
    text = HEAD.replace('"en"', '"xx-nope"') + '[[labels]]\nname = "ACTOR"\nkey = "a"\n'
    problems = _problems(text)
    assert [(c, line) for c, line, _ in problems] == [("E508", 3)]
    assert "xx-nope" in problems[0][2]


def test_schema_file_errors_known_language_loads():
    """A language spaCy ships (German) loads."""
    text = HEAD.replace('"en"', '"de"') + '[[labels]]\nname = "ACTOR"\nkey = "a"\n'
    assert parse_schema(text).language == "de"


@pytest.mark.parametrize(
    ("line", "expected_line"),
    [
        ("enclosed_by = 3", 7),
        ('may_contain = "*"', 7),
        ('gazetteer_from = "pycountry"', 7),
        ('may_contain = [["QUOTE"]]', 7),
        ('name = ["ACTOR"]', 5),
    ],
)
def test_schema_file_errors_wrong_types_are_issues_not_crashes(line, expected_line):
    """Scalars where lists belong, or lists where strings belong, are located problems."""
    text = HEAD + f'[[labels]]\nname = "ACTOR"\nkey = "a"\n{line}\n'
    if line.startswith("name"):
        text = HEAD + f'[[labels]]\n{line}\nkey = "a"\n'
    problems = _problems(text)
    assert problems, "expected at least one problem"
    assert all(code.startswith("E5") for code, _, _ in problems)
    assert expected_line in {found for _, found, _ in problems}
