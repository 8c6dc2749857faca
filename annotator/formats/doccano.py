"""doccano sequence labelling JSONL: `{"text", "label": [[start, end, label]]}`; read and write."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.formats.base import FormatSpec, IncomingRecord, ReadProblem, register
from annotator.formats.lines import check_raw_span, raw_span, read_json_lines, write_json_lines
from annotator.records import CanonicalRecord


def doccano_line(record: CanonicalRecord) -> dict[str, Any]:
    """One doccano line: id, text, label triples, and the document's meta."""
    return {
        "id": record.doc_id,
        "text": record.text,
        "label": [[s.start, s.end, s.label] for s in record.spans],
        "meta": record.meta,
        "annotator": record.annotator,
    }


def write_doccano(
    records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
) -> list[Path]:
    """Write `<split>.jsonl` in doccano's import format."""
    report.describe(offset_unit="unicode code points, end-exclusive")
    return write_json_lines(records, out_dir, split, report, doccano_line, "doccano's")


def _triples(obj: dict[str, Any]) -> list[Any] | None:
    """Span triples from `label` (or `labels`), or from `entities` objects of relation projects."""
    if "entities" in obj and isinstance(obj["entities"], list):
        return [
            [e.get("start_offset"), e.get("end_offset"), e.get("label")]
            if isinstance(e, dict)
            else e
            for e in obj["entities"]
        ]
    value = obj.get("label", obj.get("labels"))
    return value if isinstance(value, list) or value is None else [value]


def doccano_record(obj: dict[str, Any], where: str, number: int) -> IncomingRecord | ReadProblem:
    """Read one doccano line into an IncomingRecord, or say what is wrong with it."""
    text = obj.get("text", obj.get("data"))
    if not isinstance(text, str) or not text:
        return ReadProblem(where, number, "a doccano line needs a non-empty 'text' string")
    triples = _triples(obj)
    spans = []
    for i, item in enumerate(triples or []):
        if not isinstance(item, list) or len(item) != 3:
            return ReadProblem(where, number, f"label[{i}] must be [start, end, label]")
        problem = check_raw_span(text, *item)
        if problem:
            return ReadProblem(where, number, f"label[{i}]: {problem}")
        spans.append(raw_span(*item))
    meta = obj.get("meta")
    annotator = obj.get("annotator")
    return IncomingRecord(
        text=text,
        path=where,
        line=number,
        meta=dict(meta) if isinstance(meta, dict) else {},
        spans=tuple(spans) if triples is not None else None,
        annotator=annotator if isinstance(annotator, str) and annotator else None,
    )


def read_doccano(path: Path) -> Iterator[IncomingRecord | ReadProblem]:
    """Read doccano JSONL (a file, or the .jsonl files of a folder)."""
    return read_json_lines(path, doccano_record)


register(
    FormatSpec(
        name="doccano",
        description="doccano sequence labelling JSONL: read and write",
        reader=read_doccano,
        writer=write_doccano,
        suffixes=(".jsonl",),
    )
)
