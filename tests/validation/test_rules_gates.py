"""Where a check runs the one-pass "clean?" answer first and the located checks only on a no
(`RuleSet.issues`, `annotator validate`), it reports exactly what the ungated checks report."""

from __future__ import annotations

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis_budget import examples

from annotator.records.line_writer import canonical_record
from annotator.validation.rules import in_reading_order, record_issues, rules_of
from annotator.validation.validate import line_issues

from .test_rules import SCHEMA, records


def ungated_issues(record) -> list:
    """Every check of a record run in full: record checks, span rules, overlaps, the rest."""
    rules = rules_of(SCHEMA)
    issues = record_issues(record)
    issues += rules.span_rule_issues(record.text, record.spans)
    issues += rules.overlap_issues(record.spans)
    issues += rules.issues(record.text, record, spans_clean=True)  # relations, labels, name
    return issues


@settings(max_examples=examples(600), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_span_gate_never_hides_a_span_rule_or_overlap_issue(pair):
    doc, ann = pair
    rules = rules_of(SCHEMA)
    if rules.spans_clean(doc.text, in_reading_order(ann.spans)):
        assert rules.span_rule_issues(doc.text, ann.spans) == []
        assert rules.overlap_issues(ann.spans) == []


@settings(max_examples=examples(600), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_validate_reports_what_the_ungated_checks_report(pair):
    record = canonical_record(*pair)
    raw = orjson.dumps(record.to_json_dict())
    assert line_issues(raw, SCHEMA) == ungated_issues(record)
