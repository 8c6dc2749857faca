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


def _edited_sample(tmp_path: Path) -> Path:
    """The sample with one SPEAKER relation dropped, one iso3 changed and the stance changed."""
    import orjson

    record = orjson.loads(SAMPLE.read_bytes())
    record["relations"] = [r for r in record["relations"] if r["head"] != "QUOTE:788-827"]
    country = next(s for s in record["spans"] if s["attrs"].get("iso3") == "RUS")
    country["attrs"] = {"iso3": "UKR"}
    record["doc_labels"]["stance"] = ["neutral"]
    path = tmp_path / "pred.jsonl"
    path.write_bytes(orjson.dumps(record) + b"\n")
    return path


def test_evaluate_cmd_scores_relations_attributes_and_doc_labels(tmp_path):
    """Against its own sample with one relation, one attribute and one doc label changed."""
    import orjson

    pred = _edited_sample(tmp_path)
    result = invoke("evaluate", "--gold", str(SAMPLE), "--pred", str(pred), "--format", "json")
    assert result.exit_code == 0, result.output
    data = orjson.loads(result.stdout)
    relations = data["relations"]
    assert relations["micro"]["ref"] == 17 and relations["micro"]["pred"] == 16
    assert (relations["micro"]["precision"], relations["micro"]["recall"]) == (1.0, 16 / 17)
    speaker = relations["labels"]["SPEAKER"]
    assert speaker["recall"] == (speaker["ref"] - 1) / speaker["ref"]
    iso3 = data["attributes"]["COUNTRY"]["iso3"]
    assert iso3["units"] - iso3["agreed"] == 1
    assert iso3["disagreements"] == [{"ref": "RUS", "pred": "UKR", "count": 1}]
    assert data["attributes"]["FIGURE"]["approx"]["agreement"] == 1.0
    assert data["doc_labels"]["stance"]["agreement"] == 0.0
    assert data["doc_labels"]["relevance"]["agreement"] == 1.0
    table = invoke("evaluate", "--gold", str(SAMPLE), "--pred", str(pred))
    assert table.exit_code == 0, table.output
    for heading in ("Relations", "SPEAKER", "Attributes", "iso3", "Document labels", "stance"):
        assert heading in table.stdout
