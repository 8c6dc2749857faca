"""The rules' one-pass check never calls a record clean that the full checks fault, and it does
call the ordinary clean records clean (the sample corpus, nested QUOTEs included)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_budget import examples

from annotator.bundled import SAMPLE_CORPUS
from annotator.exporting.run import annotation_problems
from annotator.records.line_writer import canonical_record
from annotator.records.models import (
    Annotation,
    CanonicalRecord,
    Span,
    make_document,
    make_span,
    reading_order,
)
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import default_schema_path, load_schema, parse_schema
from annotator.validation.rules import rules_of, schema_issues

SCHEMA = parse_schema(
    """
name = "quick"
version = "1.0.0"
[[labels]]
name = "NUM"
key = "a"
must_match = '\\d'
max_tokens = 2
[[labels]]
name = "PLACE"
key = "c"
gazetteer = ["Kenya", "Nepal"]
[[labels]]
name = "WORD"
key = "i"
values = ["men", "said", "Kenya"]
severity = { values = "warning" }
[[labels]]
name = "Q"
key = "q"
enclosed_by = ["“”"]
may_contain = ["NUM", "PLACE"]
[[labels]]
name = "ANY"
key = "f"
may_contain = ["*"]
"""
)
# ANY has no rules, so records of it are often clean and each flaw below is what decides
LABELS = ["NUM", "PLACE", "WORD", "Q", "GHOST", *["ANY"] * 8]
WORDS = ["Kenya", "men", "😀", "said", "200", "7", ".", "“", "”", "Nepal", "é"]
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def sorted_keys(schema, doc, ann):
    """The one-pass check's sorted span keys of a pair, or None when it leaves it to the full checks."""
    checked = rules_of(schema).clean_fields(doc.__dict__, ann.__dict__)
    return None if checked is None else checked[0]


def full_issues(doc, ann):
    """What the export's full checks say of a record."""
    return annotation_problems(doc, ann) + schema_issues(canonical_record(doc, ann), SCHEMA)


@st.composite
def records(draw):
    """A document with spans that are often right and sometimes wrong in every way checked."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=20))
    text = " ".join(words)
    doc = make_document(text, tokenize(text), tokenizer_id())
    n = len(doc.tokens)
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        first = draw(st.integers(0, n - 1))
        last = min(n - 1, first + draw(st.integers(0, 3)))
        label = draw(st.sampled_from(LABELS))
        start, end = doc.tokens[first].start, doc.tokens[last].end
        fields = {
            "start": start,
            "end": end,
            "token_start": first,
            "token_end": last,
            "label": label,
            "text": text[start:end],
            "attrs": {},
            "id": f"{label}:{start}-{end}",
        }
        flaw = draw(st.sampled_from([None] * 8 + ["start", "end", "text", "first", "last", "id"]))
        if flaw in ("start", "end"):
            fields[flaw] = max(0, fields[flaw] + draw(st.sampled_from([-1, 1, 3])))
        elif flaw == "text":
            fields["text"] = fields["text"] + "x"
        elif flaw in ("first", "last"):
            key = "token_start" if flaw == "first" else "token_end"
            fields[key] = fields[key] + draw(st.sampled_from([1, n]))
        elif flaw == "id":
            fields["id"] = "same"
        spans.append(Span(**fields))
        twin = draw(st.sampled_from([None] * 8 + ["same id", "new id"]))
        if twin is not None:  # sometimes the same span twice, under the same id or another
            copy = fields | {"id": fields["id"] + ("" if twin == "same id" else "+")}
            spans.append(Span(**copy))
    if draw(st.booleans()):
        spans.sort(key=reading_order)
    created = WHEN + timedelta(seconds=draw(st.sampled_from([0, 0, 0, 5])))
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator="ana",
        answer="accept",
        spans=tuple(spans),
        schema=draw(st.sampled_from([SCHEMA.ref] * 5 + ["quick@0.9.0"])),
        created_at=created,
        updated_at=WHEN + timedelta(seconds=1),
    )
    return doc, ann


@settings(max_examples=examples(600), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_quick_check_calls_clean_only_what_the_full_checks_pass(pair):
    doc, ann = pair
    keys = sorted_keys(SCHEMA, doc, ann)
    if keys is not None:
        assert full_issues(doc, ann) == []
        assert keys == sorted(s.key for s in ann.spans)


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_quick_check_passes_clean_flat_records_in_reading_order(pair):
    doc, ann = pair
    spans = sorted(ann.spans, key=reading_order)
    flat = all(a.end <= b.start for a, b in pairwise(spans))
    ann = ann.model_copy(update={"spans": tuple(spans)})
    if flat and not full_issues(doc, ann):
        assert sorted_keys(SCHEMA, doc, ann) is not None


def _quote_record(inner: list[tuple[str, str]], outer_label: str = "Q"):
    """“Kenya sent 200 men” with a QUOTE around it and the given (text, label) spans inside."""
    text = "He said “Kenya sent 200 men” today."
    doc = make_document(text, tokenize(text), tokenizer_id())
    start = text.index("Kenya")
    spans = [make_span(doc, start, text.index("”"), outer_label)]
    spans += [make_span(doc, text.index(t), text.index(t) + len(t), label) for t, label in inner]
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator="ana",
        answer="accept",
        spans=tuple(sorted(spans, key=reading_order)),
        schema=SCHEMA.ref,
        created_at=WHEN,
        updated_at=WHEN,
    )
    return doc, ann


def test_quick_check_passes_spans_nested_one_deep_where_may_contain_allows():
    doc, ann = _quote_record([("Kenya", "PLACE"), ("200", "NUM")])
    assert full_issues(doc, ann) == []
    assert sorted_keys(SCHEMA, doc, ann) is not None


def test_quick_check_leaves_disallowed_and_deeper_nesting_to_the_full_checks():
    quick = rules_of(SCHEMA)
    disallowed = _quote_record([("men", "WORD")])  # Q may not contain WORD
    assert sorted_keys(quick.schema, *disallowed) is None
    assert [i.code for i in full_issues(*disallowed)] == ["E304"]
    deeper = _quote_record([("200 men", "ANY"), ("200", "NUM")], outer_label="ANY")
    assert sorted_keys(quick.schema, *deeper) is None  # NUM sits in ANY inside ANY: two deep
    repeated = _quote_record([("Kenya sent 200 men", "Q")])
    assert sorted_keys(quick.schema, *repeated) is None
    assert "E205" in [i.code for i in full_issues(*repeated)]


def test_quick_check_passes_every_record_of_the_sample_corpus():
    schema = load_schema(default_schema_path())
    sample = SAMPLE_CORPUS
    lines = sample.read_bytes().splitlines()
    assert lines
    nested = 0
    for line in lines:
        record = CanonicalRecord.model_validate_json(line)
        assert sorted_keys(schema, record.document, record.annotation) is not None, record.doc_id
        spans = record.spans
        nested += sum(
            a.start <= b.start and b.end <= a.end for a in spans for b in spans if a is not b
        )
    assert nested > 0  # the sample has spans inside QUOTEs, and they take the quick path too


def _record(text: str, marks: list[tuple[str, str]], **changes: dict):
    """A record of `text` with (substring, label) spans in the given order; `changes` maps a
    span's index (as "s0", "s1"...) to fields to overwrite."""
    doc = make_document(text, tokenize(text), tokenizer_id())
    spans = []
    for i, (needle, label) in enumerate(marks):
        start = text.index(needle)
        span = make_span(doc, start, start + len(needle), label)
        spans.append(span.model_copy(update=changes.get(f"s{i}", {})))
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator="ana",
        answer="accept",
        spans=tuple(spans),
        schema=SCHEMA.ref,
        created_at=WHEN,
        updated_at=WHEN,
    )
    return doc, ann


TEXT = "He had 200 men in Kenya."


@pytest.mark.parametrize(
    ("marks", "changes", "code"),
    [
        ([("had 200 men", "ANY")], {"s0": {"token_start": 2}}, "E203"),  # first token wrong
        ([("had 200 men", "ANY")], {"s0": {"token_end": 2}}, "E203"),  # last token wrong
        # an index counted from the end (only a copy that skips validation can hold one)
        ([("Kenya.", "ANY")], {"s0": {"token_start": -2}}, "E203"),
        ([("200", "NUM"), ("men", "ANY")], {"s1": {"id": "NUM:7-10"}}, "E211"),  # id reused
        ([("200 men in", "NUM")], {}, "E302"),  # longer than max_tokens
        ([("had 200", "ANY"), ("200 men", "NUM")], {}, "E304"),  # crossing, not nested
        # out of reading order, "men" sits inside NUM (which may not hold it), not the later ANY
        ([("200 men", "NUM"), ("in Kenya", "ANY"), ("men", "ANY")], {}, "E304"),
    ],
)
def test_quick_check_refuses_each_flaw_the_full_checks_report(marks, changes, code):
    doc, ann = _record(TEXT, marks, **changes)
    assert code in [i.code for i in full_issues(doc, ann)]
    assert sorted_keys(SCHEMA, doc, ann) is None


def test_quick_check_passes_the_same_record_without_the_flaws():
    doc, ann = _record(TEXT, [("200", "NUM"), ("had 200 men", "ANY")][::-1])
    assert full_issues(doc, ann) == []
    assert sorted_keys(SCHEMA, doc, ann) == [(3, 14, "ANY"), (7, 10, "NUM")]
