"""GLiNER training JSONL: `tokenized_text`, `ner` [start, end, label] with inclusive ends and,
when the schema has relations, `relations` [head, tail, label] as indices into the line's `ner`
(what GLiNER's relation extraction processor reads). Attributes and document labels have no place
in the format; discontinuous spans are written as their extent."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson

from annotator.formats.base import FormatSpec, register
from annotator.formats.breaks import paragraph_starts, sentence_marks
from annotator.formats.parts import RELATIONS, report_unheld
from annotator.records.models import CanonicalRecord, token_bounds

MAX_LENGTH = 384  # GLiNER's default max_len, counted in words
MAX_WIDTH = 12  # GLiNER's default max_width: the widest span it scores, in words


def _boundaries(record: CanonicalRecord) -> tuple[list[int], list[int]]:
    """Token indices where a paragraph starts and where a sentence starts (index 0 excluded)."""
    starts, ends = token_bounds(record.tokens)
    paragraphs = paragraph_starts(record.text, starts, ends)
    marks = sentence_marks(record.text, starts, ends)
    sentences = {mark + 1 for mark in marks if mark + 1 < len(starts)}
    return sorted(paragraphs), sorted(sentences - paragraphs)


def _crossing(record: CanonicalRecord, cut: int) -> bool:
    """Whether a span covers tokens on both sides of a cut before token `cut`."""
    return any(s.token_start < cut <= s.token_end for s in record.spans)


def chunk_bounds(record: CanonicalRecord, max_length: int = MAX_LENGTH) -> list[tuple[int, int]]:
    """Token ranges [start, end) of the chunks: one per paragraph, long ones cut at sentences."""
    paragraphs, sentences = _boundaries(record)
    free = [p for p in paragraphs if not _crossing(record, p)]
    edges = [0, *free, len(record.tokens)]
    chunks: list[tuple[int, int]] = []
    for start, end in pairwise(edges):
        while end - start > max_length:
            limit = start + max_length
            inside = [c for c in (*paragraphs, *sentences) if start < c <= limit]
            clean = [c for c in inside if not _crossing(record, c)]
            cut = max(clean) if clean else (max(inside) if inside else limit)
            chunks.append((start, cut))
            start = cut
        if end > start:
            chunks.append((start, end))
    return chunks


def gliner_lines(record: CanonicalRecord, report: Any) -> list[dict[str, Any]]:
    """The GLiNER examples of one record; spans cut by a chunk edge are dropped and reported, as
    are relations whose spans land in different examples."""
    with_relations = bool(report.schema.relations)
    report_unheld(record, report, "GLiNER", holds=(RELATIONS,) if with_relations else ())
    lines: list[dict[str, Any]] = []
    bounds = chunk_bounds(record)
    placed: dict[str, tuple[int, int]] = {}  # span id -> (example, index in its ner list)
    for example, (start, end) in enumerate(bounds):
        ner: list[list[int | str]] = []
        for span in record.spans:
            if start <= span.token_start and span.token_end < end:
                placed[span.id] = (example, len(ner))
                ner.append([span.token_start - start, span.token_end - start, span.label])
        words = [t.text for t in record.tokens[start:end]]
        line: dict[str, Any] = {"tokenized_text": words, "ner": ner}
        if with_relations:
            line["relations"] = []
        lines.append(line)
    apart = 0
    for relation in record.relations if with_relations else ():
        head, child = placed.get(relation.head), placed.get(relation.child)
        if head is None or child is None or head[0] != child[0]:
            apart += 1
            continue
        lines[head[0]]["relations"].append([head[1], child[1], relation.label])
    report.drop_part(RELATIONS, "head and child are not in the same GLiNER example (chunk)", apart)
    for span in record.spans:
        if span.id not in placed:
            report.drop(
                record, span, f"crosses a chunk edge (chunks hold at most {MAX_LENGTH} words)"
            )
        elif span.token_end - span.token_start + 1 > MAX_WIDTH:
            width = span.token_end - span.token_start + 1
            report.convert(
                record,
                span,
                f"{width} words wide, more than GLiNER's default max_width {MAX_WIDTH}",
            )
    return lines


def write_gliner(
    records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
) -> list[Path]:
    """Write `<split>.jsonl`, one GLiNER example per chunk."""
    report.describe(
        offset_unit="token indices, both ends inclusive",
        tag_scheme=None,
        max_length=MAX_LENGTH,
        max_width=MAX_WIDTH,
        chunking="one example per paragraph; paragraphs over max_length cut at sentence ends",
        relations="[head, tail, label]: indices into the example's ner list"
        if report.schema.relations
        else None,
    )
    path = Path(f"{split}.jsonl")
    with (out_dir / path).open("wb") as handle:
        for record in records:
            for line in gliner_lines(record, report):
                handle.write(orjson.dumps(line) + b"\n")
    return [path]


register(
    FormatSpec(
        name="gliner",
        description="GLiNER training JSONL (tokenized_text, ner with inclusive token ends)",
        writer=write_gliner,
        suffixes=(".jsonl",),
    )
)
