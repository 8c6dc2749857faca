"""Schema files declare relations, attributes and document labels; each problem is located."""

from __future__ import annotations

import pytest

from annotator.schema.model import SchemaError, default_schema_path, load_schema, parse_schema

VALID = """\
name = "demo"
version = "1.0.0"

[[labels]]
name = "ACTOR"
key = "a"

[[labels]]
name = "COUNTRY"
key = "c"

[[labels.attributes]]
name = "iso3"
type = "str"
suggest = "iso3"
aliases = { "UK" = "GBR" }

[[labels.attributes]]
name = "kind"
type = "enum"
values = ["state", "territory"]
required = true

[[relations]]
name = "RECRUITS_FROM"
key = "R"
head = ["ACTOR"]
child = ["COUNTRY"]
max_per_head = 2

[[doc_labels]]
name = "relevance"
values = ["on-topic", "off-topic"]
required = true
"""


def _problems(text: str) -> list[tuple[str, int | None]]:
    """(code, line) of every problem in a schema text."""
    with pytest.raises(SchemaError) as caught:
        parse_schema(text, "demo.toml")
    return [(i.code, i.line) for i in caught.value.issues]


def test_schema_relations_attributes_and_doc_labels_load():
    schema = parse_schema(VALID)
    (relation,) = schema.relations
    assert (relation.name, relation.key, relation.head, relation.child) == (
        "RECRUITS_FROM",
        "R",
        ("ACTOR",),
        ("COUNTRY",),
    )
    assert relation.directed and relation.max_per_head == 2
    iso3, kind = schema.by_name["COUNTRY"].attributes
    assert (iso3.type, iso3.suggest, dict(iso3.aliases)) == ("str", "iso3", {"UK": "GBR"})
    assert (kind.type, kind.values, kind.required) == ("enum", ("state", "territory"), True)
    assert schema.doc_labels[0].values == ("on-topic", "off-topic")


def test_schema_shipped_file_declares_the_relations_the_corpus_needs():
    schema = load_schema(default_schema_path())
    assert {r.name: (r.head, r.child) for r in schema.relations} == {
        "SPEAKER": (("QUOTE",), ("ACTOR",)),
        "RECRUITS_FROM": (("ACTOR",), ("COUNTRY",)),
        "USES": (("ACTOR",), ("TACTIC",)),
        "COUNTS": (("FIGURE",), ("ACTOR", "COUNTRY")),
    }
    assert [a.name for a in schema.by_name["COUNTRY"].attributes] == ["iso3"]
    assert [(a.name, a.type) for a in schema.by_name["FIGURE"].attributes] == [
        ("value", "float"),
        ("low", "float"),
        ("high", "float"),
        ("approx", "bool"),
    ]
    assert [d.name for d in schema.doc_labels] == ["relevance", "stance"]


@pytest.mark.parametrize(
    ("case", "old", "new", "expected"),
    [
        ("relation_unknown_key", "max_per_head = 2", "max_per_head = 2\narrows = 1", ("E501", 30)),
        ("relation_unknown_label", 'child = ["COUNTRY"]', 'child = ["PLACE"]', ("E512", 28)),
        ("relation_empty_head", 'head = ["ACTOR"]', "head = []", ("E508", 27)),
        ("relation_key_reserved", 'key = "R"', 'key = "u"', ("E504", 26)),
        ("relation_key_of_a_label", 'key = "R"', 'key = "c"', ("E503", 26)),
        ("relation_key_two_letters", 'key = "R"', 'key = "RR"', ("E513", 26)),
        (
            "relation_name_with_space",
            'name = "RECRUITS_FROM"',
            'name = "recruits from"',
            ("E508", 25),
        ),
        ("relation_bad_limit", "max_per_head = 2", "max_per_head = 0", ("E508", 29)),
        ("attribute_bad_type", 'type = "str"', 'type = "text"', ("E508", 14)),
        ("attribute_enum_without_values", 'values = ["state", "territory"]', "", ("E508", 20)),
        ("attribute_values_on_str", 'suggest = "iso3"', 'values = ["x"]', ("E508", 15)),
        ("attribute_unknown_suggester", 'suggest = "iso3"', 'suggest = "guess"', ("E508", 15)),
        ("attribute_suggester_mismatch", 'name = "iso3"', 'name = "code"', ("E508", 15)),
        ("attribute_twice", 'name = "kind"', 'name = "iso3"', ("E514", 19)),
        (
            "attribute_unknown_key",
            "required = true\n\n[[rel",
            "required = true\nhelp = 1\n\n[[rel",
            ("E501", 23),
        ),
        ("doc_label_no_values", 'values = ["on-topic", "off-topic"]', "values = []", ("E508", 33)),
        ("doc_label_repeated_value", '"off-topic"]', '"on-topic"]', ("E508", 33)),
        (
            "doc_label_unknown_key",
            'name = "relevance"',
            'name = "relevance"\nmany = true',
            ("E501", 33),
        ),
    ],
)
def test_schema_relation_attribute_doc_label_problem_located(case, old, new, expected):
    """Each problem of the new tables gets its code and the line of the key at fault."""
    assert old in VALID, case
    assert expected in _problems(VALID.replace(old, new, 1))
