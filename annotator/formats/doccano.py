"""doccano exports and imports, as JSONL or JSON: spans, relations, categories and metadata.

Read: every layout doccano has written. Sequence labelling `{"text", "label": [[start, end,
label]]}` (also `labels`, and `data` for the text as 1.6 wrote it); relation extraction
`{"entities": [{id, label, start_offset, end_offset}], "relations": [{from_id, to_id, type}]}`;
intent detection `{"entities": [[start, end, label]], "cats": [...]}`; text classification
`{"label": ["positive"]}`; and 1.x `{"annotations": [{label: 12, start_offset, end_offset,
user}]}`, one record per user, label ids named by `label_name`, a label file, or `LABEL_12`.
doccano spreads a document's metadata over the top level of its lines, next to `id` and
`Comments`: every key the reader does not interpret is kept as metadata under its own name.

Written: the relation layout when a record has relations, `entities` and `cats` when it has
document labels, otherwise `label` triples; metadata spread at the top level as doccano writes
it; span attributes in a top-level `span_attrs` list, which doccano keeps as metadata.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson

from annotator.formats.base import (
    FormatError,
    FormatSpec,
    IncomingRecord,
    Loss,
    RawSpan,
    ReadProblem,
    register,
)
from annotator.formats.choices import categories_of, doc_labels_of
from annotator.formats.lines import checked_span, from_iso, read_json_lines, write_json_lines
from annotator.records.models import CanonicalRecord, Relation, span_id

DEFAULT_CATEGORY = "category"  # the document label doccano's categories are read into
# [[start, end, label, {attrs}], ...]: span attributes, a top-level key doccano keeps as metadata
SPAN_ATTRS = "span_attrs"
SUFFIXES = (".jsonl", ".json")
# Top-level keys the reader interprets (besides the text); any other key is document metadata.
READ_KEYS = frozenset(
    {
        "text",
        "label",
        "labels",
        "entities",
        "relations",
        "cats",
        "annotations",
        "meta",
        "annotator",
        "username",
        SPAN_ATTRS,
    }
)
LabelNames = dict[int, str]
# Keys of a label definition (doccano's label file), never of a document.
LABEL_KEYS = frozenset({"background_color", "text_color", "suffix_key", "prefix_key"})


def load_label_names(value: str) -> LabelNames:
    """Label ids to names from doccano's label export (a JSON list of {id, text}); FormatError
    says what is wrong with the file."""
    path = Path(value)
    try:
        items = orjson.loads(path.read_bytes())
    except OSError as exc:
        raise FormatError(f"{path}: cannot read the label file: {exc.strerror or exc}") from None
    except orjson.JSONDecodeError as exc:
        raise FormatError(f"{path}: invalid JSON ({exc}); fix the label file") from None
    if not isinstance(items, list):
        raise FormatError(f"{path}: a doccano label file is a JSON list of {{id, text}} objects")
    names: LabelNames = {}
    for index, item in enumerate(items):
        label_id = item.get("id") if isinstance(item, dict) else None
        name = item.get("text") if isinstance(item, dict) else None
        if type(label_id) is not int or not isinstance(name, str) or not name:
            raise FormatError(
                f"{path}: label {index} needs an integer 'id' and a non-empty 'text' "
                "(export the labels from doccano's label page)"
            )
        names[label_id] = name
    return names


# Reading


def _metadata(obj: dict[str, Any], text_key: str) -> tuple[dict[str, Any], list[Loss]]:
    """The document's metadata: the nested `meta` object merged with the top-level extras."""
    losses: list[Loss] = []
    nested = obj.get("meta", {})
    if isinstance(nested, str):  # doccano 1.x wrote meta as a JSON string
        try:
            nested = orjson.loads(nested)
        except orjson.JSONDecodeError:
            nested = {"meta": nested}
    if not isinstance(nested, dict):
        nested = {"meta": nested}
    meta = dict(nested)
    for key, value in obj.items():
        if key in READ_KEYS or key == text_key:
            continue
        if key in meta and meta[key] != value:
            losses.append(Loss("doccano metadata key given twice", 1, f"top-level {key!r} kept"))
        meta[key] = value
    return meta, losses


def _span(item: Any, text: str, where: str) -> RawSpan | str:
    """A span from a `[start, end, label]` triple or an entity object, or why it is unusable."""
    if isinstance(item, dict):
        start, end, label = item.get("start_offset"), item.get("end_offset"), item.get("label")
    elif isinstance(item, list) and len(item) == 3:
        start, end, label = item
    else:
        return f"{where} must be [start, end, label] or {{start_offset, end_offset, label}}"
    checked = checked_span(text, start, end, label)
    if isinstance(checked, str):
        return f"{where}: {checked}"
    return RawSpan(*checked, id=span_id(*checked))


def _is_category_list(value: Any) -> bool:
    """Whether a `label` value holds categories (strings) rather than span triples."""
    return isinstance(value, str) or (
        isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)
    )


def _categories(obj: dict[str, Any]) -> list[str] | str:
    """Category strings from `cats` and from a `label`/`labels` of strings, or why not."""
    found: list[str] = []
    for key in ("cats", "label", "labels"):
        value = obj.get(key)
        if value is None or (key != "cats" and not _is_category_list(value)):
            continue
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            return f"'{key}' must be a list of category names"
        found.extend(values)
    return found


def _spans_and_ids(
    obj: dict[str, Any], text: str
) -> tuple[list[RawSpan], dict[Any, str], bool] | str:
    """Spans from `entities` and from a `label`/`labels` of triples, entity ids to span ids, and
    whether the line has a span field at all; or why a span is unusable."""
    spans: list[RawSpan] = []
    ids: dict[Any, str] = {}
    present = False
    for key in ("entities", "label", "labels"):
        value = obj.get(key)
        if value is None or (key != "entities" and _is_category_list(value)):
            continue
        present = True
        if not isinstance(value, list):
            return f"'{key}' must be a list of spans"
        for index, item in enumerate(value):
            made = _span(item, text, f"{key}[{index}]")
            if isinstance(made, str):
                return made
            if isinstance(item, dict) and "id" in item:
                if item["id"] in ids:
                    return f"{key}[{index}]: entity id {item['id']!r} is used twice"
                ids[item["id"]] = made.id
            spans.append(made)
    return spans, ids, present


def _relations(obj: dict[str, Any], ids: dict[Any, str]) -> list[Relation] | str:
    """Relations from `relations`, their ends named by entity id, or why one is unusable."""
    value = obj.get("relations")
    if value is None:
        return []
    if not isinstance(value, list):
        return "'relations' must be a list of {from_id, to_id, type}"
    relations = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            return f"relations[{index}] must be an object {{from_id, to_id, type}}"
        label = item.get("type")
        if not isinstance(label, str) or not label:
            return f"relations[{index}]: 'type' must be a non-empty string"
        ends = []
        for role in ("from_id", "to_id"):
            if item.get(role) not in ids:
                return f"relations[{index}]: {role} {item.get(role)!r} names no entity of the line"
            ends.append(ids[item[role]])
        relations.append(Relation(head=ends[0], child=ends[1], label=label))
    return relations


def _with_attrs(
    obj: dict[str, Any], spans: list[RawSpan]
) -> tuple[list[RawSpan], list[Loss]] | str:
    """Spans with the attributes the `span_attrs` list gives them (as this tool writes it)."""
    entries = obj.get(SPAN_ATTRS)
    if entries is None:
        return spans, []
    if not isinstance(entries, list):
        return f"'{SPAN_ATTRS}' must be a list of [start, end, label, {{attributes}}]"
    attrs: dict[tuple[Any, ...], dict[str, Any]] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, list) or len(entry) != 4 or not isinstance(entry[3], dict):
            return f"{SPAN_ATTRS}[{index}] must be [start, end, label, {{attributes}}]"
        attrs[tuple(entry[:3])] = entry[3]
    kept = []
    for span in spans:
        given = attrs.pop((span.start, span.end, span.label), None)
        kept.append(span if given is None else replace(span, attrs=given))
    losses = [Loss(f"doccano {SPAN_ATTRS} entry without its span", len(attrs))] if attrs else []
    return kept, losses


def doccano_records(
    obj: dict[str, Any], where: str, number: int, labels: LabelNames | None = None
) -> list[IncomingRecord] | ReadProblem:
    """Read one doccano line into records (one per user for the 1.x layout), or say what is wrong."""
    if LABEL_KEYS & obj.keys():
        return ReadProblem(
            where,
            number,
            "this is a doccano label definition, not a document; pass its file with --labels",
        )
    text_key = "text" if "text" in obj else "data"
    text = obj.get(text_key)
    if not isinstance(text, str) or not text:
        return ReadProblem(where, number, "a doccano line needs a non-empty 'text' string")
    meta, losses = _metadata(obj, text_key)
    annotator = obj.get("annotator", obj.get("username"))
    base = IncomingRecord(
        text=text,
        path=where,
        line=number,
        meta=meta,
        annotator=annotator if isinstance(annotator, str) and annotator else None,
        losses=tuple(losses),
    )
    if "annotations" in obj:
        return _v1_records(obj["annotations"], base, labels or {})
    found = _spans_and_ids(obj, text)
    if isinstance(found, str):
        return ReadProblem(where, number, found)
    spans, ids, has_spans = found
    categories = _categories(obj)
    if isinstance(categories, str):
        return ReadProblem(where, number, categories)
    relations = _relations(obj, ids)
    if isinstance(relations, str):
        return ReadProblem(where, number, relations)
    attributed = _with_attrs(obj, spans)
    if isinstance(attributed, str):
        return ReadProblem(where, number, attributed)
    spans, attr_losses = attributed
    answered = has_spans or "cats" in obj or bool(categories) or bool(relations)
    return [
        replace(
            base,
            spans=tuple(spans) if answered else None,
            relations=tuple(relations),
            doc_labels=doc_labels_of(categories, DEFAULT_CATEGORY),
            losses=(*base.losses, *attr_losses),
        )
    ]


def _v1_records(
    annotations: Any, base: IncomingRecord, labels: LabelNames
) -> list[IncomingRecord] | ReadProblem:
    """doccano 1.x `annotations` as one record per user: spans, categories, timestamps."""
    if not isinstance(annotations, list):
        return ReadProblem(base.path, base.line, "'annotations' must be a list of objects")
    by_user: dict[Any, dict[str, Any]] = {}
    unnamed: list[int] = []
    losses: list[Loss] = []
    for index, item in enumerate(annotations):
        if not isinstance(item, dict):
            return ReadProblem(base.path, base.line, f"annotations[{index}] must be an object")
        user = by_user.setdefault(
            item.get("user"),
            {"name": item.get("user_name"), "spans": [], "categories": [], "times": []},
        )
        user["times"].extend(t for t in (from_iso(item.get(k)) for k in _TIMES) if t)
        if item.get("prob") not in (None, 0, 0.0):
            losses.append(Loss("doccano 1.x annotation prob", 1, "a model's score on the label"))
        if "label" not in item:
            losses.append(Loss("doccano 1.x label-free annotation", 1, "sequence-to-sequence text"))
            continue
        name = _label_name(item, labels, unnamed)
        if name is None:
            return ReadProblem(
                base.path, base.line, f"annotations[{index}]: 'label' must be a label id or name"
            )
        if "start_offset" not in item and "end_offset" not in item:
            user["categories"].append(name)
            continue
        made = _span([item.get("start_offset"), item.get("end_offset"), name], base.text, "")
        if isinstance(made, str):
            return ReadProblem(base.path, base.line, f"annotations[{index}]{made}")
        user["spans"].append(made)
    if unnamed:
        losses.append(
            Loss(
                "doccano 1.x label name(s), given as ids only",
                len(unnamed),
                "named LABEL_<id>; pass --labels with doccano's label export "
                "(a JSON list of {id, text}) to use its names",
            )
        )
    answered = {u: found for u, found in by_user.items() if found["spans"] or found["categories"]}
    if not answered:
        return [replace(base, losses=(*base.losses, *losses))]
    records: list[IncomingRecord] = []
    for user_id, found in answered.items():
        times = sorted(found["times"])
        records.append(
            replace(
                base,
                spans=tuple(found["spans"]),
                doc_labels=doc_labels_of(found["categories"], DEFAULT_CATEGORY),
                annotator=_user_name(found["name"], user_id) or base.annotator,
                created_at=times[0] if times else None,
                updated_at=times[-1] if times else None,
                losses=(*base.losses, *losses) if not records else (),
            )
        )
    return records


_TIMES = ("created_at", "updated_at")


def _label_name(item: dict[str, Any], labels: LabelNames, unnamed: list[int]) -> str | None:
    """A 1.x annotation's label name: its `label_name`, the label file's name, or `LABEL_<id>`."""
    given, label = item.get("label_name"), item.get("label")
    if isinstance(given, str) and given:
        return given
    if isinstance(label, str) and label:
        return label
    if type(label) is not int:
        return None
    if label in labels:
        return labels[label]
    unnamed.append(label)
    return f"LABEL_{label}"


def _user_name(name: Any, user_id: Any) -> str | None:
    """A 1.x user's name: `user_name`, else `user_<id>`."""
    if isinstance(name, str) and name:
        return name
    return None if user_id is None else f"user_{user_id}"


def read_doccano(
    path: Path, labels: LabelNames | None = None
) -> Iterator[IncomingRecord | ReadProblem]:
    """Read doccano JSONL or JSON (a file, or the .jsonl/.json files of a folder)."""
    return read_json_lines(
        path, lambda obj, where, number: doccano_records(obj, where, number, labels), SUFFIXES
    )


# Writing


def doccano_line(record: CanonicalRecord, report: Any) -> dict[str, Any]:
    """One line in doccano's layout for what the record holds, metadata at the top level."""
    line: dict[str, Any] = {"text": record.text}
    nested: dict[str, Any] = {}
    for key, value in record.meta.items():
        (nested if key in READ_KEYS else line)[key] = value
    if nested:
        line["meta"] = nested
    line["annotator"] = record.annotator
    spans = record.spans
    triples = [[s.start, s.end, s.label] for s in spans]
    attrs = [[s.start, s.end, s.label, s.attrs] for s in spans if s.attrs]
    if any(s.fragments for s in spans):
        report.drop_part(
            "fragments",
            "doccano spans are continuous; the whole extent is written",
            sum(1 for s in spans if s.fragments),
        )
    categories = categories_of(record.doc_labels, DEFAULT_CATEGORY) if record.doc_labels else []
    if record.relations:
        index = {s.id: i for i, s in enumerate(spans)}
        line["entities"] = [
            {"id": i, "label": label, "start_offset": start, "end_offset": end}
            for i, (start, end, label) in enumerate(triples)
        ]
        line["relations"] = [
            {"id": i, "from_id": index[r.head], "to_id": index[r.child], "type": r.label}
            for i, r in enumerate(record.relations)
        ]
        attributed = sum(1 for r in record.relations if r.attrs)
        report.drop_part("relation attributes", "doccano relations hold a type only", attributed)
    elif spans and categories:
        line["entities"] = triples
    elif spans or not categories:
        line["label"] = triples
    if categories:
        line["cats" if spans else "label"] = categories
    if attrs:
        line[SPAN_ATTRS] = attrs
    return line


def write_doccano(
    records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
) -> list[Path]:
    """Write `<split>.jsonl` in doccano's export layouts."""
    report.describe(
        offset_unit="unicode code points, end-exclusive",
        span_attrs=f"top-level '{SPAN_ATTRS}' list [start, end, label, attrs] (doccano metadata)",
        doc_labels=f"categories ('{DEFAULT_CATEGORY}' values as they are, others 'name:value')",
        span_ids="entity and relation ids renumbered from 0 per line",
    )
    return write_json_lines(records, out_dir, split, lambda r: doccano_line(r, report))


register(
    FormatSpec(
        name="doccano",
        description="doccano JSONL/JSON: spans, relations, categories and metadata; read and write",
        reader=read_doccano,
        writer=write_doccano,
        suffixes=SUFFIXES,
        options={"labels": load_label_names},
    )
)
