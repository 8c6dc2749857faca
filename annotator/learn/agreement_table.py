"""Token-snapped spans of every annotator over a dataset, as flat arrays for agreement."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from annotator.records.models import Annotation, Document
from annotator.records.tokenization import TokenIndex


@lru_cache(maxsize=65536)
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


def _snap(tokens: Sequence[Any], span: Any) -> tuple[int, int] | None:
    """Token range of a span with edge whitespace and punctuation tokens trimmed."""
    first, last = span.token_start, span.token_end
    if not (
        last < len(tokens)
        and first <= last
        and tokens[first].start == span.start
        and tokens[last].end == span.end
    ):
        index = TokenIndex.of(tokens)
        snapped = index.snap(span.start, span.end)
        if snapped is None:
            return None
        first, last = snapped
    trimmed_first, trimmed_last = first, last
    while trimmed_first <= trimmed_last and is_punctuation(tokens[trimmed_first].text):
        trimmed_first += 1
    while trimmed_last >= trimmed_first and is_punctuation(tokens[trimmed_last].text):
        trimmed_last -= 1
    if trimmed_first > trimmed_last:
        return first, last
    return trimmed_first, trimmed_last


def _snapped_spans(
    tokens: Sequence[Any], ann: Annotation, wanted_labels: set[str] | None
) -> set[tuple[int, int, str]]:
    """An annotation's spans as a set of (first token, last token, label), snapped and trimmed."""
    count = len(tokens)
    punct = is_punctuation
    spans: set[tuple[int, int, str]] = set()
    add = spans.add
    for span in ann.spans:
        label = span.label
        if wanted_labels is not None and label not in wanted_labels:
            continue
        first, last = span.token_start, span.token_end
        if (
            first <= last < count
            and tokens[first].start == span.start
            and tokens[last].end == span.end
            and not punct(tokens[first].text)
            and not punct(tokens[last].text)
        ):
            add((first, last, label))
            continue
        snapped = _snap(tokens, span)
        if snapped is not None:
            spans.add((snapped[0], snapped[1], label))
    return spans


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
    for doc, ann in records:
        if ann.sources or ann.answer not in answers:
            continue
        if wanted_annotators is not None and ann.annotator not in wanted_annotators:
            others.add(ann.annotator)
            continue
        if last_doc is None or last_doc.doc_id != doc.doc_id:
            last_doc = doc
            title = doc.meta.get("title") if isinstance(doc.meta, dict) else None
            docs.setdefault(doc.doc_id, (len(doc.tokens), str(title or "")))
        versions[(doc.doc_id, ann.annotator)] = _snapped_spans(doc.tokens, ann, wanted_labels)
    return _assemble(docs, versions, labels, tuple(sorted(others)))


class _Ids(dict):
    """Numbers labels in first-seen order: a missing key gets the next number."""

    def __missing__(self, key: str) -> int:
        """Assign the next number to a new label."""
        self[key] = number = len(self)
        return number


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
    provisional = _Ids((label, i) for i, label in enumerate(labels or ()))
    lengths = np.array([docs[d][0] for d in doc_ids], dtype=np.int64)
    offsets = np.zeros(len(doc_ids) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    answered = np.zeros((len(doc_ids), len(names)), dtype=bool)
    doc_col: list[int] = []
    ann_col: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    label_col: list[int] = []
    for (doc_id, name), spans in versions.items():
        d, a = doc_index[doc_id], ann_index[name]
        answered[d, a] = True
        if not spans:
            continue
        first, last, names_of = zip(*spans, strict=True)
        doc_col.extend([d] * len(spans))
        ann_col.extend([a] * len(spans))
        starts.extend(first)
        ends.extend(last)
        label_col.extend(map(provisional.__getitem__, names_of))
    label_names = tuple(labels) if labels else tuple(sorted(provisional))
    final = np.array([label_names.index(label) for label in provisional], dtype=np.int64)
    doc = np.array(doc_col, dtype=np.int64)
    base = offsets[doc] if len(doc) else np.zeros(0, dtype=np.int64)
    return SpanTable(
        annotators=names,
        labels=label_names,
        doc_ids=doc_ids,
        doc_titles=tuple(docs[d][1] for d in doc_ids),
        doc_offsets=offsets,
        answered=answered,
        doc=doc,
        annotator=np.array(ann_col, dtype=np.int64),
        start=base + np.array(starts, dtype=np.int64),
        end=base + np.array(ends, dtype=np.int64),
        label=final[np.array(label_col, dtype=np.int64)],
        others=others,
    )
