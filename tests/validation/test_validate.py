"""The validator reports instead of raising, on any bytes; the fast path agrees with the models."""

from __future__ import annotations

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_budget import examples
from record_helpers import build_record

from annotator.errors import Errors, Issue, make_issue
from annotator.records.models import make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import default_schema_path, load_schema
from annotator.validation.rules import rules_of
from annotator.validation.validate import (
    Report,
    line_issues,
    validate_jsonl,
    validate_line,
    validate_paths,
)

SETTINGS = settings(
    max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
BASE = build_record()


@SETTINGS
@given(st.binary(max_size=300))
def test_validate_line_never_raises_on_bytes(schema, raw):
    """Arbitrary bytes give a list of issues (or none), never an exception."""
    for issues in (validate_line(raw, schema)[1], line_issues(raw, schema)):
        assert all(isinstance(i, Issue) for i in issues)


@SETTINGS
@given(st.lists(st.binary(max_size=60), max_size=6))
def test_validate_file_never_raises_on_bytes(schema, tmp_path_factory, lines):
    """A file of arbitrary lines is read to the end; every issue carries the file path."""
    path = tmp_path_factory.mktemp("v") / "x.jsonl"
    path.write_bytes(b"\n".join(lines))
    items = list(validate_jsonl(path, schema))
    assert isinstance(items[-1], int)
    assert all(i.path == str(path) for i in items[:-1])


@SETTINGS
@given(st.data())
def test_validate_fast_path_matches_models(schema, data):
    """Replacing any field, token field or span field with any JSON value: both paths agree."""
    record = orjson.loads(orjson.dumps(BASE))
    where = data.draw(st.sampled_from(["top", "token", "span"]))
    if where == "top":
        target = record
    elif where == "token":
        target = record["tokens"][data.draw(st.integers(0, len(record["tokens"]) - 1))]
    else:
        target = record["spans"][data.draw(st.integers(0, len(record["spans"]) - 1))]
    key = data.draw(st.sampled_from([*target.keys(), "extra"]))
    if data.draw(st.booleans()):
        target.pop(key, None)
    else:
        target[key] = data.draw(JSON)
    raw = orjson.dumps(record)
    assert line_issues(raw, schema) == validate_line(raw, schema)[1]


def test_validate_one_bad_line_does_not_hide_others(schema, tmp_path):
    """Every line is checked and reported with its own line number."""
    good = orjson.dumps(BASE)
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"\n".join([good, b"{oops", good, b"[1]", good]) + b"\n")
    report = Report()
    issues = list(validate_paths([path], schema, report))
    assert [(i.code, i.line) for i in issues] == [("E100", 2), ("E101", 4)]
    assert (report.records, report.errors, report.warnings) == (5, 2, 0)


def test_validate_paths_reports_missing_and_empty(schema, tmp_path):
    """A missing path and a folder without JSONL are located errors."""
    (tmp_path / "notes.txt").write_text("x")
    issues = list(validate_paths([tmp_path / "nope.jsonl", tmp_path], schema, Report()))
    assert [i.code for i in issues] == ["E107", "E108"]
    assert issues[0].path.endswith("nope.jsonl")


def test_validate_invalid_utf8_inside_a_string(schema):
    """Invalid UTF-8 inside a JSON string is an E102, on both paths."""
    raw = b'{"text": "\xff\xfe"}'
    assert [i.code for i in line_issues(raw, schema)] == ["E102"]
    assert [i.code for i in validate_line(raw, schema)[1]] == ["E102"]


def test_validate_huge_integer_and_lone_surrogate(schema):
    """Integers beyond 64 bits and escaped lone surrogates are reported, not raised."""
    huge = orjson.dumps(BASE).replace(b'"revision":1', b'"revision":' + b"9" * 40)
    found = line_issues(huge, schema)
    assert found == validate_line(huge, schema)[1]
    assert [(i.code, i.field) for i in found] == [("E103", "revision")]
    in_meta = orjson.dumps(BASE).replace(b'"meta":{', b'"meta":{"n":' + b"9" * 30 + b",", 1)
    found = line_issues(in_meta, schema)
    assert found == validate_line(in_meta, schema)[1]
    assert [(i.code, i.field) for i in found] == [("E103", "meta")]
    assert "64 bits" in found[0].message
    lone = orjson.dumps(BASE).replace(b"Nearly", b"\\udc00early", 1)
    assert [i.code for i in line_issues(lone, schema)] == ["E109"]


def test_validate_prodigy_line_is_one_not_canonical_issue():
    """A {text, spans} line gets one E103 naming every missing field and how to convert it."""
    from annotator.validation.validate import validate_line

    _, issues = validate_line(b'{"text": "Kenya", "spans": []}', None)
    assert [i.code for i in issues] == ["E103"]
    assert "not a canonical record: 9 required fields missing" in issues[0].message
    assert "annotator import" in issues[0].hint


def test_validate_one_missing_field_stays_its_own_issue():
    """A canonical line missing a single field still names that field."""
    import orjson
    from record_helpers import build_record

    from annotator.validation.validate import validate_line

    record = build_record()
    del record["tokenizer"]
    _, issues = validate_line(orjson.dumps(record), None)
    assert [(i.code, i.field) for i in issues] == [("E103", "tokenizer")]


WORDS_TEXT = " ".join(f"w{i}" for i in range(30))
LABELS = ["QUOTE", "ACTOR", "COUNTRY", "FIGURE", "TACTIC", "PERSON"]  # PERSON: not in the schema


def _spans_from(ranges):
    """Spans over WORDS_TEXT from (first token, token count, label) triples."""
    doc = make_document(WORDS_TEXT, tokenize(WORDS_TEXT), tokenizer_id(), {})
    tokens = doc.tokens
    spans = []
    for first, count, label in ranges:
        last = min(len(tokens) - 1, first + count)
        spans.append(make_span(doc, tokens[first].start, tokens[last].end, label))
    return tuple(spans)


@settings(max_examples=examples(150), deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 29), st.integers(0, 6), st.sampled_from(LABELS)), max_size=12)
)
def test_validate_overlap_issues_name_each_overlapping_span_once_in_reading_order(ranges):
    """One issue per span that overlaps earlier ones no policy allows: the first, and how many more."""
    schema = load_schema(default_schema_path())
    spans = _spans_from(ranges)
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start, -spans[i].end, i))
    expected = []
    for pos, j in enumerate(order):
        b = spans[j]
        clashes = [
            spans[i]
            for i in order[:pos]
            if spans[i].end > b.start and not _allowed(spans[i], b, schema)
        ]
        if clashes:
            a, more = clashes[0], len(clashes) - 1
            expected.append(
                make_issue(
                    Errors.E304,
                    start=b.start,
                    end=b.end,
                    other=a.label,
                    ostart=a.start,
                    oend=a.end,
                    more=f" and {more} more span(s)" if more else "",
                    span_index=j,
                    label=b.label,
                    span_text=b.text,
                )
            )
    assert rules_of(schema).overlap_issues(spans) == expected


def _allowed(a, b, schema) -> bool:
    """Whether overlapping spans a and b may overlap: unknown labels, or nesting a policy allows."""
    labels = schema.by_name
    if a.label not in labels or b.label not in labels:
        return True
    if a.start <= b.start and b.end <= a.end and labels[a.label].allows_inside(b.label):
        return True
    return b.start <= a.start and a.end <= b.end and labels[b.label].allows_inside(a.label)
