"""Hugging Face export: `datasets` loads it with ClassLabel features; tags decode to the spans."""

from __future__ import annotations

import orjson
import pytest
from export_helpers import corpus, export, small_corpus

from annotator.formats.iob import decode_tags

datasets = pytest.importorskip("datasets", reason="the [test] extra installs datasets")

LAYERS = {"ner_tags": {"ACTOR", "COUNTRY", "FIGURE", "TACTIC"}, "quote_tags": {"QUOTE"}}


def _source_spans(record, labels):
    """(token_start, token_end, label) of a record's spans in one layer."""
    return sorted((s.token_start, s.token_end, s.label) for s in record.spans if s.label in labels)


def test_hf_load_dataset_json_with_declared_features(tmp_path):
    records = [*corpus(), *small_corpus(30)]
    manifest = export(records, "hf", tmp_path, split="train=0.7,test=0.3", seed=1)
    info = orjson.loads((tmp_path / "dataset_info.json").read_bytes())
    features = datasets.Features.from_dict(info["features"])
    files = {s: str(tmp_path / f"{s}.jsonl") for s in ("train", "test")}
    loaded = datasets.load_dataset("json", data_files=files, features=features)
    by_key = {(r.doc_id, r.annotator): r for r in records}
    assert sum(len(loaded[s]) for s in files) == len(records)
    assert manifest["totals"]["spans_dropped"] == 0
    for split in files:
        data = loaded[split]
        names = {layer: data.features[layer].feature.names for layer in LAYERS}
        for row in data:
            source = by_key[(row["id"], row["annotator"])]
            assert row["tokens"] == [t.text for t in source.tokens]
            for layer, labels in LAYERS.items():
                tags = [names[layer][i] for i in row[layer]]
                assert decode_tags(tags) == _source_spans(source, labels)


def test_hf_dataset_card_yaml_is_what_datasets_reads(tmp_path):
    export(small_corpus(12), "hf", tmp_path, split="train=0.5,dev=0.5", seed=3)
    loaded = datasets.load_dataset(str(tmp_path))
    assert set(loaded) == {"train", "dev"}
    feature = loaded["train"].features["ner_tags"].feature
    assert isinstance(feature, datasets.ClassLabel)
    assert feature.names[:3] == ["O", "B-ACTOR", "I-ACTOR"]
    assert loaded["train"].features["quote_tags"].feature.names == ["O", "B-QUOTE", "I-QUOTE"]


def test_hf_every_line_has_identical_keys_and_types(tmp_path):
    export([*corpus(), *small_corpus(4)], "hf", tmp_path)
    lines = [orjson.loads(x) for x in (tmp_path / "train.jsonl").read_bytes().splitlines()]
    shapes = {tuple((k, type(v).__name__) for k, v in line.items()) for line in lines}
    assert len(shapes) == 1
    assert all(
        len(line["tokens"]) == len(line["ner_tags"]) == len(line["quote_tags"]) for line in lines
    )


def test_hf_overlap_inside_a_layer_stays_in_spans_and_is_reported(tmp_path):
    """A span a tag layer cannot hold (it overlaps another of the layer) is still a span of the
    row: listed as converted with the layer named, not dropped."""
    from export_helpers import record

    text = "He said “they told us “go now” and left” later."
    both = record(text, [("they told us “go now” and left", "QUOTE"), ("go now", "QUOTE")])
    manifest = export([both], "hf", tmp_path)
    assert manifest["dropped"] == []
    (left,) = manifest["converted"]
    assert left["text"] == "go now" and "quote_tags" in left["reason"]
    assert "spans column" in left["reason"]
    assert manifest["totals"]["spans_written"] == 2
    (row,) = [orjson.loads(x) for x in (tmp_path / "train.jsonl").read_bytes().splitlines()]
    assert sorted(text[s["start"] : s["end"]] for s in row["spans"]) == sorted(
        ["they told us “go now” and left", "go now"]
    )
    names = ["O", "B-QUOTE", "I-QUOTE"]
    outer = next(s for s in both.spans if s.text != "go now")
    tags = [names[i] for i in row["quote_tags"]]
    assert decode_tags(tags) == [(outer.token_start, outer.token_end, "QUOTE")]
