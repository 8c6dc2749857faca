"""`evaluate` against hand-computed precision, recall and F1, and its file and CLI behaviour."""

from __future__ import annotations

import json

import orjson
import pytest
from typer.testing import CliRunner

from annotator.bundled import SAMPLE_CORPUS
from annotator.cli import app
from annotator.learn.evaluate import (
    Evaluation,
    EvaluationError,
    evaluate_pairs,
    read_annotated,
    score_document,
)
from annotator.records.models import Annotation, canonical, make_document, make_span, now_utc
from annotator.records.tokenization import tokenize, tokenizer_id

SAMPLE = SAMPLE_CORPUS
TEXT = " ".join(f"w{i}" for i in range(12))
DOC = make_document(TEXT, tokenize(TEXT), tokenizer_id())


def span(first: int, last: int, label: str):
    return make_span(DOC, DOC.tokens[first].start, DOC.tokens[last].end, label)


def figures(evaluation: Evaluation) -> dict:
    return evaluation.to_dict()


def test_evaluate_label_confusion_partial_match_and_extra_span():
    gold = [span(0, 1, "ACTOR"), span(3, 3, "COUNTRY"), span(5, 6, "FIGURE")]
    pred = [span(0, 1, "ACTOR"), span(3, 3, "ACTOR"), span(6, 6, "FIGURE"), span(8, 8, "ACTOR")]
    result = Evaluation()
    result.add(gold, pred)
    out = figures(result)
    actor = out["exact"]["labels"]["ACTOR"]
    assert (actor["precision"], actor["recall"], actor["f1"]) == pytest.approx((1 / 3, 1.0, 0.5))
    country = out["exact"]["labels"]["COUNTRY"]
    assert (country["precision"], country["recall"], country["f1"]) == (None, 0.0, 0.0)
    assert out["exact"]["labels"]["FIGURE"]["f1"] == 0.0
    micro = out["exact"]["micro"]
    assert (micro["precision"], micro["recall"], micro["f1"]) == pytest.approx(
        (1 / 4, 1 / 3, 2 / 7)
    )
    assert out["overlap"]["labels"]["FIGURE"]["f1"] == 1.0
    assert out["overlap"]["labels"]["ACTOR"]["precision"] == pytest.approx(1 / 3)
    over = out["overlap"]["micro"]
    assert (over["precision"], over["recall"], over["f1"]) == pytest.approx((1 / 2, 2 / 3, 4 / 7))
    assert out["confusions"] == [{"gold": "COUNTRY", "pred": "ACTOR", "count": 1}]


def test_evaluate_nested_spans_inside_a_quote():
    gold = [span(0, 9, "QUOTE"), span(2, 3, "TACTIC")]
    pred = [span(0, 8, "QUOTE"), span(2, 3, "TACTIC"), span(3, 4, "TACTIC")]
    exact = score_document(gold, pred, "exact")
    assert (exact["QUOTE"].precision, exact["QUOTE"].recall) == (0.0, 0.0)
    assert (exact["TACTIC"].precision, exact["TACTIC"].recall) == (0.5, 1.0)
    overlap = score_document(gold, pred, "overlap")
    assert (overlap["QUOTE"].precision, overlap["QUOTE"].recall) == (1.0, 1.0)
    assert (overlap["TACTIC"].matched_pred, overlap["TACTIC"].matched_ref) == (2, 1)
    assert overlap["TACTIC"].f1 == 1.0


def test_evaluate_spans_touching_without_sharing_a_token_do_not_overlap():
    overlap = score_document([span(0, 1, "ACTOR")], [span(2, 3, "ACTOR")], "overlap")
    assert overlap["ACTOR"].f1 == 0.0


def test_evaluate_pools_documents_and_counts_missing_predictions_as_empty():
    other_text = "a b c d"
    other = make_document(other_text, tokenize(other_text), tokenizer_id())
    other_span = make_span(other, 0, 1, "ACTOR")
    gold = {DOC.doc_id: (DOC, (span(0, 0, "ACTOR"),)), other.doc_id: (other, (other_span,))}
    result = evaluate_pairs(gold, {DOC.doc_id: [span(0, 0, "ACTOR")]}).to_dict()
    assert result["docs"] == 2
    assert result["exact"]["micro"]["precision"] == 1.0
    assert result["exact"]["micro"]["recall"] == 0.5


def record_line(spans, answer="accept", annotator="ann", doc=DOC) -> bytes:
    stamp = now_utc()
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator=annotator,
        answer=answer,
        spans=tuple(spans),
        schema="foreign-fighters@1.0.0",
        created_at=stamp,
        updated_at=stamp,
    )
    return orjson.dumps(canonical(doc, ann).to_json_dict())


def test_evaluate_reading_names_bad_and_repeated_lines(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(record_line([]) + b"\n{oops\n")
    with pytest.raises(EvaluationError, match=r"gold.jsonl:2: E100"):
        read_annotated(path)
    path.write_bytes(record_line([]) + b"\n" + record_line([], annotator="other") + b"\n")
    with pytest.raises(
        EvaluationError, match=r"gold.jsonl:2: document .* already appears on line 1"
    ):
        read_annotated(path)
    path.write_bytes(record_line([], answer="reject") + b"\n")
    with pytest.raises(EvaluationError, match="no accepted records"):
        read_annotated(path)


def test_evaluate_cli_json_against_a_prediction_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    gold.write_bytes(record_line([span(0, 1, "ACTOR"), span(4, 4, "FIGURE")]) + b"\n")
    pred.write_bytes(record_line([span(0, 1, "ACTOR")]) + b"\n")
    args = ["evaluate", "--gold", str(gold), "--pred", str(pred), "--format", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["exact"]["micro"]["precision"] == 1.0
    assert out["exact"]["micro"]["recall"] == 0.5
    assert out["exact"]["labels"]["FIGURE"]["recall"] == 0.0


def test_evaluate_cli_needs_exactly_one_prediction_source(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(record_line([]) + b"\n")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold)])
    assert result.exit_code == 2
    assert "exactly one of --pred" in result.output
    assert "Traceback" not in result.output


def test_evaluate_cli_patterns_on_the_sample_table():
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(SAMPLE), "--with", "patterns"])
    assert result.exit_code == 0, result.output
    assert "micro" in result.output and "COUNTRY" in result.output
