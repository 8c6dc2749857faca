"""Gold records built from (label, text, paragraph, occurrence) marks."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from annotator.bundled import SAMPLE_CORPUS
from annotator.records.gold import gold_record, locate, stale_gold_records, write_gold_file
from annotator.records.models import CanonicalRecord
from annotator.records.tokenization import TokenIndex, tokenize

TEXT = "Kenya and Kenyans met.\nKenya said Kenya would wait."
WHEN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


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


def test_gold_file_is_current_across_tokenizer_patch_releases_but_not_across_edits(
    tmp_path, schema
):
    marks = [("COUNTRY", "Kenya", 1, 1)]
    record = gold_record(TEXT, {"source": "test"}, marks, schema, "lead", WHEN, 60.0)
    path = tmp_path / "gold.jsonl"
    write_gold_file(path, [record, record])
    other_release = {**record, "tokenizer": record["tokenizer"].partition("@")[0] + "@9.9.9"}
    assert stale_gold_records(path, [record, other_release]) == []
    edited = {**record, "spans": []}
    assert stale_gold_records(path, [edited, record]) == [1]
    assert stale_gold_records(path, [record]) == [2]
    assert stale_gold_records(path, [record, record, record]) == [3]


def test_sample_corpus_is_what_its_build_script_writes():
    spec = importlib.util.spec_from_file_location(
        "build_sample", ROOT / "corpus" / "build_sample.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert stale_gold_records(SAMPLE_CORPUS, module.build()) == [], (
        "run python corpus/build_sample.py"
    )
