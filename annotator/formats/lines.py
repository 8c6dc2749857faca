"""Helpers shared by JSON-based readers and writers: numbered JSONL objects, span checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from annotator.formats.base import IncomingRecord, RawSpan, ReadProblem, numbered_lines
from annotator.records import CanonicalRecord

ANSWERS = ("accept", "reject", "ignore")


def json_objects(path: Path) -> Iterator[tuple[int, dict[str, Any]] | ReadProblem]:
    """Yield (line number, object) for each non-blank JSONL line, or a ReadProblem saying why not."""
    where = str(path)
    for item in numbered_lines(path):
        if isinstance(item, ReadProblem):
            yield item
            return
        number, raw = item
        if not raw.strip():
            continue
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            yield ReadProblem(where, number, f"invalid JSON ({exc}); fix the line's syntax")
            continue
        if not isinstance(value, dict):
            yield ReadProblem(where, number, "a line must be a JSON object {...}")
            continue
        yield number, value


def check_raw_span(text: str, start: Any, end: Any, label: Any) -> str | None:
    """Why a span read from a file is unusable, or None when it is fine."""
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        return f"offsets {start!r}, {end!r} must be integers"
    if not isinstance(label, str) or not label:
        return f"label {label!r} must be a non-empty string"
    if not 0 <= start < end <= len(text):
        return f"span [{start}, {end}) {label} is empty or outside the text (length {len(text)})"
    return None


def raw_span(start: int, end: int, label: str, attrs: Any = None) -> RawSpan:
    """A RawSpan with attributes only when they are a JSON object."""
    return RawSpan(start, end, label, dict(attrs) if isinstance(attrs, dict) else {})


def from_timestamp(value: Any) -> datetime | None:
    """A Unix timestamp (seconds) as an aware UTC datetime, None when absent or not a number.

    ValueError when the number is no date between the years 1 and 9999.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueError(
                f"{value!r} is not a Unix time in seconds between the years 1 and 9999"
            ) from None
    return None


def from_iso(value: Any) -> datetime | None:
    """An ISO 8601 string as an aware datetime (UTC when it names no zone), None when unusable."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


EXPORT_MANIFEST = "manifest.json"


def input_files(path: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The file itself, or the files under a folder with one of the suffixes (an export's
    manifest.json excluded), sorted."""
    if path.is_dir():
        return sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and p.suffix in suffixes and p.name != EXPORT_MANIFEST
        )
    return [path]


def read_json_lines(
    path: Path, parse: Callable[[dict[str, Any], str, int], IncomingRecord | ReadProblem]
) -> Iterator[IncomingRecord | ReadProblem]:
    """Parse each object of a JSONL file (or of the .jsonl files of a folder) with `parse`."""
    for file in input_files(path, (".jsonl",)):
        for item in json_objects(file):
            if isinstance(item, ReadProblem):
                yield item
            else:
                yield parse(item[1], str(file), item[0])


def write_json_lines(
    records: Iterable[CanonicalRecord],
    out_dir: Path,
    split: str,
    report: Any,
    line_of: Callable[[CanonicalRecord], dict[str, Any]],
    format_name: str,
) -> list[Path]:
    """Write `<split>.jsonl`, one `line_of(record)` a line, reporting span attrs the format drops."""
    path = Path(f"{split}.jsonl")
    with (out_dir / path).open("wb") as handle:
        for record in records:
            for span in record.spans:
                if span.attrs:
                    report.convert(record, span, f"span attrs are not part of {format_name} format")
            handle.write(orjson.dumps(line_of(record)) + b"\n")
    return [path]
