"""Hugging Face datasets: JSONL per split with IOB2 tag layers, every span with its attributes,
relations and document labels, plus dataset_info.json and a card that `load_dataset` reads.

One row per document and annotator: `text`, `tokens`, one IOB2 `ClassLabel` column per layer,
`spans` (every span: offsets, token indices, label, fragments and the schema's attributes),
`relations` (head and child as indices into the row's `spans`, label, attributes) and
`doc_labels` (one `ClassLabel` per schema document label, a list of them where several may be
chosen). Attribute and document label columns have the types the schema declares; a value that
does not fit them is left out and counted in the manifest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from annotator.formats.base import FormatSpec, register
from annotator.formats.iob import Layer, layers_for, tag_layer
from annotator.formats.parts import DOC_LABELS, RELATION_ATTRIBUTES, SPAN_ATTRIBUTES
from annotator.records.models import CanonicalRecord, Span
from annotator.schema.model import AttributeSpec, LabelSchema
from annotator.validation.rules import attribute_problem

INFO_NAME = "dataset_info.json"
CARD_NAME = "README.md"
DTYPES = {"enum": "string", "str": "string", "int": "int64", "float": "float64", "bool": "bool"}
_BARE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _value(dtype: str) -> dict[str, Any]:
    """A `datasets` Value feature in dict form."""
    return {"dtype": dtype, "_type": "Value"}


def _class_label(names: Iterable[str]) -> dict[str, Any]:
    """A `datasets` ClassLabel feature in dict form."""
    return {"names": list(names), "_type": "ClassLabel"}


def span_attributes(schema: LabelSchema) -> dict[str, AttributeSpec]:
    """The attributes a span column holds: every label's, by name (the first declaration wins)."""
    found: dict[str, AttributeSpec] = {}
    for label in schema.labels:
        for spec in label.attributes:
            found.setdefault(spec.name, spec)
    return found


def relation_attributes(schema: LabelSchema) -> dict[str, AttributeSpec]:
    """The attributes a relation column holds: every relation type's, by name."""
    found: dict[str, AttributeSpec] = {}
    for relation in schema.relations:
        for spec in relation.attributes:
            found.setdefault(spec.name, spec)
    return found


def features_dict(layers: tuple[Layer, ...], schema: LabelSchema) -> dict[str, Any]:
    """The `datasets` Features of every line, in the dict form `Features.from_dict` reads.

    Lists of structs are JSON lists (`[feature]`), the form both old and new `datasets` read as a
    list of dicts.
    """
    string = _value("string")
    features: dict[str, Any] = {
        "id": string,
        "annotator": string,
        "text": string,
        "tokens": {"feature": string, "_type": "Sequence"},
    }
    for layer in layers:
        features[layer.name] = {"feature": _class_label(layer.tag_names), "_type": "Sequence"}
    span: dict[str, Any] = {
        "id": string,
        "start": _value("int64"),
        "end": _value("int64"),
        "token_start": _value("int64"),
        "token_end": _value("int64"),
        "label": string,
        "fragments": [[_value("int64")]],
    }
    attributes = span_attributes(schema)
    if attributes:
        span["attrs"] = {name: _value(DTYPES[spec.type]) for name, spec in attributes.items()}
    relation: dict[str, Any] = {"head": _value("int64"), "child": _value("int64"), "label": string}
    attributes = relation_attributes(schema)
    if attributes:
        relation["attrs"] = {name: _value(DTYPES[spec.type]) for name, spec in attributes.items()}
    features["spans"] = [span]
    features["relations"] = [relation]
    if schema.doc_labels:
        features["doc_labels"] = {
            spec.name: [_class_label(spec.values)] if spec.multiple else _class_label(spec.values)
            for spec in schema.doc_labels
        }
    return features


def _fitted(
    attrs: dict[str, Any], specs: dict[str, AttributeSpec], report: Any, kind: str
) -> dict[str, Any]:
    """Attributes as the column's struct: every declared name, None where unset; a value that does
    not fit its declared type, or has an undeclared name, is left out and counted as dropped."""
    row: dict[str, Any] = dict.fromkeys(specs)
    unfit = 0
    for name, value in attrs.items():
        spec = specs.get(name)
        if spec is None or attribute_problem(spec, value) is not None:
            unfit += 1
        else:
            row[name] = value
    report.drop_part(
        kind, "undeclared in the schema or not of its type (HF columns are typed)", unfit
    )
    return row


def _span_row(span: Span, specs: dict[str, AttributeSpec], report: Any) -> dict[str, Any]:
    """One entry of the `spans` column."""
    row: dict[str, Any] = {
        "id": span.id,
        "start": span.start,
        "end": span.end,
        "token_start": span.token_start,
        "token_end": span.token_end,
        "label": span.label,
        "fragments": [list(piece) for piece in span.fragments],
    }
    if specs:
        row["attrs"] = _fitted(span.attrs, specs, report, SPAN_ATTRIBUTES)
    return row


def _doc_label_row(
    doc_labels: dict[str, tuple[str, ...]], schema: LabelSchema, report: Any
) -> dict[str, Any]:
    """The `doc_labels` column: class indices (-1 unset), a list of them for multiple choice."""
    row: dict[str, Any] = {}
    specs = schema.doc_label_by_name
    for spec in schema.doc_labels:
        chosen = [spec.values.index(v) for v in doc_labels.get(spec.name, ()) if v in spec.values]
        row[spec.name] = chosen if spec.multiple else (chosen[0] if chosen else -1)
    unfit = sum(
        1
        for name, values in doc_labels.items()
        for value in values
        if name not in specs or value not in specs[name].values
    )
    report.drop_part(DOC_LABELS, "not a label or value of the schema (HF columns are typed)", unfit)
    return row


def hf_row(
    record: CanonicalRecord,
    layers: tuple[Layer, ...],
    tag_ids: list[dict[str, int]],
    report: Any,
) -> dict[str, Any]:
    """One line of the export: the document, its tag layers and its full annotation."""
    schema = report.schema
    row: dict[str, Any] = {
        "id": record.doc_id,
        "annotator": record.annotator,
        "text": record.text,
        "tokens": [t.text for t in record.tokens],
    }
    for layer, index in zip(layers, tag_ids, strict=True):
        tags = tag_layer(record, layer, report, kept_elsewhere="kept in the spans column")
        row[layer.name] = [index[tag] for tag in tags]
    for span in record.spans:
        if span.fragments:
            report.convert(record, span, "discontinuous: tagged as its extent, fragments in spans")
    span_specs = span_attributes(schema)
    row["spans"] = [_span_row(span, span_specs, report) for span in record.spans]
    position = {span.id: i for i, span in enumerate(record.spans)}
    relation_specs = relation_attributes(schema)
    relations = []
    for relation in record.relations:
        item: dict[str, Any] = {
            "head": position[relation.head],
            "child": position[relation.child],
            "label": relation.label,
        }
        if relation_specs:
            item["attrs"] = _fitted(relation.attrs, relation_specs, report, RELATION_ATTRIBUTES)
        else:
            report.drop_part(
                RELATION_ATTRIBUTES,
                "the schema declares no relation attributes",
                len(relation.attrs),
            )
        relations.append(item)
    row["relations"] = relations
    if schema.doc_labels:
        row["doc_labels"] = _doc_label_row(record.doc_labels, schema, report)
    else:
        values = sum(len(v) for v in record.doc_labels.values())
        report.drop_part(DOC_LABELS, "the schema declares no document labels", values)
    return row


def yaml_features(features: dict[str, Any]) -> list[dict[str, Any]]:
    """Features in the list form a dataset card's YAML header declares them."""
    return [{"name": name, **_yaml_type(feature)} for name, feature in features.items()]


def _yaml_type(feature: Any) -> dict[str, Any]:
    """A named feature's type entry: dtype, sequence, list or struct."""
    if isinstance(feature, list):
        return {"list": _yaml_element(feature[0])}
    kind = feature.get("_type")
    if kind == "Value":
        return {"dtype": feature["dtype"]}
    if kind == "ClassLabel":
        return {"dtype": _yaml_element(feature)}
    if kind == "Sequence":
        return {"sequence": _yaml_element(feature["feature"])}
    return {"struct": yaml_features(feature)}


def _yaml_element(feature: Any) -> Any:
    """The element type of a list or sequence in the card's YAML form."""
    if isinstance(feature, list):
        return {"list": _yaml_element(feature[0])}
    kind = feature.get("_type")
    if kind == "Value":
        return feature["dtype"]
    if kind == "ClassLabel":
        return {"class_label": {"names": {str(i): n for i, n in enumerate(feature["names"])}}}
    if kind == "Sequence":
        return {"sequence": _yaml_element(feature["feature"])}
    return yaml_features(feature)


def yaml_lines(value: Any, indent: int = 0) -> list[str]:
    """Block YAML of nested dicts, lists and scalars (strings JSON-quoted, which YAML reads)."""
    pad = "  " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            name = key if _BARE_KEY.match(key) else orjson.dumps(key).decode()
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{name}:")
                lines += yaml_lines(item, indent + 1)
            else:
                lines.append(f"{pad}{name}: {orjson.dumps(item).decode()}")
        return lines
    for item in value:
        if isinstance(item, dict | list) and item:
            inner = yaml_lines(item, indent + 1)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
        else:
            lines.append(f"{pad}- {orjson.dumps(item).decode()}")
    return lines


def dataset_card(
    layers: tuple[Layer, ...],
    features: dict[str, Any],
    splits: dict[str, tuple[int, int]],
    schema_ref: str,
) -> str:
    """README.md with the YAML header `datasets` reads: configs, features and splits (rows and
    bytes of each)."""
    header = {
        "task_categories": ["token-classification"],
        "configs": [
            {
                "config_name": "default",
                "data_files": [{"split": name, "path": f"{name}.jsonl"} for name in splits],
            }
        ],
        "dataset_info": {
            "features": yaml_features(features),
            "splits": [
                {"name": name, "num_bytes": size, "num_examples": count}
                for name, (count, size) in splits.items()
            ],
        },
    }
    lines = ["---", *yaml_lines(header), "---", ""]
    lines += [f"# Token classification export of schema {schema_ref}", ""]
    lines += [
        "One line per document and annotator: `text`, `tokens` and one IOB2 tag column per",
        "layer (`ClassLabel` sequences). `spans` lists every span (character offsets, inclusive",
        "token indices, label, fragments of a discontinuous span, typed attributes), also those",
        "a layer could not hold; `relations` link spans by their index in `spans`; `doc_labels`",
        "holds the document-level choices. `manifest.json` lists what was left out and why.",
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
            handle.write(orjson.dumps(hf_row(record, layers, ids, report)) + b"\n")
            count += 1
    written = dict(report.facts.get("split_rows", {}))
    files = [data]
    if count:
        written[split] = count
    else:
        (out_dir / data).unlink()
        files = []
    features = features_dict(layers, report.schema)
    report.describe(
        offset_unit="tokens (tags per token); spans in unicode code points, end-exclusive",
        tag_scheme="IOB2",
        layers={layer.name: list(layer.labels) for layer in layers},
        columns=list(features),
        relations="head and child are indices into the row's spans",
        split_rows=written,
    )
    info = {"features": features, "splits": {k: {"num_examples": v} for k, v in written.items()}}
    (out_dir / INFO_NAME).write_bytes(orjson.dumps(info, option=orjson.OPT_INDENT_2))
    sizes = {
        name: (rows, (out_dir / f"{name}.jsonl").stat().st_size) for name, rows in written.items()
    }
    card = dataset_card(layers, features, sizes, report.schema.ref)
    (out_dir / CARD_NAME).write_text(card, encoding="utf-8")
    return [*files, Path(INFO_NAME), Path(CARD_NAME)]


register(
    FormatSpec(
        name="hf",
        description="Hugging Face datasets JSONL: IOB2 ClassLabel layers, spans, relations, doc labels",
        writer=write_hf,
        suffixes=(".jsonl",),
    )
)
