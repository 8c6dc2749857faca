"""Label Studio JSON tasks: read any text project's export, write tasks with a labeling config.

Offsets count code points, as current Label Studio and its converters do; `offsets="utf16"`
reads and writes exports of Label Studio 1.x, which counted UTF-16 code units. On reading, a
task whose results carry `value.text` shows which unit it uses, and the reader says so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any, TypeGuard

import orjson

from annotator.formats.base import (
    FormatError,
    FormatSpec,
    IncomingRecord,
    Loss,
    RawSuggestion,
    ReadProblem,
    register,
)
from annotator.formats.labelstudio_config import (
    LABELS_NAME,
    TEXT_NAME,
    ConfigParts,
    LabelingConfig,
    config_beside,
    labeling_config,
    read_config,
    result_kind,
)
from annotator.formats.labelstudio_results import (
    Document,
    Results,
    labels_items,
    read_results,
    same_text,
)
from annotator.formats.lines import from_iso, input_files
from annotator.records.models import ANSWERS, CanonicalRecord, Span
from annotator.records.tokenization import OFFSET_UNITS, Utf16Map, doc_id_for
from annotator.schema.model import LabelSchema

CONFIG_NAME = "labeling_config.xml"
_NOT_REGION_ID = re.compile(r"[^A-Za-z0-9_-]")  # Label Studio ids use these characters only


def offsets_option(value: str) -> str:
    """The --offsets flag's unit, or FormatError naming the choices."""
    if value not in OFFSET_UNITS:
        raise FormatError(f"use {' or '.join(OFFSET_UNITS)}")
    return value


def _unit_check(offsets: str) -> str:
    """The offset unit asked for, or ValueError naming the choices."""
    if offsets not in OFFSET_UNITS:
        raise ValueError(f"offsets {offsets!r}: use {' or '.join(OFFSET_UNITS)}")
    return offsets


# ---------------------------------------------------------------------------------------- read


@dataclass(slots=True)
class _Parts:
    """A task's annotations and predictions as read, before the records are made."""

    annotations: list[tuple[int, dict[str, Any], Results]] = field(default_factory=list)
    suggested: dict[tuple[int, int, str], RawSuggestion] = field(default_factory=dict)
    losses: Counter[str] = field(default_factory=Counter)
    details: dict[str, str] = field(default_factory=dict)

    def lose(self, kind: str, detail: str, count: int = 1) -> None:
        """Count a part of the task that cannot be kept."""
        if count > 0:
            self.losses[kind] += count
            self.details.setdefault(kind, detail)

    def suggest(self, made: RawSuggestion) -> None:
        """Keep a prediction's span; of several models' predictions of one span, the surest."""
        key = (made.span.start, made.span.end, made.span.label)
        other = self.suggested.get(key)
        if other is not None:
            self.lose(
                "prediction of a span another prediction also made",
                "one suggestion per span is kept: the one with the highest score",
            )
            if other.score >= made.score:
                return
        self.suggested[key] = made

    def take(self, read: Results, prefix: str = "") -> None:
        """Add what a result list could not keep."""
        for kind, count in read.losses.items():
            self.lose(f"{prefix}{kind}", read.details.get(kind, ""), count)

    def loss_list(self) -> tuple[Loss, ...]:
        """The losses as the import reports them."""
        return tuple(Loss(k, n, self.details.get(k, "")) for k, n in self.losses.items())


def _data_of(task: dict[str, Any]) -> dict[str, Any]:
    """A task's data: its `data` object, or (as Label Studio imports it) the task itself."""
    data = task.get("data")
    if isinstance(data, dict):
        return data
    return {k: v for k, v in task.items() if k not in ("annotations", "predictions")}


def _all_results(task: dict[str, Any]) -> list[dict[str, Any]]:
    """Every result object of a task's annotations and predictions, in file order."""
    found: list[dict[str, Any]] = []
    for key in ("annotations", "completions", "predictions"):
        entries = task.get(key)
        for entry in entries if isinstance(entries, list) else []:
            result = entry.get("result") if isinstance(entry, dict) else None
            if isinstance(result, list):
                found.extend(item for item in result if isinstance(item, dict))
    return found


def _text_key(
    data: dict[str, Any], results: list[dict[str, Any]], config: LabelingConfig | None
) -> str | None:
    """The data key holding the document's text: the one its text spans' to_name shows (`text`
    if one of them), else the config's Text object, else `text`, else the single string field."""
    fields: Counter[str] = Counter()
    for *_, name in labels_items(results):
        key = config.key_of(name) if config is not None and isinstance(name, str) else None
        key = key if key is not None else name
        if isinstance(key, str) and isinstance(data.get(key), str):
            fields[key] += 1
    if fields:  # data.text when spans sit on it, else the field most spans sit on
        return TEXT_NAME if TEXT_NAME in fields else fields.most_common(1)[0][0]
    for found in config.objects.values() if config is not None else ():
        if found.tag == "text" and isinstance(data.get(found.key), str):
            return found.key
    if isinstance(data.get(TEXT_NAME), str):
        return TEXT_NAME
    strings = [k for k, v in data.items() if isinstance(v, str)]
    return strings[0] if len(strings) == 1 else None


def _document_test(data: dict[str, Any], key: str, config: LabelingConfig | None) -> Any:
    """Whether a result's to_name is the document's text (unknown names are taken to be)."""

    def on_document(name: Any) -> bool:
        if not isinstance(name, str):
            return True
        shown = config.key_of(name) if config is not None else None
        if shown is not None:
            return shown == key
        return name == key or name not in data

    return on_document


def _offset_unit(
    text: str, offsets: Utf16Map, task: dict[str, Any], asked: str
) -> tuple[str, str | None] | str:
    """The unit this task's offsets count, and a note saying how it was found; or a problem when
    its results disagree. Texts without astral characters count the same in both units."""
    if not offsets.differs:
        return asked, None
    votes: dict[str, str] = {}
    for entry in (*_entries(task, "annotations"), *_entries(task, "predictions")):
        result = entry.get("result")
        for j, value, _ in labels_items(result if isinstance(result, list) else []):
            given = value.get("text")
            if not isinstance(given, str):
                continue
            fits = [u for u in OFFSET_UNITS if _covers(text, offsets, value, u, given)]
            if len(fits) == 1:
                votes.setdefault(fits[0], f"result[{j}]")
    if len(votes) == 2:
        return (
            f"its results count offsets both in code points ({votes['codepoints']}) and in "
            f"UTF-16 code units ({votes['utf16']}); fix the task so one unit is used"
        )
    if votes:
        (unit,) = votes
        if unit == "utf16":
            return unit, (
                "Label Studio task(s) count offsets in UTF-16 code units (Label Studio 1.x), "
                "found from value.text: converted to code points"
            )
        if asked == "utf16":
            return unit, (
                "Label Studio task(s) count offsets in code points although --offsets utf16 "
                "was given (found from value.text): read as code points"
            )
        return unit, "Label Studio task(s) with emoji count offsets in code points (value.text)"
    hint = "pass --offsets utf16 for Label Studio 1.x exports" if asked == "codepoints" else ""
    return asked, (
        "Label Studio task(s) with emoji and no value.text to tell the offset unit: read as "
        + ("UTF-16 code units" if asked == "utf16" else f"code points ({hint})")
    )


def _entries(task: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """A task's annotations (or old `completions`) or predictions that are objects."""
    entries = task.get(key) or (task.get("completions") if key == "annotations" else None)
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _covers(text: str, offsets: Utf16Map, value: dict[str, Any], unit: str, given: str) -> bool:
    """Whether a labels value's offsets, counted in `unit`, cover its value.text."""
    try:
        start, end = offsets.from_unit(value["start"], unit), offsets.from_unit(value["end"], unit)
    except ValueError:
        return False
    return 0 <= start < end <= len(text) and same_text(given, text[start:end])


def _annotator_of(annotation: dict[str, Any]) -> str | None:
    """Who made an annotation: our key, else Label Studio's completed_by (id or user object)."""
    name = annotation.get("annotator")
    if isinstance(name, str) and name:
        return name
    user = annotation.get("completed_by")
    if isinstance(user, dict):
        user = user.get("email") or user.get("id")
    return f"labelstudio:{user}" if user not in (None, "") else None


def _meta(
    task: dict[str, Any], data: dict[str, Any], key: str, text: str, parts: _Parts
) -> dict[str, Any]:
    """The document's meta: data.meta, the other data fields, the task's own meta, and the
    document-level values of its annotations (the first annotation's where they differ)."""
    meta = dict(data["meta"]) if isinstance(data.get("meta"), dict) else {}

    def put(name: str, value: Any, prefix: str) -> None:
        meta[name if name not in meta else f"{prefix}{name}"] = value

    for name, value in data.items():
        ours = name == "doc_id" and value == doc_id_for(text)  # what our export writes
        if name != key and not ours and not (name == "meta" and isinstance(value, dict)):
            put(name, value, "data.")
    task_meta = task.get("meta") if "data" in task else None
    for name, value in (task_meta if isinstance(task_meta, dict) else {}).items():
        put(name, value, "task.")
    values: dict[str, Any] = {}
    for _, _, read in parts.annotations:
        for name, value in read.doc_values.items():
            if name in values and values[name] != value:
                parts.lose(
                    "document-level value differing between annotations",
                    "meta keeps the first annotation's value",
                )
                continue
            values.setdefault(name, value)
    for name, value in values.items():
        put(name, value, "result.")
    return meta


def task_records(
    task: Any,
    where: str,
    index: int,
    offsets: str = "codepoints",
    config: LabelingConfig | None = None,
) -> Iterator[IncomingRecord | ReadProblem]:
    """The records of one task: one per annotation, or the bare document when unannotated."""
    if not isinstance(task, dict):
        yield ReadProblem(where, None, f"task {index}: must be an object with a data object")
        return
    data = _data_of(task)
    key = _text_key(data, _all_results(task), config)
    if key is None:
        fields = ", ".join(k for k, v in data.items() if isinstance(v, str)) or "none"
        yield ReadProblem(
            where,
            None,
            f"task {index}: cannot tell which data field holds the text (string fields: {fields}); "
            f"put it in data.text, or save the project's labeling config as {CONFIG_NAME} beside "
            "the file",
        )
        return
    text = data[key]
    by_url = config is not None and any(o.by_url and o.key == key for o in config.objects.values())
    if not text or by_url:
        yield ReadProblem(
            where, None, f"task {index}: data.{key} must hold the text itself, a non-empty string"
        )
        return
    for name in ("annotations", "completions", "predictions"):
        if name in task and not isinstance(task[name], list):
            yield ReadProblem(where, None, f"task {index}: {name} must be a list of objects")
            return
    mapping = Utf16Map(text)
    unit = _offset_unit(text, mapping, task, offsets)
    if isinstance(unit, str):
        yield ReadProblem(where, None, f"task {index}: {unit}")
        return
    doc = Document(text, key, _document_test(data, key, config), mapping, unit[0])
    parts = _Parts()
    for problem in _read_entries(task, doc, parts):
        yield ReadProblem(where, None, f"task {index} {problem}")
    _count_task_losses(task, parts)
    yield from _records(task, data, doc, parts, where, unit[1])


def _read_entries(task: dict[str, Any], doc: Document, parts: _Parts) -> Iterator[str]:
    """Read every annotation and prediction into `parts`; yield a located problem for each one
    that cannot be read (the task's other annotations are still read)."""
    entries = task.get("annotations") or task.get("completions") or []
    if not isinstance(entries, list):
        yield "annotations (or completions) must be a list of annotation objects"
        return
    for k, annotation in enumerate(entries):
        if not isinstance(annotation, dict):
            yield f"annotation {k}: must be an object"
            continue
        read = read_results(doc, annotation.get("result"))
        if isinstance(read, str):
            yield f"annotation {k} {read}"
            continue
        parts.annotations.append((k, annotation, read))
        parts.take(read)
        reviews = annotation.get("reviews")
        parts.lose(
            "Label Studio review",
            "review verdicts are not imported",
            len(reviews) if isinstance(reviews, list) else 0,
        )
        if annotation.get("ground_truth") is True:
            parts.lose("ground-truth mark", "every imported annotation is an ordinary answer")
    for p, prediction in enumerate(task.get("predictions") or []):
        if not isinstance(prediction, dict):
            yield f"prediction {p}: must be an object"
            continue
        read = read_results(doc, prediction.get("result"))
        if isinstance(read, str):
            yield f"prediction {p} {read}"
            continue
        version = prediction.get("model_version")
        source = version if isinstance(version, str) and version else "labelstudio prediction"
        overall = prediction.get("score")
        for span, score in zip(read.spans, read.scores, strict=True):
            if score is None:
                score = float(overall) if _number(overall) else 1.0
            parts.suggest(RawSuggestion(span, source, score))
        parts.take(read, "prediction ")
        parts.lose("prediction relation", "suggestions are spans only", len(read.relations))
        parts.lose("prediction document choice", "suggestions are spans only", len(read.doc_labels))
        parts.lose("prediction document value", "suggestions are spans only", len(read.doc_values))


def _count_task_losses(task: dict[str, Any], parts: _Parts) -> None:
    """Parts of a task outside its annotations and predictions that are not kept."""
    drafts = task.get("drafts")
    parts.lose(
        "Label Studio draft",
        "drafts are unsubmitted: submit them in Label Studio to keep them",
        len(drafts) if isinstance(drafts, list) else 0,
    )


def _records(
    task: dict[str, Any],
    data: dict[str, Any],
    doc: Document,
    parts: _Parts,
    where: str,
    note: str | None,
) -> Iterator[IncomingRecord]:
    """Records of a read task; the first carries the suggestions, losses and note."""
    meta = _meta(task, data, doc.key, doc.text, parts)
    shared: dict[str, Any] = {
        "suggestions": tuple(parts.suggested.values()),
        "losses": parts.loss_list(),
        "notes": (note,) if note else (),
    }
    if not parts.annotations:
        if not _entries(task, "annotations"):  # a task whose annotations all failed is refused
            yield IncomingRecord(text=doc.text, path=where, meta=meta, **shared)
        return
    several = len(parts.annotations) > 1
    for k, annotation, read in parts.annotations:
        answer = annotation.get("answer")
        if answer not in ANSWERS:
            answer = "ignore" if annotation.get("was_cancelled") else "accept"
        lead = annotation.get("lead_time")
        who = _annotator_of(annotation)
        if who is None and several:  # keep one task's annotations apart
            who = f"labelstudio:annotation-{annotation.get('id', k + 1)}"
        yield IncomingRecord(
            text=doc.text,
            path=where,
            meta=meta,
            spans=tuple(read.spans),
            relations=tuple(read.relations),
            doc_labels=dict(read.doc_labels),
            annotator=who,
            answer=answer,
            created_at=from_iso(annotation.get("created_at")),
            updated_at=from_iso(annotation.get("updated_at")),
            duration_s=float(lead) if _number(lead) and lead >= 0 else None,
            **shared,
        )
        shared = {}


def _number(value: Any) -> TypeGuard[int | float]:
    """Whether a JSON value is a number (true and false are not)."""
    return type(value) in (int, float)


def read_labelstudio(
    path: Path, offsets: str = "codepoints"
) -> Iterator[IncomingRecord | ReadProblem]:
    """Read Label Studio JSON exports (a file or the .json files of a folder), with the labeling
    config saved beside them if there is one."""
    unit = _unit_check(offsets)
    for file in input_files(path, (".json",)):
        config = None
        found = config_beside(file)
        if found is not None:
            read = read_config(found)
            if isinstance(read, str):
                yield ReadProblem(str(found), None, read)
            else:
                config = read
        try:
            tasks = orjson.loads(file.read_bytes())
        except OSError as exc:
            yield ReadProblem(str(file), None, f"cannot read the file: {exc.strerror or exc}")
            continue
        except orjson.JSONDecodeError as exc:
            yield ReadProblem(str(file), None, f"invalid JSON ({exc}); export the project again")
            continue
        for index, task in enumerate(tasks if isinstance(tasks, list) else [tasks]):
            yield from task_records(task, str(file), index, unit, config)


# --------------------------------------------------------------------------------------- write


def region_ids(spans: Iterable[Span]) -> dict[str, str]:
    """A Label Studio region id per span id (letters, digits, _ and - only; unique)."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for span in spans:
        base = _NOT_REGION_ID.sub("_", span.id or f"{span.label}_{span.start}-{span.end}")
        made, n = base, 1
        while made in taken:
            n += 1
            made = f"{base}-{n}"
        taken.add(made)
        ids[span.id] = made
    return ids


class _TaskWriter:
    """Builds the tasks of one export and notes what its labeling config must declare."""

    def __init__(self, schema: LabelSchema, report: Any, unit: str) -> None:
        """Index the schema's attribute types once."""
        self.report = report
        self.unit = unit
        self.parts = ConfigParts()
        self.attribute_kinds = {
            (spec.name, attribute.name): result_kind(attribute.type, attribute.values)[0]
            for spec in schema.labels
            for attribute in spec.attributes
        }
        self.undirected = {spec.name for spec in schema.relations if not spec.directed}

    def task(self, records: list[CanonicalRecord], task_id: int) -> dict[str, Any]:
        """One task for a document with every exported annotation of it."""
        first = records[0]
        offsets = Utf16Map(first.text)
        return {
            "id": task_id,
            "data": {TEXT_NAME: first.text, "doc_id": first.doc_id, "meta": first.meta},
            "annotations": [self.annotation(r, offsets) for r in records],
        }

    def annotation(self, record: CanonicalRecord, offsets: Utf16Map) -> dict[str, Any]:
        """One annotation: spans, their attributes, relations and document choices as results."""
        ids = region_ids(record.spans)
        result: list[dict[str, Any]] = []
        labels, unit = self.parts.labels, self.unit
        for span in record.spans:
            region = ids[span.id]
            place = {
                "start": offsets.to_unit(span.start, unit),
                "end": offsets.to_unit(span.end, unit),
                "text": span.text,
            }
            value = {**place, "labels": [span.label]}
            result.append(_result(region, LABELS_NAME, "labels", value))
            labels[span.label] = None
            for name, held in span.attrs.items():
                made = self.attribute(span, name, held)
                if made is not None:
                    result.append(_result(region, name, made[0], {**place, **made[1]}))
        result.extend(self.relation(relation.__dict__, ids) for relation in record.relations)
        for name, values in record.doc_labels.items():
            self.parts.doc_labels.setdefault(name, {}).update(dict.fromkeys(values))
            if len(values) > 1:
                self.parts.multiple.add(name)
            result.append(_result(None, name, "choices", {"choices": list(values)}))
        if any(span.fragments for span in record.spans):
            self.report.drop_part(
                "fragments",
                "Label Studio text regions are continuous: a discontinuous span is written as "
                "its whole extent",
                sum(1 for span in record.spans if span.fragments),
            )
        return {
            "result": result,
            "was_cancelled": record.answer != "accept",
            "created_at": record.created_at.isoformat(),
            "updated_at": record.updated_at.isoformat(),
            "lead_time": record.duration_s,
            "annotator": record.annotator,
            "answer": record.answer,
        }

    def attribute(self, span: Span, name: str, value: Any) -> tuple[str, dict[str, Any]] | None:
        """(result type, value fields) of a per-region result holding one span attribute; None
        (and counted in the manifest) for a value no Label Studio control holds."""
        kind = self.attribute_kinds.get((span.label, name)) or _kind_of_value(value)
        held: dict[str, Any] | None = None
        if kind == "choices" and type(value) is bool:
            held = {"choices": ["true" if value else "false"]}
        elif kind == "choices" and isinstance(value, str):
            held = {"choices": [value]}
        elif kind == "choices" and _strings(value):
            held = {"choices": list(value)}
        elif kind == "number" and type(value) in (int, float):
            held = {"number": value}
        elif kind == "textarea" and isinstance(value, str):
            held = {"text": [value]}
        written = self.parts.control_kind(name)
        clash = (written is not None and written != kind) or name in (LABELS_NAME, TEXT_NAME)
        if held is None or clash:
            self.report.drop_part(
                "span attributes",
                "Label Studio per-region controls hold one kind of value each (choices, text or "
                "a number), named apart from the labels and document choices",
            )
            return None
        choices = held.get("choices", [])
        self.parts.note_region_control(name, kind, span.label, choices)
        return kind, held

    def relation(self, relation: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
        """A relation result between two regions, with its notes."""
        label = relation["label"]
        self.parts.relations[label] = None
        made = {
            "from_id": ids[relation["head"]],
            "to_id": ids[relation["child"]],
            "type": "relation",
            "direction": "bi" if label in self.undirected else "right",
            "labels": [label],
        }
        attrs = dict(relation["attrs"])
        notes = attrs.pop("notes", None)
        if isinstance(notes, str):
            made["notes"] = notes
        elif notes is not None:
            attrs["notes"] = notes
        self.report.drop_part(
            "relation attributes",
            "Label Studio relations hold labels and free-text notes only",
            len(attrs),
        )
        return made


def _result(region: str | None, control: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
    """One result on the text: a region's (with its id) or the document's (without)."""
    made: dict[str, Any] = {
        "from_name": control,
        "to_name": TEXT_NAME,
        "type": kind,
        "origin": "manual",
    }
    if region is not None:
        made["id"] = region
    made["value"] = value
    return made


def _kind_of_value(value: Any) -> str:
    """The result type for an attribute the schema does not declare, from its value."""
    if type(value) is bool or _strings(value):
        return "choices"
    if type(value) in (int, float):
        return "number"
    return "textarea"


def _strings(value: Any) -> bool:
    """A non-empty list of strings (several choices)."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def write_labelstudio(
    records: Iterable[CanonicalRecord],
    out_dir: Path,
    split: str,
    report: Any,
    offsets: str = "codepoints",
) -> list[Path]:
    """Write `<split>.json` (a JSON array of tasks, streamed) and the labeling config."""
    unit = _unit_check(offsets)
    counted = "UTF-16 code units (Label Studio 1.x)" if unit == "utf16" else "code points"
    report.describe(offset_unit=f"{counted}, end-exclusive")
    writer = report.writer_state.setdefault("labelstudio", _TaskWriter(report.schema, report, unit))
    path = Path(f"{split}.json")
    with (out_dir / path).open("wb") as handle:
        handle.write(b"[")
        for task_id, (_, group) in enumerate(groupby(records, key=lambda r: r.doc_id), start=1):
            handle.write(b"\n" if task_id == 1 else b",\n")
            handle.write(orjson.dumps(writer.task(list(group), task_id)))
        handle.write(b"\n]\n")
    config = labeling_config(report.schema, writer.parts)
    (out_dir / CONFIG_NAME).write_text(config, encoding="utf-8")
    return [path, Path(CONFIG_NAME)]


register(
    FormatSpec(
        name="labelstudio",
        description="Label Studio JSON tasks (spans, relations, choices; code point offsets)",
        reader=read_labelstudio,
        writer=write_labelstudio,
        suffixes=(".json",),
        options={"offsets": offsets_option},
    )
)
