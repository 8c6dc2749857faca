"""Relation, attribute and document-label rules: good and bad, with code and location, on both
validation paths (the msgspec mirror and the models) and in the one-pass export check."""

from __future__ import annotations

import copy

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from record_helpers import build_record, issues_of

from annotator.records.line_writer import canonical_json
from annotator.records.models import CanonicalRecord
from annotator.validation.rules import rules_of

ACTOR, COUNTRY, FIGURE, QUOTE, TACTIC = (
    "ACTOR:46-66",
    "COUNTRY:25-30",
    "FIGURE:0-10",
    "QUOTE:91-135",
    "TACTIC:101-125",
)


def _record(relations=(), doc_labels=None, attrs=None) -> dict:
    """The sample line with relations, document labels and span attributes (by span id)."""
    record = build_record()
    record["relations"] = [
        {"head": head, "child": child, "label": label, "attrs": {}}
        for head, child, label in relations
    ]
    record["doc_labels"] = doc_labels or {}
    for span in record["spans"]:
        span["attrs"] = (attrs or {}).get(span["id"], {})
    return record


def test_rules_sample_ids_are_the_spans_these_tests_name():
    ids = {s["id"] for s in build_record()["spans"]}
    assert {ACTOR, COUNTRY, FIGURE, QUOTE, TACTIC} <= ids


GOOD = {
    "speaker": _record([(QUOTE, ACTOR, "SPEAKER")]),
    "counts_country": _record([(FIGURE, COUNTRY, "COUNTS")]),
    "counts_actor": _record([(FIGURE, ACTOR, "COUNTS")]),
    "uses": _record([(ACTOR, TACTIC, "USES")]),
    "attributes": _record(
        attrs={COUNTRY: {"iso3": "KEN"}, FIGURE: {"value": 200, "approx": True, "low": 199.5}}
    ),
    "doc_labels": _record(doc_labels={"relevance": ["on-topic"], "stance": ["critical"]}),
}


@pytest.mark.parametrize("case", GOOD)
def test_rules_good_relations_attributes_doc_labels_pass(check, schema, case):
    record = GOOD[case]
    assert check(record) == []
    line = CanonicalRecord.model_validate_json(orjson.dumps(record))
    assert rules_of(schema).clean_fields(line.document.__dict__, line.annotation.__dict__)


BAD = [
    # (case, record, [(code, field or span index, label)])
    (
        "dangling_head",
        _record([("ACTOR:0-1", ACTOR, "SPEAKER")]),
        [("E213", "relations[0]", "SPEAKER")],
    ),
    (
        "self_link",
        _record([(ACTOR, ACTOR, "USES")]),
        [("E214", "relations[0]", "USES"), ("E321", "relations[0]", "USES")],
    ),
    (
        "repeated",
        _record([(QUOTE, ACTOR, "SPEAKER"), (QUOTE, ACTOR, "SPEAKER")]),
        [("E215", "relations[1]", "SPEAKER"), ("E322", "relations", "SPEAKER")],
    ),
    ("unknown_type", _record([(ACTOR, COUNTRY, "FUNDS")]), [("E320", "relations[0]", "FUNDS")]),
    (
        "wrong_head_label",
        _record([(ACTOR, COUNTRY, "SPEAKER")]),
        [("E321", "relations[0]", "SPEAKER"), ("E321", "relations[0]", "SPEAKER")],
    ),
    (
        "wrong_direction",
        _record([(COUNTRY, ACTOR, "RECRUITS_FROM")]),
        [("E321", "relations[0]", "RECRUITS_FROM")] * 2,
    ),
    (
        "max_per_head",
        _record([(QUOTE, ACTOR, "SPEAKER"), (QUOTE, "ACTOR:129-135", "SPEAKER")]),
        [("E322", "relations", "SPEAKER")],
    ),
    ("attr_type", _record(attrs={FIGURE: {"value": "200"}}), [("E311", 0, "FIGURE")]),
    ("attr_bool", _record(attrs={FIGURE: {"approx": 1}}), [("E311", 0, "FIGURE")]),
    ("attr_undeclared", _record(attrs={ACTOR: {"role": "spy"}}), [("W310", 2, "ACTOR")]),
    (
        "doc_label_unknown",
        _record(doc_labels={"topic": ["war"]}),
        [("E323", "doc_labels.topic", None)],
    ),
    (
        "doc_label_value",
        _record(doc_labels={"stance": ["angry"]}),
        [("E324", "doc_labels.stance", None)],
    ),
    (
        "doc_label_two_values",
        _record(doc_labels={"stance": ["critical", "neutral"]}),
        [("E325", "doc_labels.stance", None)],
    ),
]


@pytest.mark.parametrize(("case", "record", "expected"), BAD, ids=[b[0] for b in BAD])
def test_rules_bad_relations_attributes_doc_labels_are_located(
    check, schema, case, record, expected
):
    issues = check(record)
    assert [
        (i.code, i.span_index if i.span_index is not None else i.field, i.label) for i in issues
    ] == expected
    assert all(i.hint and i.message for i in issues)
    line = CanonicalRecord.model_validate_json(orjson.dumps(record), context={"issues": []})
    assert rules_of(schema).clean_fields(line.document.__dict__, line.annotation.__dict__) is None


def test_rules_required_attribute_and_doc_label(schema):
    from annotator.schema.model import parse_schema

    strict = parse_schema(
        """
name = "strict"
version = "1.0.0"
[[labels]]
name = "COUNTRY"
key = "c"
[[labels.attributes]]
name = "iso3"
type = "enum"
values = ["KEN", "RUS"]
required = true
[[doc_labels]]
name = "relevance"
values = ["on-topic", "off-topic"]
required = true
"""
    )
    record = build_record(spans=[("COUNTRY", "Kenya")], schema_ref=strict.ref)
    codes = [(i.code, i.field) for i in issues_of(record, strict)]
    assert ("E312", None) in codes and ("E326", "doc_labels.relevance") in codes
    record["spans"][0]["attrs"] = {"iso3": "KEN"}
    record["doc_labels"] = {"relevance": ["on-topic"]}
    assert issues_of(record, strict) == []
    record["spans"][0]["attrs"] = {"iso3": "GBR"}
    assert [i.code for i in issues_of(record, strict)] == ["E311"]
    rejected = copy.deepcopy(record) | {"answer": "reject", "doc_labels": {}}
    rejected["spans"][0]["attrs"] = {"iso3": "KEN"}
    assert issues_of(rejected, strict) == []  # a rejected document needs no labels


def test_rules_discontinuous_span_fragments_checked(check):
    record = build_record()
    quote = next(s for s in record["spans"] if s["label"] == "QUOTE")
    start, end = quote["start"], quote["end"]
    record["spans"][record["spans"].index(quote)]["fragments"] = [
        [start, start + 4],
        [end - 6, end],
    ]
    assert check(record) == []
    quote["fragments"] = [[start, start + 3], [end - 6, end]]  # "the" inside "they"
    assert [(i.code, i.label) for i in check(record)] == [("E212", "QUOTE")]
    quote["fragments"] = [[start, start + 4]]
    assert [i.code for i in check(record)] == ["E212"]


ids = st.sampled_from([ACTOR, COUNTRY, FIGURE, QUOTE, TACTIC, "ACTOR:129-135"])
RELATIONS = st.lists(
    st.tuples(ids, ids, st.sampled_from(["SPEAKER", "RECRUITS_FROM", "USES", "COUNTS"])),
    max_size=5,
)
VALUES = st.one_of(
    st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False), st.text(max_size=4)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    RELATIONS,
    st.dictionaries(
        st.sampled_from([COUNTRY, FIGURE]),
        st.dictionaries(st.sampled_from(["iso3", "value", "approx"]), VALUES, max_size=2),
        max_size=2,
    ),
    st.dictionaries(
        st.sampled_from(["relevance", "stance"]),
        st.lists(st.sampled_from(["on-topic", "critical", "neutral"]), max_size=2),
        max_size=2,
    ),
)
def test_rules_round_trip_and_agreement_with_relations_and_attributes(
    schema, relations, attrs, doc_labels
):
    """Any relations, attributes and doc labels: both paths agree, the one-pass check calls clean
    only what the full checks pass, and the canonical line round-trips byte for byte."""
    record = _record(relations, doc_labels, attrs)
    issues = issues_of(record, schema)
    line = CanonicalRecord.model_validate_json(orjson.dumps(record), context={"issues": []})
    clean = rules_of(schema).clean_fields(line.document.__dict__, line.annotation.__dict__)
    if clean is not None:
        assert issues == []
    again = CanonicalRecord.model_validate_json(canonical_json(line), context={"issues": []})
    assert again == line and canonical_json(again) == canonical_json(line)
