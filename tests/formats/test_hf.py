"""Hugging Face export: `datasets` loads it with ClassLabel layers, typed spans, relations and
document labels; tags decode to the spans."""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
import pytest
from annotated import SCHEMA, annotated_records, relation_keys, span_keys
from export_helpers import corpus, export, small_corpus
from hypothesis import HealthCheck, given, settings

from annotator.formats.iob import decode_tags
from annotator.formats.parts import RELATION_ATTRIBUTES, SPAN_ATTRIBUTES
from annotator.records.models import Relation

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


def test_hf_datasets_reads_spans_relations_attributes_and_doc_labels(tmp_path):
    """`load_dataset(DIR)` (the card's YAML) gives typed spans with attributes, relations that
    index into them, and document labels as ClassLabels; nothing is dropped."""
    (source,) = corpus()
    manifest = export([source], "hf", tmp_path)
    assert manifest["dropped_parts"] == {}
    loaded = datasets.load_dataset(str(tmp_path))["train"]
    info = orjson.loads((tmp_path / "dataset_info.json").read_bytes())
    assert loaded.features == datasets.Features.from_dict(info["features"])
    (row,) = loaded
    assert row["text"] == source.text
    spans = row["spans"]
    assert [(s["start"], s["end"], s["label"], s["id"]) for s in spans] == [
        (s.start, s.end, s.label, s.id) for s in source.spans
    ]
    for got, want in zip(spans, source.spans, strict=True):
        assert {k: v for k, v in got["attrs"].items() if v is not None} == want.attrs
        assert source.text[got["start"] : got["end"]] == want.text
        assert (got["token_start"], got["token_end"]) == (want.token_start, want.token_end)
    figure = next(s for s in source.spans if s.label == "FIGURE" and s.attrs)
    declared = ("iso3", "value", "low", "high", "approx")
    row_figure = next(s for s in spans if s["id"] == figure.id)
    assert row_figure["attrs"] == {name: figure.attrs.get(name) for name in declared}
    assert [
        (spans[r["head"]]["id"], spans[r["child"]]["id"], r["label"]) for r in row["relations"]
    ] == [(r.head, r.child, r.label) for r in source.relations]
    labels = loaded.features["doc_labels"]
    assert labels["relevance"].int2str(row["doc_labels"]["relevance"]) == "on-topic"
    assert labels["stance"].int2str(row["doc_labels"]["stance"]) == "critical"


def test_hf_values_the_columns_cannot_type_are_counted(tmp_path):
    """An attribute the schema does not declare and a record's relations attributes (none are
    declared) have no typed column: left out, counted in dropped_parts."""
    from export_helpers import record

    source = record("Kenya sent 200 men.", [("Kenya", "COUNTRY"), ("200", "FIGURE")])
    country, figure = source.spans
    source = source.model_copy(
        update={
            "spans": (
                country.model_copy(update={"attrs": {"iso3": "KEN", "note": "capital?"}}),
                figure.model_copy(update={"attrs": {"value": 200.0}}),
            ),
            "relations": (
                Relation(head=figure.id, child=country.id, label="COUNTS", attrs={"sure": True}),
            ),
        }
    )
    manifest = export([source], "hf", tmp_path)
    assert {kind: entry["count"] for kind, entry in manifest["dropped_parts"].items()} == {
        SPAN_ATTRIBUTES: 1,
        RELATION_ATTRIBUTES: 1,
    }
    (row,) = [orjson.loads(x) for x in (tmp_path / "train.jsonl").read_bytes().splitlines()]
    assert row["spans"][0]["attrs"]["iso3"] == "KEN" and "note" not in row["spans"][0]["attrs"]
    assert row["relations"] == [{"head": 1, "child": 0, "label": "COUNTS"}]


def _rebuilt(row: dict) -> tuple[list, list, dict]:
    """Spans, relations and document labels as a reader of the row sees them."""
    spans = [
        (
            s["start"],
            s["end"],
            s["label"],
            sorted((k, v) for k, v in s["attrs"].items() if v is not None),
            tuple(map(tuple, s["fragments"])),
        )
        for s in row["spans"]
    ]
    relations = [
        (
            spans[r["head"]][:3],
            spans[r["child"]][:3],
            r["label"],
            sorted((k, v) for k, v in r["attrs"].items() if v is not None),
        )
        for r in row["relations"]
    ]
    doc_labels = {}
    for spec in SCHEMA.doc_labels:
        value = row["doc_labels"][spec.name]
        chosen = value if spec.multiple else ([] if value == -1 else [value])
        if chosen:
            doc_labels[spec.name] = tuple(spec.values[i] for i in chosen)
    return sorted(spans), sorted(relations), doc_labels


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_records())
def test_hf_hypothesis_rows_hold_every_part(source):
    """Any record with overlapping and discontinuous spans, typed attributes, relations and
    document labels: its row gives all of them back; nothing is dropped."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        manifest = export([source], "hf", out, schema=SCHEMA)
        (row,) = [orjson.loads(x) for x in (out / "train.jsonl").read_bytes().splitlines()]
    assert manifest["dropped_parts"] == {}
    spans, relations, doc_labels = _rebuilt(row)
    assert spans == [(*k[:3], k[3], k[4]) for k in span_keys(source.spans)]
    assert relations == relation_keys(source.relations, source.spans)
    assert doc_labels == source.doc_labels
