"""The `jsonl` format: reads canonical lines, Prodigy tasks and {"text", "meta"} lines; writes canonical."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import msgspec
import orjson

from annotator.files import hashing_writer
from annotator.formats.base import (
    FormatSpec,
    IncomingRecord,
    LineEncoding,
    RawSpan,
    ReadProblem,
    numbered_lines,
    register,
)
from annotator.formats.prodigy import task_record
from annotator.records.line_writer import canonical_json, canonical_line
from annotator.records.mirror import decode_record
from annotator.records.models import CanonicalRecord, Relation
from annotator.validation.rules import record_issues
from annotator.validation.validate import validate_line

SUFFIXES = (".jsonl", ".ndjson")
_CANONICAL_KEYS = ("doc_id", "text_sha256", "tokenizer")


def _incoming(record: Any, where: str, number: int, tokens: tuple[dict, ...]) -> IncomingRecord:
    """A checked canonical line (model or mirror) as an IncomingRecord keeping everything."""
    return IncomingRecord(
        text=record.text,
        path=where,
        line=number,
        meta=dict(record.meta),
        spans=tuple(
            RawSpan(
                s.start,
                s.end,
                s.label,
                dict(s.attrs),
                s.id,
                tuple((a, b) for a, b in s.fragments),
            )
            for s in record.spans
        ),
        relations=tuple(
            r if isinstance(r, Relation) else Relation.model_construct(**msgspec.structs.asdict(r))
            for r in record.relations
        ),
        doc_labels={name: tuple(values) for name, values in record.doc_labels.items()},
        annotator=record.annotator,
        answer=record.answer,
        created_at=record.created_at,
        updated_at=record.updated_at,
        duration_s=record.duration_s,
        revision=record.revision,
        sources=tuple(record.sources),
        schema=record.schema_,
        tokens=tokens,
        tokenizer=record.tokenizer,
        session_id=record.session_id,
    )


def _canonical(raw: bytes, where: str, number: int) -> IncomingRecord | ReadProblem:
    """Read a canonical line with every single-record check; the first error says what to fix."""
    fast = decode_record(raw)
    if fast is not None:
        checks = record_issues(fast)
        if not any(i.severity == "error" for i in checks):
            return _incoming(fast, where, number, tuple(msgspec.to_builtins(fast.tokens)))
    record, issues = validate_line(raw, None)  # the models name exactly what is wrong
    errors = [i for i in issues if i.severity == "error"]
    if record is None or errors:
        first = errors[0]
        detail = first.where().partition(" ")[2]
        prefix = f"{detail}: " if detail else ""
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return ReadProblem(
            where, number, f"{prefix}{first.code} {first.message}{more} ({first.hint})"
        )
    return _incoming(record, where, number, tuple(t.model_dump() for t in record.tokens))


def _plain_or_prodigy(obj: dict[str, Any], where: str, number: int) -> IncomingRecord | ReadProblem:
    """A {"text", "meta"} line or a Prodigy task, with field types checked."""
    text = obj.get("text")
    if not isinstance(text, str):
        found = "it is missing" if text is None else f"found {type(text).__name__}"
        return ReadProblem(where, number, f"field 'text' must be a string, {found}; fix the line")
    if not text.strip():
        return ReadProblem(where, number, "field 'text' is empty; remove the line or add the text")
    if "meta" in obj and not isinstance(obj["meta"], dict):
        return ReadProblem(where, number, "field 'meta' must be an object {...}")
    if "spans" in obj and not isinstance(obj["spans"], list):
        return ReadProblem(where, number, "field 'spans' must be a list of {start, end, label}")
    record = task_record(obj, where, number)
    if isinstance(record, ReadProblem) or record.tokens is None:
        return record
    return replace(record, tokens=None)  # tokenized as canonical lines are


def read_line(raw: bytes, where: str, number: int) -> IncomingRecord | ReadProblem:
    """Read one JSONL line of any of the three shapes."""
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            return ReadProblem(
                where, number, f"invalid UTF-8 at byte {bad.start}; re-save as UTF-8"
            )
        return ReadProblem(where, number, f"invalid JSON ({exc}); fix the line's syntax")
    if not isinstance(obj, dict):
        return ReadProblem(where, number, "a line must be a JSON object {...}")
    if all(key in obj for key in _CANONICAL_KEYS):
        return _canonical(raw, where, number)
    return _plain_or_prodigy(obj, where, number)


def read_jsonl(path: Path) -> Iterator[IncomingRecord | ReadProblem]:
    """Stream a JSONL file line by line (constant memory), yielding records and problems."""
    where = str(path)
    for item in numbered_lines(path):
        if isinstance(item, ReadProblem):
            yield item
            return
        number, raw = item
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if b"\x00" in raw:
            yield ReadProblem(where, number, "binary data (NUL bytes); this is not a JSONL file")
            if number == 1:
                return
            continue
        if raw.strip():
            yield read_line(raw.rstrip(b"\r\n"), where, number)


def _canonical_line(record: CanonicalRecord) -> bytes:
    """A record's canonical JSONL line, newline included."""
    return canonical_json(record, newline=True)


JSONL_LINES = LineEncoding(
    suffix=".jsonl",
    encode=_canonical_line,
    encode_fields=canonical_line,
    facts={"offset_unit": "unicode code points, end-exclusive; token indices inclusive"},
)


def write_jsonl(
    records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
) -> list[Path]:
    """Write `<split>.jsonl`, one canonical line per record (re-importable as it is)."""
    report.describe(**JSONL_LINES.facts)
    path = Path(f"{split}{JSONL_LINES.suffix}")
    with hashing_writer(out_dir / path) as handle:
        write, encode = handle.write, JSONL_LINES.encode
        for record in records:
            write(encode(record))
    return [path]


register(
    FormatSpec(
        name="jsonl",
        description="canonical JSONL (read and write); also reads Prodigy tasks and {text, meta}",
        reader=read_jsonl,
        writer=write_jsonl,
        suffixes=SUFFIXES,
        default_for=SUFFIXES,
        lines=JSONL_LINES,
    )
)
