"""The `text` format: plain text and Markdown files, one document per file or per paragraph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from annotator.formats.base import (
    FormatSpec,
    IncomingRecord,
    ReadProblem,
    numbered_lines,
    register,
)

SUFFIXES = (".txt", ".md", ".markdown", ".text")
MAX_FILE_BYTES = 8_000_000  # a whole-file document beyond this cannot fit the tokenizer limit
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")


def _title(text: str) -> str:
    """A Markdown heading, else the first non-blank line, shortened."""
    first = ""
    for line in text.splitlines():
        if not line.strip():
            continue
        heading = _HEADING.match(line)
        if heading:
            return heading.group(1)[:200]
        first = first or line.strip()[:200]
        if first:
            break
    return first


def _decode(data: bytes, where: str, line: int | None) -> str | ReadProblem:
    """UTF-8 text, or a problem naming binary data or the bad byte."""
    if b"\x00" in data:
        return ReadProblem(where, line, "binary data (NUL bytes); import text or JSONL files")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ReadProblem(where, line, f"invalid UTF-8 at byte {exc.start}; re-save as UTF-8")
    return text.removeprefix("\ufeff")


def _whole_file(path: Path) -> Iterator[IncomingRecord | ReadProblem]:
    """One document per file."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield ReadProblem(
                where,
                None,
                f"the file has {size:,} bytes, too long for one document; "
                "import it with --split paragraphs",
            )
            return
        text = _decode(path.read_bytes(), where, None)
    except OSError as exc:
        yield ReadProblem(where, None, f"cannot read the file: {exc.strerror or exc}")
        return
    if isinstance(text, ReadProblem):
        yield text
        return
    if not text.strip():
        yield ReadProblem(where, None, "the file is empty; add text or leave it out")
        return
    yield IncomingRecord(text=text, path=where, meta={"source": where, "title": _title(text)})


def _paragraphs(path: Path) -> Iterator[IncomingRecord | ReadProblem]:
    """One document per blank-line-separated paragraph, streamed line by line."""
    where = str(path)
    lines: list[str] = []
    start_line = 1
    index = 0
    for item in numbered_lines(path):
        if isinstance(item, ReadProblem):
            yield item
            return
        number, raw = item
        decoded = _decode(raw.removesuffix(b"\n").removesuffix(b"\r"), where, number)
        if isinstance(decoded, ReadProblem):
            yield decoded
            if number == 1 and "binary" in decoded.message:
                return
            continue
        if decoded.strip():
            if not lines:
                start_line = number
            lines.append(decoded)
            continue
        if lines:
            yield _paragraph(lines, where, start_line, index)
            index += 1
            lines = []
    if lines:
        yield _paragraph(lines, where, start_line, index)


def _paragraph(lines: list[str], where: str, line: int, index: int) -> IncomingRecord:
    """A paragraph as a document, its meta naming the file and paragraph number."""
    text = "\n".join(lines).strip()
    meta = {"source": where, "paragraph": index, "title": _title(text)}
    return IncomingRecord(text=text, path=where, line=line, meta=meta)


def read_text(path: Path, split: str | None = None) -> Iterator[IncomingRecord | ReadProblem]:
    """Read a text or Markdown file: one document, or one per paragraph with split='paragraphs'."""
    if split == "paragraphs":
        return _paragraphs(path)
    if split is not None:
        raise ValueError(f"unknown split {split!r}; use 'paragraphs'")
    return _whole_file(path)


register(
    FormatSpec(
        name="text",
        description="plain text and Markdown: one document per file (or per paragraph)",
        reader=read_text,
        suffixes=SUFFIXES,
        default_for=SUFFIXES,
    )
)
