"""Label Studio JSON tasks with `labels` results; offsets in UTF-16 code units; read and write."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import orjson

from annotator.formats.base import FormatSpec, IncomingRecord, ReadProblem, register
from annotator.formats.lines import ANSWERS, from_iso, input_files, raw_span
from annotator.records import CanonicalRecord
from annotator.text import Utf16Map

FROM_NAME = "label"
TO_NAME = "text"
CONFIG_NAME = "labeling_config.xml"


def labeling_config(labels: Iterable[tuple[str, str]]) -> str:
    """The Label Studio labeling config matching the exported from_name/to_name and labels."""
    rows = [
        f"    <Label value={quoteattr(name)} background={quoteattr(color)}/>"
        for name, color in labels
    ]
    return "\n".join(
        [
            "<View>",
            f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">',
            *rows,
            "  </Labels>",
            f'  <Text name="{TO_NAME}" value="$text"/>',
            "</View>",
            "",
        ]
    )


def _annotation(record: CanonicalRecord, offsets: Utf16Map) -> dict[str, Any]:
    """One Label Studio annotation: result items with UTF-16 offsets, plus our provenance keys."""
    result = [
        {
            "id": span.id or f"{span.label}:{span.start}-{span.end}",
            "from_name": FROM_NAME,
            "to_name": TO_NAME,
            "type": "labels",
            "origin": "manual",
            "value": {
                "start": offsets.to_utf16(span.start),
                "end": offsets.to_utf16(span.end),
                "text": span.text,
                "labels": [span.label],
            },
        }
        for span in record.spans
    ]
    return {
        "result": result,
        "was_cancelled": record.answer != "accept",
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
        "lead_time": record.duration_s,
        "annotator": record.annotator,
        "answer": record.answer,
    }


def labelstudio_task(records: list[CanonicalRecord], task_id: int) -> dict[str, Any]:
    """One task for a document with every exported annotation of it."""
    first = records[0]
    offsets = Utf16Map(first.text)
    return {
        "id": task_id,
        "data": {"text": first.text, "doc_id": first.doc_id, "meta": first.meta},
        "annotations": [_annotation(r, offsets) for r in records],
    }


def write_labelstudio(
    records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
) -> list[Path]:
    """Write `<split>.json` (a JSON array of tasks, streamed) and the labeling config."""
    report.describe(offset_unit="UTF-16 code units, end-exclusive (as Label Studio counts)")
    path = Path(f"{split}.json")
    with (out_dir / path).open("wb") as handle:
        handle.write(b"[")
        for task_id, (_, group) in enumerate(groupby(records, key=lambda r: r.doc_id), start=1):
            handle.write(b"\n" if task_id == 1 else b",\n")
            handle.write(orjson.dumps(labelstudio_task(list(group), task_id)))
        handle.write(b"\n]\n")
    labels = [(spec.name, spec.color) for spec in report.schema.labels]
    (out_dir / CONFIG_NAME).write_text(labeling_config(labels), encoding="utf-8")
    return [path, Path(CONFIG_NAME)]


def _annotator_of(annotation: dict[str, Any]) -> str | None:
    """Who made an annotation: our key, else Label Studio's completed_by (id or user object)."""
    name = annotation.get("annotator")
    if isinstance(name, str) and name:
        return name
    user = annotation.get("completed_by")
    if isinstance(user, dict):
        user = user.get("email") or user.get("id")
    return f"labelstudio:{user}" if user not in (None, "") else None


def _spans(text: str, offsets: Utf16Map, result: Any) -> list | str:
    """RawSpans of the `labels` results, or a message naming the first bad item."""
    spans = []
    for j, item in enumerate(result if isinstance(result, list) else []):
        value = item.get("value") if isinstance(item, dict) else None
        if not isinstance(value, dict) or "labels" not in value:
            continue
        start16, end16 = value.get("start"), value.get("end")
        if type(start16) is not int or type(end16) is not int:  # true/false are not offsets
            return f"result[{j}]: value.start/end must be integers (UTF-16 offsets)"
        try:
            start, end = offsets.from_utf16(start16), offsets.from_utf16(end16)
        except ValueError as exc:
            return f"result[{j}]: {exc}"
        if not 0 <= start < end:
            return f"result[{j}]: empty span [{start16}, {end16})"
        given = value.get("text")
        if isinstance(given, str) and given != text[start:end]:
            return (
                f"result[{j}]: value.text {given!r} differs from the text at UTF-16 "
                f"[{start16}, {end16}) = {text[start:end]!r}; offsets must count UTF-16 code units"
            )
        for label in value["labels"] if isinstance(value["labels"], list) else []:
            if isinstance(label, str) and label:
                spans.append(raw_span(start, end, label))
    return spans


def task_records(task: Any, where: str, index: int) -> Iterator[IncomingRecord | ReadProblem]:
    """The records of one task: one per annotation, or the bare document when unannotated."""
    data = task.get("data") if isinstance(task, dict) else None
    text = data.get("text") if isinstance(data, dict) else None
    if not isinstance(text, str) or not text:
        yield ReadProblem(where, None, f"task {index}: needs data.text, a non-empty string")
        return
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    annotations = task.get("annotations") or task.get("completions") or []
    if not isinstance(annotations, list):
        yield ReadProblem(where, None, f"task {index}: annotations must be a list of objects")
        return
    if not annotations:
        yield IncomingRecord(text=text, path=where, meta=dict(meta))
        return
    offsets = Utf16Map(text)
    for k, annotation in enumerate(annotations):
        if not isinstance(annotation, dict):
            yield ReadProblem(where, None, f"task {index} annotation {k}: must be an object")
            continue
        spans = _spans(text, offsets, annotation.get("result"))
        if isinstance(spans, str):
            yield ReadProblem(where, None, f"task {index} annotation {k} {spans}")
            continue
        answer = annotation.get("answer")
        if answer not in ANSWERS:
            answer = "ignore" if annotation.get("was_cancelled") else "accept"
        lead = annotation.get("lead_time")
        yield IncomingRecord(
            text=text,
            path=where,
            meta=dict(meta),
            spans=tuple(spans),
            annotator=_annotator_of(annotation),
            answer=answer,
            created_at=from_iso(annotation.get("created_at")),
            updated_at=from_iso(annotation.get("updated_at")),
            duration_s=float(lead) if isinstance(lead, (int, float)) and lead >= 0 else None,
        )


def read_labelstudio(path: Path) -> Iterator[IncomingRecord | ReadProblem]:
    """Read Label Studio JSON exports (a file or the .json files of a folder)."""
    for file in input_files(path, (".json",)):
        try:
            tasks = orjson.loads(file.read_bytes())
        except OSError as exc:
            yield ReadProblem(str(file), None, f"cannot read the file: {exc.strerror or exc}")
            continue
        except orjson.JSONDecodeError as exc:
            yield ReadProblem(str(file), None, f"invalid JSON ({exc}); export the project again")
            continue
        for index, task in enumerate(tasks if isinstance(tasks, list) else [tasks]):
            yield from task_records(task, str(file), index)


register(
    FormatSpec(
        name="labelstudio",
        description="Label Studio JSON tasks (labels results, UTF-16 offsets): read and write",
        reader=read_labelstudio,
        writer=write_labelstudio,
        suffixes=(".json",),
    )
)
