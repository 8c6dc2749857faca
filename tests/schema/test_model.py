"""Schema files: every problem reported with its line; every schema rule, good and bad."""

from __future__ import annotations

import pytest
from record_helpers import build_record, issues_of

from annotator.schema.model import AttributeSpec, SchemaError, load_schema, parse_schema
from annotator.session.actions import reserved_keys

VALID = """\
name = "demo"
version = "1.2.3"
language = "en"

[[labels]]
name = "ACTOR"
key = "a"
color = "#4e79a7"
must_match = '^[A-Z]'

[[labels]]
name = "QUOTE"
key = "q"
color = "#abc"
enclosed_by = ["“”", '""']
may_contain = ["*"]
"""


def _problems(text: str) -> list[tuple[str, int | None]]:
    """(code, line) of every problem in a schema text."""
    with pytest.raises(SchemaError) as caught:
        parse_schema(text, "demo.toml")
    return [(i.code, i.line) for i in caught.value.issues]


def test_schema_valid_file_loads():
    """A correct schema loads with its labels in order."""
    schema = parse_schema(VALID)
    assert schema.ref == "demo@1.2.3"
    assert schema.label_names == ("ACTOR", "QUOTE")


@pytest.mark.parametrize(
    ("case", "old", "new", "expected"),
    [
        ("unknown_top_key", 'language = "en"', 'language = "en"\ncolour = 1', ("E501", 4)),
        ("unknown_label_key", 'key = "a"', 'key = "a"\nshortcut = "x"', ("E501", 8)),
        ("duplicate_label", 'name = "QUOTE"', 'name = "ACTOR"', ("E502", 12)),
        ("duplicate_key", 'key = "q"', 'key = "a"', ("E503", 13)),
        ("reserved_key", 'key = "a"', 'key = "h"', ("E504", 7)),
        ("bad_regex", "must_match = '^[A-Z]'", "must_match = '^[A-Z'", ("E505", 9)),
        ("bad_colour", 'color = "#abc"', 'color = "blue"', ("E506", 14)),
        ("non_semver_version", 'version = "1.2.3"', 'version = "1.2"', ("E507", 2)),
        ("toml_syntax", 'key = "q"', 'key = "q', ("E500", 13)),
        ("key_not_a_letter", 'key = "a"', 'key = "ab"', ("E510", 7)),
        ("pair_not_two_chars", "'\"\"'", "'\"'", ("E511", 15)),
        ("may_contain_unknown", 'may_contain = ["*"]', 'may_contain = ["NOPE"]', ("E509", 16)),
        ("wrong_type", "must_match = '^[A-Z]'", "max_tokens = 'many'", ("E508", 9)),
        ("label_name_with_space", 'name = "ACTOR"', 'name = "Main actor"', ("E508", 6)),
        ("label_name_empty", 'name = "ACTOR"', 'name = ""', ("E508", 6)),
    ],
)
def test_schema_file_problem_reported_with_line(case, old, new, expected):
    """Each kind of schema-file problem gets its code and the line it is on."""
    assert old in VALID, case
    assert expected in _problems(VALID.replace(old, new, 1))


@pytest.mark.parametrize("name", ["Person", "Transfer-money", "Disease", "foundedBy", "B-PER"])
def test_schema_label_names_are_any_name_without_whitespace(name):
    """Labels as peer tools name them load as written, and may be named by relations."""
    text = VALID.replace('name = "ACTOR"', f'name = "{name}"') + (
        f'\n[[relations]]\nname = "{name}"\nkey = "R"\nhead = ["{name}"]\nchild = ["QUOTE"]\n'
    )
    schema = parse_schema(text)
    assert schema.label_names == (name, "QUOTE")
    assert schema.relations[0].name == name


def test_schema_every_problem_reported_at_once():
    """Several problems in one file are all reported, not just the first."""
    text = VALID.replace('version = "1.2.3"', 'version = "x"').replace("#abc", "red")
    codes = {code for code, _ in _problems(text)}
    assert {"E506", "E507"} <= codes


def test_schema_reserved_keys_come_from_the_keymap():
    """Every default key of the TUI's action registry is refused as a label key."""
    reserved = reserved_keys()
    assert "u" in reserved and "1" in reserved
    for key in ("u", "x", "n"):
        assert ("E504", 7) in _problems(VALID.replace('key = "a"', f'key = "{key}"'))


def test_schema_unreadable_file_is_a_located_error(tmp_path):
    """A missing schema file is a SchemaError naming the path, not a traceback."""
    with pytest.raises(SchemaError) as caught:
        load_schema(tmp_path / "missing.toml")
    assert caught.value.issues[0].code == "E107"


# Schema rules against the default schema: (case, text, spans, expected code or None, where)
TEXT = (
    "Nearly 200 recruits from Narnia and Kenya joined. "
    'Officials said "several were caught" and “at least 3,388 men were sent”. '
    "Several fighters came from one two three four five six seven eight nine places."
)
RULES = [
    ("known_label", [("COUNTRY", "Kenya")], None),
    ("unknown_label", [("PERSON", "Kenya")], ("E300", 0)),
    ("must_match_digit", [("FIGURE", "Nearly 200")], None),
    ("must_match_word", [("FIGURE", "one two three")], None),
    ("must_match_fails", [("FIGURE", "Several")], ("E301", 0)),
    ("must_match_warning_severity", [("ACTOR", "recruits")], ("W301", 0)),
    ("max_tokens_at_limit", [("FIGURE", "one two three four five six seven eight")], None),
    ("max_tokens_over", [("FIGURE", "one two three four five six seven eight nine")], ("E302", 0)),
    ("enclosed_straight", [("QUOTE", "several were caught")], None),
    ("enclosed_curly", [("QUOTE", "at least 3,388 men were sent")], None),
    ("not_enclosed", [("QUOTE", "recruits from Narnia")], ("E303", 0)),
    ("marks_included", [("QUOTE", '"several were caught"')], ("E303", 0)),
    (
        "inside_quote",
        [("QUOTE", "at least 3,388 men were sent"), ("FIGURE", "at least 3,388")],
        None,
    ),
    (
        "partial_overlap",
        [("TACTIC", "Nearly 200 recruits"), ("FIGURE", "200 recruits from")],
        ("E304", 1),
    ),
    (
        "nested_outside_quote",
        [("TACTIC", "recruits from Narnia and Kenya"), ("COUNTRY", "Kenya")],
        ("E304", 1),
    ),
    ("gazetteer_known", [("COUNTRY", "Kenya")], None),
    ("gazetteer_unknown", [("COUNTRY", "Narnia")], ("W306", 0)),
]


@pytest.mark.parametrize(("case", "spans", "expected"), RULES, ids=[r[0] for r in RULES])
def test_schema_rule_good_and_bad(schema, case, spans, expected):
    """Each schema rule passes its good case and reports its code at the right span."""
    record = build_record(TEXT, spans)
    issues = issues_of(record, schema)
    if expected is None:
        assert issues == [], [(i.code, i.message) for i in issues]
        return
    code, span_index = expected
    assert [(i.code, i.span_index) for i in issues] == [(code, span_index)]
    issue = issues[0]
    assert issue.label == spans[span_index][0]
    assert issue.span_text == spans[span_index][1]
    assert issue.hint


def test_schema_rule_values_closed_set():
    """A label with `values` accepts only those strings."""
    schema = parse_schema(
        VALID.replace("must_match = '^[A-Z]'", 'values = ["Kenya", "Moscow"]'),
    )
    good = build_record(TEXT, [("ACTOR", "Kenya")], schema.ref)
    bad = build_record(TEXT, [("ACTOR", "Narnia")], schema.ref)
    assert issues_of(good, schema) == []
    assert [(i.code, i.span_index) for i in issues_of(bad, schema)] == [("E305", 0)]


def test_schema_rule_record_made_with_other_schema(schema):
    """A record naming another schema version gets a W307 on its `schema` field."""
    record = build_record(TEXT, [("COUNTRY", "Kenya")], "foreign-fighters@0.9.0")
    issues = issues_of(record, schema)
    assert [(i.code, i.field) for i in issues] == [("W307", "schema")]


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        ("bool", "true", True),
        ("bool", "False", False),
        ("bool", "yes", "yes"),
        ("int", "-42", -42),
        ("int", "4.2", "4.2"),
        ("int", "9" * 20, "9" * 20),
        ("float", "200.0", 200.0),
        ("float", "1e-05", 1e-05),
        ("float", "1e999", "1e999"),
        ("float", "nan", "nan"),
        ("str", "200", "200"),
        ("enum", "true", "true"),
        ("float", 3, 3),
    ],
)
def test_schema_attribute_from_text_reads_text_as_the_declared_type(kind, text, value):
    """brat gives every attribute value as text; the schema's type decides what it is, and text
    that does not read as that type stays text for the attribute rule to report."""
    spec = AttributeSpec(name="a", type=kind, values=("true",) if kind == "enum" else ())
    found = spec.from_text(text)
    assert found == value and type(found) is type(value)
