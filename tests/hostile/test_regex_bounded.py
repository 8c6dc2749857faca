"""Schema regexes cannot hang validate or import, and schema check warns of the risky ones."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from annotator.records.models import Annotation, canonical, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.regex_guard import (
    BUDGET_SECONDS,
    GuardedPattern,
    PatternError,
    nested_quantifier,
)

from .conftest import assert_clean_exit, run_cli, schema_toml, write_jsonl

CREATED = datetime(2026, 1, 2, tzinfo=UTC)
HOSTILE_WORD = "a" * 40 + "b"  # with ^(a+)+$, Python's re backtracks 2^40 times


def record_with_figure(word: str, schema_ref: str = "hostile@1.0.0") -> dict:
    """A canonical line whose one FIGURE span is `word`."""
    text = f"They counted {word} fighters."
    doc = make_document(text, tokenize(text), tokenizer_id(), {})
    start = text.index(word)
    span = make_span(doc, start, start + len(word), "FIGURE")
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator="amy",
        answer="accept",
        spans=(span,),
        schema=schema_ref,
        created_at=CREATED,
        updated_at=CREATED,
    )
    return canonical(doc, ann).to_json_dict()


def test_catastrophic_pattern_match_stops_and_says_so():
    pattern = GuardedPattern(r"^(a|aa)+$")
    started = time.monotonic()
    assert pattern.test("a" * 60 + "b") is None
    assert time.monotonic() - started < 5
    assert pattern.test("aaaa") is True
    assert pattern.search("bbbb") is None
    assert pattern.test("bbbb") is False


def test_pattern_that_keeps_running_out_is_given_up_so_total_time_is_bounded():
    pattern = GuardedPattern(r"^(a|aa)+$")
    started = time.monotonic()
    results = [pattern.test("a" * 60 + "b") for _ in range(500)]
    assert results == [None] * 500
    assert pattern.given_up
    assert time.monotonic() - started < BUDGET_SECONDS * 10


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        (r"^(a+)+$", "(a+)+"),
        (r"^(\w+\s?)*$", r"(\w+\s?)*"),
        (r"((a+)b){2,}", "((a+)b){2,}"),
        (r"\d|\b(one|two)\b", None),
        (r"(a++)+", None),
        (r"(ab){2}", None),
        (r"[(a+)]+", None),
        (r"\(a+\)+", None),
    ],
)
def test_nested_quantifier_finds_repeated_groups_holding_a_repeat(source, fragment):
    assert nested_quantifier(source) == fragment


def test_nested_quantifier_follows_any_depth():
    assert nested_quantifier("(" * 5000 + "a+" + ")" * 5000 + "+") is not None


def test_deeply_nested_pattern_is_a_pattern_error():
    with pytest.raises(PatternError, match="nest too deeply"):
        GuardedPattern("(" * 5000 + "a" + ")" * 5000)


def _corpus(work: Path, pattern: str, count: int) -> tuple[Path, Path]:
    schema = work / "hostile.toml"
    schema.write_text(schema_toml(pattern), encoding="utf-8")
    data = write_jsonl(work / "bad.jsonl", *[record_with_figure(HOSTILE_WORD)] * count)
    return schema, data


def test_validate_with_backtracking_must_match_finishes(work):
    schema, data = _corpus(work, "^(a+)+$", 3)
    proc = run_cli("validate", str(data), "--schema", str(schema), cwd=work, timeout=60)
    out = assert_clean_exit(proc, 1)
    assert "E301" in out and "bad.jsonl:1" in out  # no match, found in bounded time


def test_validate_reports_a_match_that_ran_out_of_time_with_its_location(work):
    schema, data = _corpus(work, "^(a|aa)+$", 200)
    started = time.monotonic()
    proc = run_cli("validate", str(data), "--schema", str(schema), cwd=work, timeout=120)
    out = assert_clean_exit(proc, 1)
    assert "bad.jsonl:1 span 0 FIGURE" in out
    assert "E308" in out and "not checked against" in out
    assert "no longer run" in out  # the budget ran out, so 200 spans did not take 200 timeouts
    assert time.monotonic() - started < 60


def test_import_with_backtracking_must_match_finishes_and_stores_nothing_bad(work):
    schema, data = _corpus(work, "^(a|aa)+$", 2)
    db = f"sqlite:///{work / 'a.db'}"
    proc = run_cli(
        "import", str(data), "--schema", str(schema), "--db", db, "--dataset", "d", cwd=work
    )
    out = assert_clean_exit(proc, 1)
    assert "bad.jsonl:1: span 0 FIGURE" in out and "E308" in out
    assert "0 annotation(s) stored" in out


def test_schema_check_warns_of_nested_repeats_with_the_line(work):
    path = work / "slow.toml"
    path.write_text(schema_toml("^(a+)+$"), encoding="utf-8")
    out = assert_clean_exit(run_cli("schema", "check", str(path), cwd=work), 0)
    assert f"{path}:7" in out and "W515" in out and "(a+)+" in out
    assert "1 warning(s)" in out


def test_validate_of_a_schema_file_warns_of_nested_repeats(work):
    path = work / "slow.toml"
    path.write_text(schema_toml("^(a+)+$"), encoding="utf-8")
    out = assert_clean_exit(run_cli("validate", str(path), cwd=work), 0)
    assert "W515" in out


def test_schema_regex_with_5000_nested_groups_is_a_located_error(work):
    path = work / "deep.toml"
    path.write_text(schema_toml("(" * 5000 + "a" + ")" * 5000), encoding="utf-8")
    out = assert_clean_exit(run_cli("schema", "check", str(path), cwd=work), 2)
    assert f"{path}:7" in out and "E505" in out and "nest too deeply" in out


def test_schema_regex_with_5000_groups_in_a_row_loads(work):
    path = work / "wide.toml"
    path.write_text(schema_toml("(a)" * 5000), encoding="utf-8")
    out = assert_clean_exit(run_cli("schema", "check", str(path), cwd=work), 0)
    assert "ok: hostile@1.0.0" in out


@pytest.mark.parametrize("opening", ["[", "{ a = "])
def test_schema_toml_nested_5000_deep_is_a_located_error(work, opening):
    closing = "]" if opening == "[" else "}"
    path = work / "deep.toml"
    path.write_text(
        schema_toml("x")
        + '\n[[labels]]\nname = "B"\nexamples = '
        + opening * 5000
        + "1"
        + closing * 5000
        + "\n",
        encoding="utf-8",
    )
    out = assert_clean_exit(run_cli("schema", "check", str(path), cwd=work), 2)
    assert f"{path}:11" in out and "E500" in out and "nest 5000 levels deep" in out


def test_config_toml_nested_5000_deep_is_a_located_error(work):
    (work / "annotator.toml").write_text(
        "[store]\nurl = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8"
    )
    out = assert_clean_exit(run_cli("db", "info", cwd=work), 2)
    assert "annotator.toml" in out and "at line 2" in out and "5000 levels" in out


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("overlap", "100000000000000000000"),
        ("overlap", "9223372036854775807"),
        ("claim_seconds", "10000000000000"),
    ],
)
def test_config_queue_numbers_beyond_sense_are_refused(work, setting, value):
    (work / "annotator.toml").write_text(f"[queue]\n{setting} = {value}\n", encoding="utf-8")
    (work / "in.txt").write_text("Nearly 200 fighters.", encoding="utf-8")
    out = assert_clean_exit(run_cli("stats", "--db", "sqlite:///x.db", cwd=work), 2)
    assert f"[queue] {setting} must be a whole number from 1 to" in out
    assert not (work / "x.db").exists()
