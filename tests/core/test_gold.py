"""Gold records built from (label, text, paragraph, occurrence) marks."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from annotator.gold import gold_record, locate
from annotator.records import CanonicalRecord
from annotator.text import TokenIndex, tokenize

TEXT = "Kenya and Kenyans met.\nKenya said Kenya would wait."
WHEN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_gold_locate_counts_only_token_aligned_occurrences_in_the_paragraph():
    index = TokenIndex.of(tokenize(TEXT, "en"))
    second_line = TEXT.index("\n") + 1
    assert locate(TEXT, index, "Kenya", 0, 0) == 0
    assert locate(TEXT, index, "Kenya", 1, 0) == second_line
    assert locate(TEXT, index, "Kenya", 1, 1) == TEXT.rindex("Kenya")


def test_gold_locate_names_the_paragraph_when_the_text_is_missing():
    index = TokenIndex.of(tokenize(TEXT, "en"))
    with pytest.raises(ValueError, match="paragraph 0"):
        locate(TEXT, index, "Kenya", 0, 1)


def test_gold_record_is_a_valid_canonical_record_with_sorted_spans(schema):
    marks = [("COUNTRY", "Kenya", 1, 1), ("ACTOR", "Kenya", 1, 0)]
    record = gold_record(TEXT, {"source": "test"}, marks, schema, "lead", WHEN, 60.0)
    parsed = CanonicalRecord.model_validate_json(orjson.dumps(record))
    assert [(s.label, s.text, s.start) for s in parsed.spans] == [
        ("ACTOR", "Kenya", TEXT.index("\n") + 1),
        ("COUNTRY", "Kenya", TEXT.rindex("Kenya")),
    ]
    assert (parsed.annotator, parsed.answer, parsed.duration_s) == ("lead", "accept", 60.0)
