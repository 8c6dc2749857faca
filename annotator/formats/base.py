"""What format readers yield and writers take, and the registry that names each format."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from annotator.records.models import CanonicalRecord, Relation


class FormatError(Exception):
    """A record or file a format cannot read or write; the message says where and why."""


@dataclass(frozen=True, slots=True)
class RawSpan:
    """A span as a file gives it: code point offsets (end-exclusive), label, attributes, id."""

    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    id: str = ""
    fragments: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Loss:
    """Parts of a source record that could not be kept: what kind, how many, and why."""

    kind: str  # what was lost, as the source names it ("brat event", "rectanglelabels result")
    count: int = 1
    detail: str = ""  # why, and what would keep it


@dataclass(frozen=True, slots=True)
class RawSuggestion:
    """A proposed span from a file (a prediction, a binary answer), kept apart from gold.

    `decision` is an annotator's verdict on it where the source records one (Prodigy's
    ner.teach accept/reject); None for a plain prediction.
    """

    span: RawSpan
    source: str
    score: float = 1.0
    decision: Literal["accept", "reject"] | None = None


@dataclass(frozen=True, slots=True)
class IncomingRecord:
    """One document read from a file, with its annotation if the file carries one.

    `spans is None` means the file has no annotation for this document (plain text); an empty
    tuple means an answered annotation with no spans. Tokens are given when the source carries
    them (canonical JSONL), else the import pipeline tokenizes with `text.py`.
    """

    text: str
    path: str
    line: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    spans: tuple[RawSpan, ...] | None = None
    relations: tuple[Relation, ...] = ()
    doc_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    annotator: str | None = None
    answer: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    duration_s: float | None = None
    revision: int | None = None
    sources: tuple[str, ...] = ()
    schema: str | None = None
    tokens: tuple[dict[str, Any], ...] | None = None
    tokenizer: str | None = None
    session_id: str | None = None
    suggestions: tuple[RawSuggestion, ...] = ()
    losses: tuple[Loss, ...] = ()  # what the reader could not keep; the import reports it
    notes: tuple[str, ...] = ()  # what the reader found out and the import says (offset unit)
    undirected: tuple[str, ...] = ()  # relation types the source marks undirected (brat `*`)

    def where(self) -> str:
        """Location for messages: path:line."""
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A part of an input that could not be read: where, what, and how to fix it."""

    path: str
    line: int | None
    message: str

    def where(self) -> str:
        """Location for messages: path:line."""
        return f"{self.path}:{self.line}" if self.line is not None else self.path


def numbered_lines(path: Path) -> Iterator[tuple[int, bytes] | ReadProblem]:
    """Yield (1-based line number, raw bytes) of a file, or one ReadProblem if it cannot be opened."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield ReadProblem(str(path), None, f"cannot read the file: {exc.strerror or exc}")
        return
    with handle:
        yield from enumerate(handle, start=1)


Reader = Callable[[Path], Iterator["IncomingRecord | ReadProblem"]]


class Writer(Protocol):
    """Writes records of one split into a folder; returns the files written (relative paths)."""

    def __call__(
        self, records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
    ) -> list[Path]:
        """Write one split."""


@dataclass(frozen=True, slots=True)
class LineEncoding:
    """A format that writes one self-contained line per record into one file per split.

    The exporter writes such formats itself, line by line; `encode` must not drop or convert
    spans (a format that does needs a writer, which reports them).
    """

    suffix: str  # the split's file is `<split><suffix>`
    encode: Callable[[CanonicalRecord], bytes]  # one record's line, newline included
    # The same line straight from a checked pair: (document fields, annotation fields, input
    # hash, task hash, span field dicts) -> bytes, so the exporter need not build the record.
    encode_fields: Callable[..., bytes]
    facts: dict[str, Any] = field(default_factory=dict)  # what the manifest says of the output


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """A registered format: its name, a reader and/or writer, and what it says of itself."""

    name: str
    description: str
    reader: Reader | None = None
    writer: Writer | None = None
    suffixes: tuple[str, ...] = ()
    default_for: tuple[str, ...] = ()  # suffixes that pick this format when none is named
    lines: LineEncoding | None = None  # set when the writer is one line per record (parallel)
    # Keyword options the format's reader and writer take (import/export --NAME VALUE): name ->
    # parser of the flag's value, which raises FormatError saying what is wrong with it.
    options: dict[str, Callable[[str], Any]] = field(default_factory=dict)


REGISTRY: dict[str, FormatSpec] = {}


def register(spec: FormatSpec) -> FormatSpec:
    """Add a format to the registry (one call at the bottom of each format module)."""
    REGISTRY[spec.name] = spec
    return spec
