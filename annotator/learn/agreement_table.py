"""Token-snapped spans of every annotator over a dataset, as flat arrays for agreement."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from annotator.records import Annotation, Document


def is_punctuation(text: str) -> bool:
    """True when every character of a token is Unicode punctuation."""
    return bool(text) and all(unicodedata.category(ch).startswith("P") for ch in text)


@dataclass(frozen=True, slots=True)
class SpanTable:
    """Every annotator's token-snapped spans over a set of documents, as flat arrays."""

    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    doc_ids: tuple[str, ...]
    doc_titles: tuple[str, ...]
    doc_offsets: np.ndarray  # global token offset of each document, plus the total at the end
    answered: np.ndarray  # bool [documents, annotators]
    doc: np.ndarray  # per span: document index
    annotator: np.ndarray  # per span: annotator index
    start: np.ndarray  # per span: global first token
    end: np.ndarray  # per span: global last token (inclusive)
    label: np.ndarray  # per span: label index
    others: tuple[str, ...] = ()  # annotators with accepted answers left out by the filter

    @property
    def total_tokens(self) -> int:
        """Number of tokens over all documents."""
        return int(self.doc_offsets[-1])


def _snap(
    tokens: Sequence[Any], starts: list[int], ends: list[int], punct: list[bool], span: Any
) -> tuple[int, int] | None:
    """Token range of a span with edge whitespace and punctuation tokens trimmed."""
    first, last = span.token_start, span.token_end
    if not (
        last < len(tokens)
        and first <= last
        and tokens[first].start == span.start
        and tokens[last].end == span.end
    ):
        first = bisect_right(ends, span.start)
        last = bisect_left(starts, span.end) - 1
        if first >= len(tokens) or last < first:
            return None
    trimmed_first, trimmed_last = first, last
    while trimmed_first <= trimmed_last and punct[trimmed_first]:
        trimmed_first += 1
    while trimmed_last >= trimmed_first and punct[trimmed_last]:
        trimmed_last -= 1
    if trimmed_first > trimmed_last:
        return first, last
    return trimmed_first, trimmed_last


def build_table(
    records: Iterable[tuple[Document, Annotation]],
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    answers: Sequence[str] = ("accept",),
) -> SpanTable:
    """Snap every annotator's spans to tokens; reviewer revisions and other answers are skipped."""
    wanted_annotators = set(annotators) if annotators else None
    wanted_labels = set(labels) if labels else None
    docs: dict[str, tuple[int, str]] = {}
    others: set[str] = set()
    versions: dict[tuple[str, str], set[tuple[int, int, str]]] = {}
    last_doc: Document | None = None
    starts: list[int] = []
    ends: list[int] = []
    punct: list[bool] = []
    for doc, ann in records:
        if ann.sources or ann.answer not in answers:
            continue
        if wanted_annotators is not None and ann.annotator not in wanted_annotators:
            others.add(ann.annotator)
            continue
        if last_doc is None or last_doc.doc_id != doc.doc_id:
            last_doc = doc
            starts = [t.start for t in doc.tokens]
            ends = [t.end for t in doc.tokens]
            punct = [is_punctuation(t.text) for t in doc.tokens]
            title = doc.meta.get("title") if isinstance(doc.meta, dict) else None
            docs.setdefault(doc.doc_id, (len(doc.tokens), str(title or "")))
        spans: set[tuple[int, int, str]] = set()
        for span in ann.spans:
            if wanted_labels is not None and span.label not in wanted_labels:
                continue
            snapped = _snap(doc.tokens, starts, ends, punct, span)
            if snapped is not None:
                spans.add((snapped[0], snapped[1], span.label))
        versions[(doc.doc_id, ann.annotator)] = spans
    return _assemble(docs, versions, labels, tuple(sorted(others)))


def _assemble(
    docs: dict[str, tuple[int, str]],
    versions: dict[tuple[str, str], set[tuple[int, int, str]]],
    labels: Sequence[str] | None,
    others: tuple[str, ...] = (),
) -> SpanTable:
    """Turn per-(document, annotator) span sets into a SpanTable with sorted, stable indices."""
    doc_ids = tuple(sorted(docs))
    doc_index = {doc_id: i for i, doc_id in enumerate(doc_ids)}
    names = tuple(sorted({name for _, name in versions}))
    ann_index = {name: i for i, name in enumerate(names)}
    seen_labels = {label for spans in versions.values() for *_, label in spans}
    label_names = tuple(labels) if labels else tuple(sorted(seen_labels))
    label_index = {label: i for i, label in enumerate(label_names)}
    lengths = np.array([docs[d][0] for d in doc_ids], dtype=np.int64)
    offsets = np.zeros(len(doc_ids) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    answered = np.zeros((len(doc_ids), len(names)), dtype=bool)
    rows: list[tuple[int, int, int, int, int]] = []
    for (doc_id, name), spans in versions.items():
        d, a = doc_index[doc_id], ann_index[name]
        answered[d, a] = True
        base = int(offsets[d])
        rows.extend((d, a, base + s, base + e, label_index[lab]) for s, e, lab in spans)
    cols = np.array(rows, dtype=np.int64).reshape(-1, 5).T
    return SpanTable(
        annotators=names,
        labels=label_names,
        doc_ids=doc_ids,
        doc_titles=tuple(docs[d][1] for d in doc_ids),
        doc_offsets=offsets,
        answered=answered,
        doc=cols[0],
        annotator=cols[1],
        start=cols[2],
        end=cols[3],
        label=cols[4],
        others=others,
    )
