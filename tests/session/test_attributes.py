"""EditSession attributes and document labels: typed sets, suggestions in one op, rule problems."""

from __future__ import annotations

import json

import pytest

from annotator.records.models import make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import default_schema_path, parse_schema
from annotator.session.edit import EditSession

TEXT = "Nearly 200 fighters from Russia and between 35,000 and 37,000 from Kenya were counted."


def find(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


@pytest.fixture(scope="module")
def strict_schema():
    """The shipped schema with `iso3` and the `relevance` document label required."""
    text = default_schema_path().read_text(encoding="utf-8")
    text = text.replace('name = "iso3"\n', 'name = "iso3"\nrequired = true\n')
    text = text.replace('name = "relevance"\n', 'name = "relevance"\nrequired = true\n')
    return parse_schema(text, "strict.toml")


@pytest.fixture(scope="module")
def doc():
    return make_document(TEXT, tokenize(TEXT), tokenizer_id())


def session_with(doc, schema, *pairs) -> EditSession:
    spans = [make_span(doc, *find(text), label) for label, text in pairs]
    return EditSession(doc, schema, spans)


def do(session: EditSession, plan) -> dict:
    assert plan.op is not None, plan.message
    json.dumps(plan.op)
    session.perform(plan.op)
    return plan.op


def test_figure_suggestions_accepted_with_one_undoable_op(doc, schema):
    s = session_with(doc, schema, ("FIGURE", "between 35,000 and 37,000"))
    key = (*find("between 35,000 and 37,000"), "FIGURE")
    s.focus = key
    expected = {"low": 35000.0, "high": 37000.0, "approx": True}
    assert s.attribute_suggestions() == expected
    do(s, s.plan_accept_attributes())
    assert s.spans[key].attrs == expected
    assert s.attribute_suggestions() == {}
    assert len(s.undo_stack) == 1
    do(s, s.plan_undo())
    assert s.spans[key].attrs == {}


def test_country_suggestion_is_only_the_declared_attribute(doc, schema):
    s = session_with(doc, schema, ("COUNTRY", "Russia"), ("FIGURE", "Nearly 200"))
    s.focus = (*find("Russia"), "COUNTRY")
    assert s.attribute_suggestions() == {"iso3": "RUS"}
    s.focus = (*find("Nearly 200"), "FIGURE")
    assert s.attribute_suggestions() == {"value": 200.0, "approx": True}


def test_suggestions_leave_out_names_the_label_does_not_declare(doc):
    text = default_schema_path().read_text(encoding="utf-8")
    block = text.index('[[labels.attributes]]\nname = "approx"')
    text = text[:block] + text[text.index("\n\n", block) + 2 :]
    schema = parse_schema(text, "no-approx.toml")
    s = session_with(doc, schema, ("FIGURE", "Nearly 200"))
    s.focus = (*find("Nearly 200"), "FIGURE")
    assert s.attribute_suggestions() == {"value": 200.0}


def test_set_attribute_typed_from_text_and_refused_when_mistyped(doc, schema):
    s = session_with(doc, schema, ("FIGURE", "Nearly 200"))
    key = (*find("Nearly 200"), "FIGURE")
    s.focus = key
    do(s, s.plan_set_attribute("value", "200"))
    do(s, s.plan_set_attribute("approx", True))
    assert s.spans[key].attrs == {"value": 200.0, "approx": True}
    bad = s.plan_set_attribute("value", "many")
    assert bad.op is None and "number" in bad.message
    unknown = s.plan_set_attribute("iso3", "RUS")
    assert unknown.op is None and "value, low, high, approx" in unknown.message
    do(s, s.plan_set_attribute("approx", None))
    assert s.spans[key].attrs == {"value": 200.0}


def test_attributes_survive_relabel_and_keep_the_span_id_for_relations(doc, schema):
    s = session_with(doc, schema, ("FIGURE", "Nearly 200"), ("COUNTRY", "Russia"))
    figure = (*find("Nearly 200"), "FIGURE")
    s.focus = figure
    do(s, s.plan_set_attribute("value", 200.0))
    s.focus = figure
    s.links.start_link("COUNTS")
    s.focus = (*find("Russia"), "COUNTRY")
    do(s, s.links.plan_link())
    s.focus = figure
    do(s, s.plan_set_attribute("approx", True))
    assert next(iter(s.relations))[0] == s.spans[figure].id
    do(s, s.plan_resize("start", 1))
    moved = (*find("200"), "FIGURE")
    assert s.spans[moved].attrs == {"value": 200.0, "approx": True}
    assert next(iter(s.relations))[0] == s.spans[moved].id


def test_required_attribute_missing_is_a_session_issue_until_set(doc, strict_schema):
    s = session_with(doc, strict_schema, ("COUNTRY", "Kenya"))
    key = (*find("Kenya"), "COUNTRY")
    assert s.missing_attributes(key) == ["iso3"]
    assert next((i.code, w) for i, w in s.issues() if "iso3" in i.message)[1] == key
    s.focus = key
    do(s, s.plan_accept_attributes())
    assert not [i for i, _ in s.issues() if "iso3" in i.message]


def test_doc_labels_single_choice_toggle_and_undo(doc, schema):
    s = session_with(doc, schema)
    do(s, s.plan_doc_label("stance", "neutral"))
    do(s, s.plan_doc_label("stance", "critical"))
    assert s.annotation_doc_labels() == {"stance": ("critical",)}
    do(s, s.plan_doc_label("stance", "critical"))
    assert s.annotation_doc_labels() == {}
    do(s, s.plan_undo())
    do(s, s.plan_undo())
    assert s.annotation_doc_labels() == {"stance": ("neutral",)}
    assert s.plan_doc_label("stance", "angry").op is None


def test_required_doc_label_is_an_issue_until_picked(doc, strict_schema):
    s = session_with(doc, strict_schema)
    problems = [i for i, where in s.issues() if where is None]
    assert problems and "relevance" in problems[0].message
    do(s, s.plan_doc_label("relevance", "on-topic"))
    assert [i for i, where in s.issues() if where is None] == []
