"""The predicates compiled from the rules' conditions follow each rule: change one rule's
condition and each rule's `ok`, its label's predicate and the one-pass span check all change
their verdict the same way."""

from __future__ import annotations

from functools import cache
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings

from annotator.records.models import reading_order
from annotator.validation.rules import (
    AllowedValues,
    EnclosedBy,
    Gazetteer,
    MaxTokens,
    MustMatch,
    RuleSet,
    SpanAttributes,
    SpanShape,
    in_reading_order,
    label_rules,
    span_values,
)

from .test_rules import SCHEMA, records

RULE_CLASSES = (MustMatch, MaxTokens, EnclosedBy, AllowedValues, Gazetteer, SpanAttributes)


def test_the_test_schema_uses_every_rule_class():
    used = {type(rule) for spec in SCHEMA.labels for rule in label_rules(spec)}
    assert used == set(RULE_CLASSES)


@cache
def compiled(negated: type | None) -> tuple[RuleSet, SpanShape]:
    """The schema's rules (and a span shape rule) compiled with one class's condition negated."""
    with pytest.MonkeyPatch.context() as patch:
        if negated is not None:
            patch.setattr(negated, "condition", f"not ({negated.condition})")
        rules = RuleSet(SCHEMA)
        shape = SpanShape()
        for label_rules_ in rules.by_label.values():
            for rule in label_rules_:
                rule.ok  # noqa: B018 (compile each rule's `ok` while the change holds)
        shape.ok  # noqa: B018
    return rules, shape


def span_verdicts(rules: RuleSet, shape: SpanShape, doc, spans) -> list[bool]:
    """Per span (field tuples): whether its shape and each rule of its label, asked one by one,
    pass it (False for an unknown label)."""
    starts, ends = doc.tokens.starts, doc.tokens.ends
    verdicts = []
    for f in spans:
        own = rules.by_label.get(f[4])
        fine = own is not None and all(rule.ok(doc.text, f) for rule in own)
        verdicts.append(fine and shape.ok(doc.text, starts, ends, f))
    return verdicts


@pytest.mark.parametrize("negated", [*RULE_CLASSES, SpanShape], ids=lambda cls: cls.__name__)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=records())
def test_changing_one_condition_changes_every_compiled_verdict_alike(negated, pair):
    doc, ann = pair
    original, original_shape = compiled(None)
    changed, changed_shape = compiled(negated)
    text, starts, ends = doc.text, doc.tokens.starts, doc.tokens.ends
    spans = in_reading_order(ann.spans)
    for f in spans:
        if negated is SpanShape:
            assert changed_shape.ok(text, starts, ends, f) != original_shape.ok(
                text, starts, ends, f
            )
        for before, after in zip(
            original.by_label.get(f[4], ()), changed.by_label.get(f[4], ()), strict=True
        ):
            # the rule's own `ok` follows its condition, and only the changed rule's flips
            assert (before.ok(text, f) != after.ok(text, f)) == (type(after) is negated)
        label_ok = changed.ok_by_label.get(f[4])
        if label_ok is not None:
            assert label_ok(text, f) == all(rule.ok(text, f) for rule in changed.by_label[f[4]])
    verdicts = span_verdicts(changed, changed_shape, doc, spans)
    keys = changed.clean_span_keys(text, starts, ends, spans)
    checked = changed.clean_span_models(text, starts, ends, sorted(ann.spans, key=reading_order))
    assert (keys is None) == (checked is None)
    if keys is not None:  # never clean where one of the rules, asked alone, refuses a span
        assert all(verdicts)
    flat = all(a[1] <= b[0] for a, b in pairwise(spans))
    ids = [f[7] for f in spans if f[7]]
    unique = len({(f[0], f[1], f[4]) for f in spans}) == len(spans) and len(set(ids)) == len(ids)
    if flat and unique and all(verdicts):  # and clean where every rule passes every span
        assert keys == [(f[0], f[1], f[4]) for f in spans]


@settings(max_examples=200, deadline=None)
@given(pair=records())
def test_reading_order_sorts_by_start_then_longer_first_keeping_ties_in_order(pair):
    _doc, ann = pair
    expected = sorted(map(span_values, ann.spans), key=lambda f: (f[0], -f[1]))
    assert in_reading_order(ann.spans) == expected
