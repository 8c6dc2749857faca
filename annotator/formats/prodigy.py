"""Prodigy's task format: text, tokens, spans with token indices, answer and Prodigy's keys."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.formats.base import FormatSpec, IncomingRecord, ReadProblem, register
from annotator.formats.lines import (
    ANSWERS,
    check_raw_span,
    from_timestamp,
    raw_span,
    read_json_lines,
    write_json_lines,
)
from annotator.records import CanonicalRecord, token_dicts

TOKEN_KEYS = ("text", "start", "end", "id", "ws")


def prodigy_task(record: CanonicalRecord) -> dict[str, Any]:
    """One Prodigy task dict for a record (spans_manual view)."""
    return {
        "text": record.text,
        "meta": record.meta,
        "tokens": token_dicts(record.tokens),  # the models' own field dicts: no dump per token
        "spans": [
            {
                "start": s.start,
                "end": s.end,
                "token_start": s.token_start,
                "token_end": s.token_end,
                "label": s.label,
                "text": s.text,
            }
            for s in record.spans
        ],
        "answer": record.answer,
        "_input_hash": record.input_hash,
        "_task_hash": record.task_hash,
        "_annotator_id": record.annotator,
        "_session_id": record.session_id or record.annotator,
        "_timestamp": record.timestamp or int(record.updated_at.timestamp()),
        "_view_id": "spans_manual",
    }


def write_prodigy(
    records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
) -> list[Path]:
    """Write `<split>.jsonl` of Prodigy tasks, loadable with `prodigy db-in`."""
    report.describe(offset_unit="unicode code points, end-exclusive; token indices inclusive")
    return write_json_lines(records, out_dir, split, report, prodigy_task, "Prodigy's")


def _tokens(value: Any) -> tuple[dict[str, Any], ...] | None:
    """Prodigy tokens when each carries text/start/end/id/ws, else None (retokenized on import)."""
    if not isinstance(value, list) or not value:
        return None
    if not all(isinstance(t, dict) and all(k in t for k in TOKEN_KEYS) for t in value):
        return None
    return tuple({k: t[k] for k in TOKEN_KEYS} for t in value)


def task_record(obj: dict[str, Any], where: str, number: int) -> IncomingRecord | ReadProblem:
    """Read one Prodigy task into an IncomingRecord, or say what is wrong with it."""
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return ReadProblem(where, number, "a Prodigy task needs a non-empty 'text' string")
    given = obj.get("spans") or []
    if not isinstance(given, list):
        return ReadProblem(where, number, "field 'spans' must be a list of {start, end, label}")
    spans = []
    for i, span in enumerate(given):
        if not isinstance(span, dict):
            return ReadProblem(where, number, f"spans[{i}] must be an object")
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        problem = check_raw_span(text, start, end, label)
        if problem:
            return ReadProblem(where, number, f"spans[{i}]: {problem}")
        spans.append(raw_span(start, end, label))
    answer = obj.get("answer")
    if answer is not None and answer not in ANSWERS:
        return ReadProblem(where, number, f"answer {answer!r} must be accept, reject or ignore")
    has_annotation = "spans" in obj or answer is not None
    try:
        stamp = from_timestamp(obj.get("_timestamp"))
    except ValueError as exc:
        return ReadProblem(where, number, f"_timestamp: {exc}; fix it or drop the key")
    annotator = obj.get("_annotator_id")
    meta = obj.get("meta")
    return IncomingRecord(
        text=text,
        path=where,
        line=number,
        meta=dict(meta) if isinstance(meta, dict) else {},
        spans=tuple(spans) if has_annotation else None,
        annotator=annotator if isinstance(annotator, str) and annotator else None,
        answer=answer,
        created_at=stamp,
        updated_at=stamp,
        tokens=_tokens(obj.get("tokens")),
    )


def read_prodigy(path: Path) -> Iterator[IncomingRecord | ReadProblem]:
    """Read Prodigy JSONL tasks (a file, or the .jsonl files of a folder)."""
    return read_json_lines(path, task_record)


register(
    FormatSpec(
        name="prodigy",
        description="Prodigy task JSONL (spans_manual): read and write",
        reader=read_prodigy,
        writer=write_prodigy,
        suffixes=(".jsonl",),
    )
)
