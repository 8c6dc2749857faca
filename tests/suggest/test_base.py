"""The suggester registry, spec parsing, user pattern files and their error messages."""

from __future__ import annotations

import json

import pytest

from annotator.suggest import SuggesterError, get_suggester
from annotator.suggest.base import CombinedSuggester, split_specs

from .conftest import doc_of, found


def write_patterns(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_base_split_specs_keeps_commas_of_a_label_map():
    specs = split_specs("patterns,model:out/m?map=PERSON:ACTOR,GPE:COUNTRY,patterns:x.jsonl")
    assert specs == ["patterns", "model:out/m?map=PERSON:ACTOR,GPE:COUNTRY", "patterns:x.jsonl"]


def test_base_unknown_kind_lists_known_kinds(schema):
    with pytest.raises(SuggesterError, match=r"unknown suggester 'magic'.*model, patterns"):
        get_suggester("magic", schema)


def test_base_user_pattern_file_with_lower_trim_and_negative(tmp_path, schema):
    path = write_patterns(
        tmp_path / "mine.jsonl",
        [
            {"label": "TACTIC", "pattern": "press ganging", "lower": True, "id": "press"},
            {"label": "ACTOR", "pattern": [{"LOWER": "by"}, {"IS_TITLE": True}], "trim": [1, 0]},
            {"label": "NOT_ACTOR", "pattern": "Nobody"},
            {"label": "UNKNOWN_LABEL", "pattern": "ignored"},
        ],
    )
    suggester = get_suggester(f"patterns:{path}", schema)
    got = found(suggester, "Press Ganging was reported by Amnesty and by Nobody.")
    assert got == {("TACTIC", "Press Ganging"), ("ACTOR", "Amnesty")}
    (suggestion,) = next(iter(suggester.suggest([doc_of("Press ganging.")])))
    assert suggestion.source == "patterns:press"


def test_base_propagate_repeats_a_surname_in_the_document(tmp_path, schema):
    path = write_patterns(
        tmp_path / "p.jsonl",
        [{"label": "ACTOR", "pattern": [{"ORTH": "Judge"}, {"IS_TITLE": True}], "propagate": True}],
    )
    got = found(get_suggester(f"patterns:{path}", schema), "Judge Okoye ruled. Okoye left.")
    assert got == {("ACTOR", "Judge Okoye"), ("ACTOR", "Okoye")}


def test_base_weaker_score_yields_to_an_equal_length_candidate(tmp_path, schema):
    path = write_patterns(
        tmp_path / "s.jsonl",
        [
            {"label": "ACTOR", "pattern": "Costa Rica", "score": 0.5},
            {"label": "COUNTRY", "pattern": "Costa Rica"},
        ],
    )
    got = found(get_suggester(f"patterns:{path}", schema), "Costa Rica agreed.")
    assert got == {("COUNTRY", "Costa Rica")}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r"mine.jsonl:2: invalid JSON"),
        ('{"label": "ACTOR"}', r"mine.jsonl:2: \"pattern\" must be"),
        ('{"label": "ACTOR", "pattern": "x", "colour": 1}', r"mine.jsonl:2: unknown key"),
        ('{"label": "ACTOR", "pattern": [{"SHOUT": 1}]}', r"mine.jsonl:2: invalid token pattern"),
        ('{"label": "ACTOR", "pattern": "x", "trim": [1]}', r"mine.jsonl:2: \"trim\" must be"),
        ('{"label": "ACTOR", "pattern": "x", "score": 2}', r"mine.jsonl:2: \"score\" must be"),
    ],
)
def test_base_bad_pattern_line_names_file_and_line(tmp_path, schema, line, message):
    path = tmp_path / "mine.jsonl"
    path.write_text('{"label": "ACTOR", "pattern": "Ok"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(SuggesterError, match=message):
        get_suggester(f"patterns:{path}", schema)


def test_base_missing_pattern_path_and_no_matching_label(tmp_path, schema):
    with pytest.raises(SuggesterError, match="no such pattern file"):
        get_suggester(f"patterns:{tmp_path / 'nope.jsonl'}", schema)
    path = write_patterns(tmp_path / "other.jsonl", [{"label": "DISEASE", "pattern": "flu"}])
    with pytest.raises(SuggesterError, match="no pattern has a label of schema"):
        get_suggester(f"patterns:{path}", schema)


def test_base_combined_suggester_merges_without_duplicates(tmp_path, schema):
    path = write_patterns(tmp_path / "k.jsonl", [{"label": "COUNTRY", "pattern": "Kenya"}])
    combined = get_suggester(f"patterns,patterns:{path}", schema)
    assert isinstance(combined, CombinedSuggester)
    (suggestions,) = list(combined.suggest([doc_of("Kenya sent 40 men.")]))
    keys = [s.span.key for s in suggestions]
    assert len(keys) == len(set(keys))
    assert {s.span.text for s in suggestions} == {"Kenya", "40"}
