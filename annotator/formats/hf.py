"""Hugging Face token classification: JSONL per split with IOB2 tag layers, dataset_info and a card."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from annotator.formats.base import FormatSpec, register
from annotator.formats.iob import Layer, layers_for, tag_layer
from annotator.records import CanonicalRecord

INFO_NAME = "dataset_info.json"
CARD_NAME = "README.md"


def features_dict(layers: tuple[Layer, ...]) -> dict[str, Any]:
    """The `datasets` Features of every line, in the dict form `Features.from_dict` reads."""
    string = {"dtype": "string", "_type": "Value"}
    features: dict[str, Any] = {
        "id": string,
        "annotator": string,
        "tokens": {"feature": string, "_type": "Sequence"},
    }
    for layer in layers:
        features[layer.name] = {
            "feature": {"names": list(layer.tag_names), "_type": "ClassLabel"},
            "_type": "Sequence",
        }
    return features


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return orjson.dumps(value).decode()


def dataset_card(layers: tuple[Layer, ...], splits: dict[str, int], schema_ref: str) -> str:
    """README.md with the YAML header `datasets` reads: configs, features and splits."""
    lines = ["---", "task_categories:", "- token-classification", "configs:"]
    lines += ["- config_name: default", "  data_files:"]
    for name in splits:
        lines += [f"  - split: {name}", f"    path: {name}.jsonl"]
    lines += ["dataset_info:", "  features:"]
    lines += ["  - name: id", "    dtype: string", "  - name: annotator", "    dtype: string"]
    lines += ["  - name: tokens", "    sequence: string"]
    for layer in layers:
        lines += [
            f"  - name: {layer.name}",
            "    sequence:",
            "      class_label:",
            "        names:",
        ]
        lines += [f"          '{i}': {_yaml(tag)}" for i, tag in enumerate(layer.tag_names)]
    lines += ["  splits:"]
    for name, count in splits.items():
        lines += [f"  - name: {name}", f"    num_examples: {count}"]
    lines += ["---", "", f"# Token classification export of schema {schema_ref}", ""]
    lines += [
        "One line per document and annotator: `tokens` and one IOB2 tag column per layer.",
        "Tag columns are `ClassLabel` sequences; `manifest.json` lists the spans a layer could not",
        "hold (overlaps inside one layer) with the reason.",
        "",
        "| layer | labels |",
        "|---|---|",
    ]
    lines += [f"| `{layer.name}` | {', '.join(layer.labels)} |" for layer in layers]
    lines += ["", "```python", "from datasets import load_dataset", "", 'ds = load_dataset("PATH")']
    lines += ["```", ""]
    return "\n".join(lines)


def write_hf(
    records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
) -> list[Path]:
    """Write `<split>.jsonl` and refresh dataset_info.json and README.md for the splits so far."""
    layers = layers_for(report.schema)
    ids = [{tag: i for i, tag in enumerate(layer.tag_names)} for layer in layers]
    data = Path(f"{split}.jsonl")
    count = 0
    with (out_dir / data).open("wb") as handle:
        for record in records:
            line: dict[str, Any] = {
                "id": record.doc_id,
                "annotator": record.annotator,
                "tokens": [t.text for t in record.tokens],
            }
            for layer, index in zip(layers, ids, strict=True):
                line[layer.name] = [index[tag] for tag in tag_layer(record, layer, report)]
            handle.write(orjson.dumps(line) + b"\n")
            count += 1
    written = dict(report.facts.get("split_rows", {}))
    files = [data]
    if count:
        written[split] = count
    else:
        (out_dir / data).unlink()
        files = []
    report.describe(
        offset_unit="tokens (tags per token)",
        tag_scheme="IOB2",
        layers={layer.name: list(layer.labels) for layer in layers},
        split_rows=written,
    )
    features = features_dict(layers)
    info = {"features": features, "splits": {k: {"num_examples": v} for k, v in written.items()}}
    (out_dir / INFO_NAME).write_bytes(orjson.dumps(info, option=orjson.OPT_INDENT_2))
    card = dataset_card(layers, written, report.schema.ref)
    (out_dir / CARD_NAME).write_text(card, encoding="utf-8")
    return [*files, Path(INFO_NAME), Path(CARD_NAME)]


register(
    FormatSpec(
        name="hf",
        description="Hugging Face token classification JSONL with IOB2 ClassLabel layers",
        writer=write_hf,
        suffixes=(".jsonl",),
    )
)
