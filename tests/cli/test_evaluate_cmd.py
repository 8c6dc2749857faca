"""`annotator evaluate --pred`: files that share no document are an error, partial overlap a warning."""

from __future__ import annotations

from pathlib import Path

from annotator.bundled import SAMPLE_CORPUS

from .conftest import invoke

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = SAMPLE_CORPUS
HELDOUT = ROOT / "tests" / "suggest" / "data" / "heldout_news.jsonl"


def test_evaluate_cmd_disjoint_files_exit_1():
    """Predictions for other texts than the gold's give exit 1, not a table of zeros."""
    result = invoke("evaluate", "--gold", str(SAMPLE), "--pred", str(HELDOUT))
    assert result.exit_code == 1, result.output
    assert "none of the 8 document(s)" in result.text
    assert "┃" not in result.output


def test_evaluate_cmd_missing_predictions_warn(tmp_path):
    """Gold documents without a prediction are scored as empty, and the user is told how many."""
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(SAMPLE.read_bytes() + HELDOUT.read_bytes())
    result = invoke("evaluate", "--gold", str(gold), "--pred", str(SAMPLE), "--format", "json")
    assert result.exit_code == 0, result.output
    assert "8 of 9 gold document(s) have no prediction" in result.text


def test_evaluate_cmd_train_missing_input_is_usage_error(tmp_path):
    """`train --input` naming a missing file or a folder exits 2, as evaluate does."""
    for target in (tmp_path / "nope.jsonl", tmp_path):
        result = invoke("train", "--input", str(target), "--out", str(tmp_path / "model"))
        assert result.exit_code == 2, result.output
        assert "give a canonical JSONL file" in result.text
