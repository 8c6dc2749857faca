"""Helpers shared by JSON-based readers and writers: numbered JSONL objects, span checks."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from annotator.formats.base import IncomingRecord, RawSpan, ReadProblem, numbered_lines
from annotator.records.models import CanonicalRecord


def json_objects(path: Path) -> Iterator[tuple[int, dict[str, Any]] | ReadProblem]:
    """Yield (line, object) for each record of a JSONL file (a bad line skipped), a JSON array or
    pretty-printed objects one after another (line = where the object starts), or a ReadProblem."""
    where = str(path)
    try:
        head = _first_bytes(path)
    except OSError as exc:
        yield ReadProblem(where, None, f"cannot read the file: {exc.strerror or exc}")
        return
    if head.startswith(b"["):
        yield from _whole_file(path, array=True)
        return
    first = True
    for item in numbered_lines(path):
        if isinstance(item, ReadProblem):
            yield item
            return
        number, raw = item
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        if not raw.strip():
            continue
        opening, first = first, False
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            if opening and raw.lstrip().startswith(b"{") and _spans_lines(path, number):
                yield from _whole_file(path, array=False)
                return
            yield ReadProblem(where, number, f"invalid JSON ({exc}); fix the line's syntax")
            continue
        if not isinstance(value, dict):
            yield ReadProblem(where, number, "a line must be a JSON object {...}")
            continue
        yield number, value


_BOM = b"\xef\xbb\xbf"
_HEAD = 4096


def _first_bytes(path: Path) -> bytes:
    """The file's first non-whitespace bytes (after a byte order mark)."""
    with path.open("rb") as handle:
        while chunk := handle.read(_HEAD):
            chunk = chunk.removeprefix(_BOM).lstrip()
            if chunk:
                return chunk
    return b""


def _text_of(path: Path) -> str | ReadProblem:
    """The whole file as text, or a ReadProblem naming the line of the first invalid byte."""
    raw = path.read_bytes().removeprefix(_BOM)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = raw.count(b"\n", 0, bad.start) + 1
        return ReadProblem(str(path), line, f"invalid UTF-8 at byte {bad.start}; re-save as UTF-8")


def _refuse_constant(name: str) -> Any:
    """JSON has no NaN or Infinity; refuse them as orjson does."""
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def _spans_lines(path: Path, number: int) -> bool:
    """Whether the JSON value starting on line `number` is one object written over several lines."""
    text = _text_of(path)
    if isinstance(text, ReadProblem):
        return False
    start = 0
    for _ in range(number - 1):
        start = text.index("\n", start) + 1
    start += len(text[start:]) - len(text[start:].lstrip())
    try:
        _, end = _DECODER.raw_decode(text, start)
    except ValueError:
        return False
    return "\n" in text[start:end]


def _whole_file(path: Path, array: bool) -> Iterator[tuple[int, dict[str, Any]] | ReadProblem]:
    """Objects of a JSON array, or of pretty-printed objects one after another, with their lines."""
    where = str(path)
    text = _text_of(path)
    if isinstance(text, ReadProblem):
        yield text
        return
    at, line, seen = 0, 1, 0

    def skip(position: int) -> int:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        return position

    def line_at(position: int) -> int:
        nonlocal line, seen
        line += text.count("\n", seen, position)
        seen = position
        return line

    at = skip(at)
    if array:
        at = skip(at + 1)  # past "["
    while at < len(text):
        if array and text[at] == "]":
            at = skip(at + 1)
            if at < len(text):
                yield ReadProblem(where, line_at(at), "text after the closing ']'; remove it")
            return
        number = line_at(at)
        try:
            value, at = _DECODER.raw_decode(text, at)
        except ValueError as exc:
            yield ReadProblem(
                where, number, f"invalid JSON in the record starting here ({exc}); fix its syntax"
            )
            return
        if isinstance(value, dict):
            yield number, value
        else:
            yield ReadProblem(where, number, "a record must be a JSON object {...}")
        at = skip(at)
        if array and at < len(text) and text[at] == ",":
            at = skip(at + 1)
        elif array and (at >= len(text) or text[at] != "]"):
            yield ReadProblem(where, line_at(min(at, len(text))), "expected ',' or ']' here")
            return
    if array:
        yield ReadProblem(where, line_at(len(text)), "the JSON array is not closed with ']'")


def checked_span(text: str, start: Any, end: Any, label: Any) -> tuple[int, int, str] | str:
    """A span read from a file as (start, end, label) when it is usable, else why it is not."""
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        return f"offsets {start!r}, {end!r} must be integers"
    if not isinstance(label, str) or not label:
        return f"label {label!r} must be a non-empty string"
    if not 0 <= start < end <= len(text):
        return f"span [{start}, {end}) {label} is empty or outside the text (length {len(text)})"
    return start, end, label


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
    path: Path,
    parse: Callable[[dict[str, Any], str, int], IncomingRecord | ReadProblem | Iterable[Any]],
    suffixes: tuple[str, ...] = (".jsonl",),
) -> Iterator[IncomingRecord | ReadProblem]:
    """Parse each object of a JSON file (or of the files of a folder with one of the suffixes) with
    `parse`, which returns one record or problem, or several."""
    for file in input_files(path, suffixes):
        for item in json_objects(file):
            if isinstance(item, ReadProblem):
                yield item
                continue
            found = parse(item[1], str(file), item[0])
            if isinstance(found, IncomingRecord | ReadProblem):
                yield found
            else:
                yield from found


def write_json_lines(
    records: Iterable[CanonicalRecord],
    out_dir: Path,
    split: str,
    line_of: Callable[[CanonicalRecord], dict[str, Any]],
) -> list[Path]:
    """Write `<split>.jsonl`, one `line_of(record)` a line (the line maker reports what it drops)."""
    path = Path(f"{split}.jsonl")
    with (out_dir / path).open("wb") as handle:
        for record in records:
            handle.write(orjson.dumps(line_of(record)) + b"\n")
    return [path]
