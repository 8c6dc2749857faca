"""Every single-record rule: a good and a bad case each, with the code and where it points."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_budget import examples
from record_helpers import build_record, issues_of

from annotator.records.models import CanonicalRecord, make_span
from annotator.records.tokenization import text_sha256
from annotator.validation.rules import token_list_issues


def _no_task_hash(r: dict) -> dict:
    """Drop the Prodigy task hash so span edits do not also raise W210."""
    r["_task_hash"] = None
    return r


def _span(r: dict, i: int, **changes: object) -> dict:
    """Change fields of span i."""
    r["spans"][i].update(changes)
    return _no_task_hash(r)


def _set(r: dict, **changes: object) -> dict:
    """Change top-level fields."""
    r.update(changes)
    return r


def _dup_span(r: dict) -> dict:
    """Repeat span 1 (same offsets and label) with a fresh id."""
    r["spans"].append(dict(r["spans"][1], id="other"))
    return _no_task_hash(r)


def _add_span(r: dict, span: dict) -> dict:
    """Append a span."""
    r["spans"].append(span)
    return _no_task_hash(r)


def _token(r: dict, i: int, **changes: object) -> dict:
    """Change fields of token i."""
    r["tokens"][i].update(changes)
    return r


BAD = [
    # (case, mutation, code, expected location)
    (
        "start_not_before_end",
        lambda r: _span(r, 1, end=r["spans"][1]["start"]),
        "E200",
        {"span_index": 1},
    ),
    ("end_outside_text", lambda r: _span(r, 0, end=10_000), "E201", {"span_index": 0}),
    (
        "text_differs",
        lambda r: _span(r, 1, text="Kenia"),
        "E202",
        {"span_index": 1, "label": "COUNTRY"},
    ),
    ("token_indices_wrong", lambda r: _span(r, 1, token_end=5), "E203", {"span_index": 1}),
    (
        "not_token_aligned",
        lambda r: _span(r, 1, end=r["spans"][1]["end"] - 1, text="Keny"),
        "E204",
        {"span_index": 1},
    ),
    ("duplicate_span", _dup_span, "E205", {"span_index": 6}),
    ("sha_mismatch", lambda r: _set(r, text_sha256="0" * 64), "E206", {"field": "text_sha256"}),
    ("doc_id_not_derived", lambda r: _set(r, doc_id="abc"), "E207", {"field": "doc_id"}),
    ("token_id_out_of_order", lambda r: _token(r, 3, id=7), "E208", {"field": "tokens[3]"}),
    ("token_text_differs", lambda r: _token(r, 2, text="X"), "E208", {"field": "tokens[2]"}),
    (
        "token_overlaps",
        lambda r: _token(r, 2, start=r["tokens"][1]["start"]),
        "E208",
        {"field": "tokens[2]"},
    ),
    (
        "updated_before_created",
        lambda r: _set(r, updated_at="2020-01-01T00:00:00Z"),
        "E209",
        {"field": "updated_at"},
    ),
    ("input_hash_wrong", lambda r: _set(r, _input_hash=1), "W210", {"field": "_input_hash"}),
    ("task_hash_wrong", lambda r: _set(r, _task_hash=1), "W210", {"field": "_task_hash"}),
    ("span_id_twice", lambda r: _span(r, 2, id=r["spans"][1]["id"]), "E211", {"span_index": 2}),
    ("answer_unknown", lambda r: _set(r, answer="maybe"), "E103", {"field": "answer"}),
    (
        "naive_timestamp",
        lambda r: _set(r, created_at="2026-01-02T03:04:05"),
        "E103",
        {"field": "created_at"},
    ),
    ("negative_offset", lambda r: _span(r, 0, start=-1), "E103", {"field": "spans.0.start"}),
    ("string_offset", lambda r: _token(r, 0, start="0"), "E103", {"field": "tokens.0.start"}),
    ("bool_is_not_int", lambda r: _set(r, revision=True), "E103", {"field": "revision"}),
    ("missing_field", lambda r: r.pop("text") and r, "E103", {"field": "text"}),
    ("empty_label", lambda r: _span(r, 0, label=""), "E103", {"field": "spans.0.label"}),
    ("unknown_field", lambda r: _set(r, colour="red"), "E104", {"field": "colour"}),
    ("unknown_token_field", lambda r: _token(r, 0, pos="NOUN"), "E104", {"field": "tokens.0.pos"}),
]

GOOD = [
    ("unchanged", lambda r: r),
    ("answer_reject", lambda r: _set(r, answer="reject")),
    ("answer_ignore", lambda r: _set(r, answer="ignore")),
    ("offset_timezone", lambda r: _set(r, created_at="2026-01-02T05:04:05+02:00")),
    ("updated_later", lambda r: _set(r, updated_at="2026-01-03T00:00:00Z")),
    ("no_prodigy_hashes", lambda r: _set(r, _input_hash=None, _task_hash=None)),
    ("no_span_ids", lambda r: [s.update(id="") for s in r["spans"]] and r),
    (
        "same_offsets_other_label",
        lambda r: _add_span(r, dict(r["spans"][1], label="ACTOR", id="x")),
    ),
    ("no_spans", lambda r: _set(r, spans=[], _task_hash=None)),
    (
        "attrs_and_meta",
        lambda r: _span(r, 0, attrs={"note": ["a", 1, None]}) and _set(r, meta={"x": {"y": 1.5}}),
    ),
]


@pytest.mark.parametrize(("case", "mutate", "code", "where"), BAD, ids=[b[0] for b in BAD])
def test_records_rule_reports_code_and_location(case, mutate, code, where):
    """A record breaking one rule gets that rule's code at the right span or field."""
    issues = issues_of(mutate(build_record()), None)
    found = [i for i in issues if i.code == code]
    assert found, f"{case}: expected {code}, got {[(i.code, i.message) for i in issues]}"
    for key, value in where.items():
        assert getattr(found[0], key) == value, (case, key, found[0])
    assert found[0].hint and found[0].message


@pytest.mark.parametrize(("case", "mutate"), GOOD, ids=[g[0] for g in GOOD])
def test_records_rule_good_case_is_clean(case, mutate):
    """Valid variations of a record raise nothing."""
    record = mutate(build_record())
    assert issues_of(record, None) == []


def test_records_model_raises_outside_the_validator():
    """Building a CanonicalRecord with a broken span raises, naming the code."""
    record = build_record()
    record["spans"][0]["text"] = "wrong"
    with pytest.raises(ValueError, match="E202"):
        CanonicalRecord.model_validate(record | {"tokens": tuple(record["tokens"])}, strict=False)


def test_records_make_span_rejects_unaligned_offsets():
    """make_span refuses offsets that cut a token."""
    record = CanonicalRecord.model_validate_json(__import__("orjson").dumps(build_record()))
    with pytest.raises(ValueError, match="token boundaries"):
        make_span(record.document, 1, 5, "FIGURE")


def test_records_canonical_round_trips_through_json():
    """A canonical record dumps and parses back to an equal record with the same hashes."""
    import orjson

    line = orjson.dumps(build_record())
    record = CanonicalRecord.model_validate_json(line)
    assert orjson.dumps(record.to_json_dict()) == line
    assert record.text_sha256 == text_sha256(record.text)
    assert isinstance(record.input_hash, int) and -(2**31) <= record.input_hash < 2**31


def _tokens_valid(text, texts, starts, ends, ids) -> bool:
    """Token rules spelled out one token at a time (the reference for the fast whole-list pass)."""
    previous_end = 0
    for i, (piece, start, end, index) in enumerate(zip(texts, starts, ends, ids, strict=True)):
        if index != i or not previous_end <= start < end <= len(text):
            return False
        if text[start:end] != piece:
            return False
        previous_end = end
    return True


@settings(max_examples=examples(300), deadline=None)
@given(
    st.text(alphabet="ab ’😀", min_size=4, max_size=12),
    st.lists(st.tuples(st.integers(-1, 12), st.integers(-1, 4), st.booleans()), max_size=6),
)
def test_records_token_list_issues_flags_exactly_the_invalid_token_lists(text, raw):
    """The fast pass accepts a token list only when every token passes the one-by-one rules."""
    starts = [s for s, _, _ in raw]
    ends = [s + length for s, length, _ in raw]
    raw = [(s, e, keep) for s, e, (_, _, keep) in zip(starts, ends, raw, strict=True)]
    texts = [text[s:e] if keep and 0 <= s <= e else "x" for s, e, keep in raw]
    ids = list(range(len(raw)))
    found = token_list_issues(text, texts, starts, ends, ids)
    assert (found == []) == _tokens_valid(text, texts, starts, ends, ids)
    assert all(issue.code == "E208" for issue in found)
