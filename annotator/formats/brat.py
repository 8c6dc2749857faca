"""brat standoff: a `.txt` and `.ann` pair per document, overlaps kept; read and write."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import Any

import orjson

from annotator.exporting.files import safe_child, safe_name
from annotator.formats.base import FormatSpec, IncomingRecord, RawSpan, ReadProblem, register
from annotator.formats.lines import check_raw_span
from annotator.records import CanonicalRecord

CONF_NAME = "annotation.conf"
NOTES = "AnnotatorNotes"
_LINE_PIECES = re.compile(r"[^\r\n]+")
_TEXTBOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_NOTE = re.compile(r"^#\d+\t" + NOTES + r" (T\d+)\t(.*)$")


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span's pieces between line breaks, as brat needs (its text field holds no newline)."""
    return [(start + m.start(), start + m.end()) for m in _LINE_PIECES.finditer(text[start:end])]


def ann_text(record: CanonicalRecord, report: Any) -> str:
    """The .ann content of a record: T lines, plus AnnotatorNotes carrying span attrs as JSON."""
    lines: list[str] = []
    for i, span in enumerate(record.spans, start=1):
        pieces = fragments(record.text, span.start, span.end)
        label = span.label
        if re.search(r"\s", label):
            label = re.sub(r"\s", "_", label)
            report.convert(record, span, f"label written as {label!r} (brat labels hold no spaces)")
        offsets = ";".join(f"{a} {b}" for a, b in pieces)
        shown = " ".join(record.text[a:b] for a, b in pieces)
        lines.append(f"T{i}\t{label} {offsets}\t{shown}")
        if len(pieces) > 1:
            report.convert(record, span, f"written as {len(pieces)} fragments split at line breaks")
        if span.attrs:
            lines.append(f"#{i}\t{NOTES} T{i}\t{orjson.dumps(span.attrs).decode()}")
    return "".join(line + "\n" for line in lines)


def annotation_conf(labels: Iterable[str]) -> str:
    """brat's annotation.conf declaring the entity types."""
    return "\n".join(
        ["[entities]", *labels, "", "[relations]", "", "[events]", "", "[attributes]", ""]
    )


def _base_name(record: CanonicalRecord) -> str:
    """File name stem: a sanitised meta name when the document has one, else its doc_id."""
    name = record.meta.get("name")
    return safe_name(name) if isinstance(name, str) and name.strip() else record.doc_id


def write_brat(
    records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
) -> list[Path]:
    """Write `<split>/<name>.txt` and `.ann` per document and annotator, plus annotation.conf."""
    report.describe(offset_unit="unicode code points, end-exclusive (brat standoff)")
    files: list[Path] = []
    used: set[str] = set()
    for _, group in groupby(records, key=lambda r: r.doc_id):
        batch = list(group)
        for record in batch:
            stem = _base_name(record)
            if len(batch) > 1:
                stem = f"{stem}.{safe_name(record.annotator, 40)}"
            if stem in used:
                stem = f"{stem}.{record.doc_id[:8]}"
            used.add(stem)
            for suffix, content in ((".txt", record.text), (".ann", ann_text(record, report))):
                rel = Path(split) / f"{stem}{suffix}"
                target = safe_child(out_dir, rel)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8", newline="")
                files.append(rel)
    conf = Path(split) / CONF_NAME
    (out_dir / split).mkdir(parents=True, exist_ok=True)
    (out_dir / conf).write_text(annotation_conf(report.schema.label_names), encoding="utf-8")
    return [*files, conf]


def parse_ann(text: str, ann: str, where: str) -> tuple[list[RawSpan], list[ReadProblem]]:
    """Read the T lines (and their AnnotatorNotes attrs) of one .ann file."""
    found: dict[str, tuple[int, int, str]] = {}
    attrs: dict[str, dict[str, Any]] = {}
    problems: list[ReadProblem] = []
    for number, line in enumerate(ann.splitlines(), start=1):
        if not line.startswith(("T", "#")):
            continue
        note = _NOTE.match(line)
        if note:
            try:
                value = orjson.loads(note.group(2))
            except orjson.JSONDecodeError:
                value = None
            attrs[note.group(1)] = value if isinstance(value, dict) else {"note": note.group(2)}
            continue
        match = _TEXTBOUND.match(line)
        if not match:
            if line.startswith("T"):
                problems.append(
                    ReadProblem(where, number, "expected 'T1<TAB>LABEL start end<TAB>text'")
                )
            continue
        key, label, offsets, shown = match.groups()
        try:
            pieces = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
        except ValueError:  # more digits than Python converts
            problems.append(ReadProblem(where, number, f"{key} offsets are too long to be offsets"))
            continue
        start, end = pieces[0][0], pieces[-1][1]
        problem = check_raw_span(text, start, end, label)
        if problem is None and shown != " ".join(text[a:b] for a, b in pieces):
            problem = f"{key} text {shown!r} differs from the .txt at {offsets}"
        if problem:
            problems.append(ReadProblem(where, number, problem))
            continue
        found[key] = (start, end, label)
    spans = [RawSpan(s, e, label, attrs.get(key, {})) for key, (s, e, label) in found.items()]
    return spans, problems


def _pairs(path: Path) -> list[tuple[Path, Path]]:
    """(.txt, .ann) pairs named by a folder, a .txt or an .ann file."""
    if path.is_dir():
        texts = sorted(p for p in path.rglob("*.txt") if p.is_file())
    else:
        texts = [path.with_suffix(".txt")]
    return [(t, t.with_suffix(".ann")) for t in texts]


def read_brat(path: Path) -> Iterator[IncomingRecord | ReadProblem]:
    """Read brat .txt/.ann pairs; a .txt without .ann is a document without annotation."""
    for txt, ann in _pairs(path):
        try:
            with txt.open(encoding="utf-8", newline="") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            yield ReadProblem(str(txt), None, f"cannot read the text file: {exc}")
            continue
        meta = {"name": txt.stem}
        if not ann.exists():
            yield IncomingRecord(text=text, path=str(txt), meta=meta)
            continue
        try:
            data = ann.read_bytes()
        except OSError as exc:
            yield ReadProblem(str(ann), None, f"cannot read the .ann file: {exc.strerror or exc}")
            continue
        try:
            standoff = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            yield ReadProblem(str(ann), line, f"invalid UTF-8 ({exc.reason}); re-save as UTF-8")
            continue
        spans, problems = parse_ann(text, standoff, str(ann))
        yield from problems
        if not problems:
            yield IncomingRecord(text=text, path=str(ann), meta=meta, spans=tuple(spans))


register(
    FormatSpec(
        name="brat",
        description="brat standoff .txt/.ann pairs (overlaps kept): read and write",
        reader=read_brat,
        writer=write_brat,
        suffixes=(".ann", ".txt"),
    )
)
