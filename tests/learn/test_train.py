"""Training a spancat model on a small generated corpus, and refusing too little data clearly."""

from __future__ import annotations

import json
from types import SimpleNamespace

import orjson
import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.learn.evaluate import evaluate_pairs, suggested_spans
from annotator.learn.synthetic import generate_records
from annotator.learn.train import (
    EPOCHS,
    MAX_STEPS,
    MIN_STEPS,
    TrainingData,
    TrainingError,
    build_config,
    check_enough,
    collect_training_data,
    plan_steps,
)
from annotator.suggest import get_suggester

# Measured: 40 generated documents, the automatic length (stops early near 300 steps) ->
# held-out exact micro F1 0.99 in about 13 s.
F1_FLOOR = 0.8


@pytest.fixture(scope="module")
def trained(tmp_path_factory, schema):
    """`annotator train` as a user pipes it: 40 documents, training length left to the data."""
    records = generate_records(40, schema, seed=1)
    data = collect_training_data(((r.document, r.annotation) for r in records), schema)
    folder = tmp_path_factory.mktemp("model")
    source = folder / "gold.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r.to_json_dict()) + b"\n" for r in records))
    out = folder / "out"
    result = CliRunner().invoke(app, ["train", "--input", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output, data


@pytest.mark.slow
def test_train_model_predicts_every_label_above_the_floor(trained, schema):
    out, _, _ = trained
    held_out = {r.doc_id: (r.document, r.spans) for r in generate_records(20, schema, seed=7)}
    suggester = get_suggester(f"model:{out}", schema)
    scores = evaluate_pairs(held_out, dict(suggested_spans(held_out, suggester))).to_dict()
    for label in schema.label_names:
        assert scores["exact"]["labels"][label]["pred"] > 0, f"no {label} predicted"
    assert scores["exact"]["micro"]["f1"] >= F1_FLOOR


@pytest.mark.slow
def test_train_meta_records_schema_data_hash_and_scores(trained, schema):
    out, _, data = trained
    meta = json.loads((out / "model-best" / "meta.json").read_text(encoding="utf-8"))
    facts = meta["annotator"]
    assert facts["schema"] == schema.ref
    assert facts["data_hash"] == data.data_hash() and len(facts["data_hash"]) == 64
    assert facts["train_docs"] + facts["dev_docs"] == 40
    assert facts["max_span_tokens"] == data.longest_span
    assert facts["dev_evaluation"]["exact"]["micro"]["f1"] is not None
    assert facts["max_steps"] == plan_steps(data).max_steps


@pytest.mark.slow
def test_train_cli_piped_shows_the_plan_and_no_colour_codes(trained):
    _, output, data = trained
    plan = plan_steps(data)
    assert f"at most {plan.max_steps} steps" in output and "stopping early after" in output
    assert "\x1b[" not in output and "\u2714" not in output
    assert "Saved pipeline to output directory" in output


def _records_of(lengths: list[int]) -> TrainingData:
    return TrainingData(train=[SimpleNamespace(tokens=[None] * n) for n in lengths])


def test_train_plan_steps_follow_the_data():
    tiny = plan_steps(_records_of([45] * 9))
    assert tiny.steps_per_epoch == 5 and tiny.max_steps == MIN_STEPS < MAX_STEPS
    assert tiny.patience == tiny.eval_frequency * 5 < tiny.max_steps
    medium = plan_steps(_records_of([60] * 30 + [250] * 10))
    assert medium.steps_per_epoch == 18 + 10 and medium.max_steps == EPOCHS * 28
    assert plan_steps(_records_of([500] * 5000)).max_steps == MAX_STEPS
    given = plan_steps(_records_of([45] * 9), max_steps=50, eval_frequency=25)
    assert (given.max_steps, given.eval_frequency, given.patience) == (50, 25, 125)


def test_train_split_is_by_document_and_deterministic(schema):
    records = generate_records(30, schema, seed=3)
    first = collect_training_data(((r.document, r.annotation) for r in records), schema)
    again = collect_training_data(((r.document, r.annotation) for r in reversed(records)), schema)
    assert {r.doc_id for r in first.dev} == {r.doc_id for r in again.dev}
    assert not {r.doc_id for r in first.train} & {r.doc_id for r in first.dev}
    assert first.data_hash() == again.data_hash()


def test_train_config_suggests_spans_as_long_as_the_longest(schema):
    config = build_config("en", 27, max_steps=10, eval_frequency=5)
    suggester = config["components"]["spancat"]["suggester"]
    assert suggester["@misc"] == "spacy.ngram_range_suggester.v1"
    assert (suggester["min_size"], suggester["max_size"]) == (1, 27)


def test_train_too_little_data_is_refused(schema):
    (record,) = generate_records(1, schema)
    data = collect_training_data([(record.document, record.annotation)], schema)
    with pytest.raises(TrainingError, match="too little data to train"):
        check_enough(data)


def test_train_cli_too_little_data_exits_1_without_traceback(tmp_path, schema):
    path = tmp_path / "one.jsonl"
    (record,) = generate_records(1, schema)
    path.write_bytes(orjson.dumps(record.to_json_dict()) + b"\n")
    result = CliRunner().invoke(app, ["train", "--input", str(path), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "too little data" in result.output
    assert "Traceback" not in result.output
