"""Inter-annotator agreement: span P/R/F1, Cohen's kappa and Krippendorff's alpha on token labels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from annotator.learn.agreement_metrics import (
    Counts,
    alpha_from_columns,
    cohen_kappa,
    krippendorff_alpha_nominal,
    macro_f1,
    micro,
)
from annotator.learn.agreement_table import SpanTable, build_table
from annotator.records.models import Annotation, Document

ENTITY_LAYER = "entities"
OUTSIDE = "O"
DEFAULT_CONTAINERS = ("QUOTE",)


def layer_of(label: str, containers: Sequence[str] = DEFAULT_CONTAINERS) -> str:
    """Name the token layer a label lives on: a container label is its own layer."""
    return label if label in containers else ENTITY_LAYER


@dataclass(slots=True)
class PairAgreement:
    """Agreement of one pair of annotators on the documents both answered; `a` is the reference."""

    a: str
    b: str
    docs: int
    exact: dict[str, Counts]
    overlap: dict[str, Counts]
    kappa: dict[str, float | None]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {
            "a": self.a,
            "b": self.b,
            "docs": self.docs,
            **_prf_dict(self.exact, self.overlap),
            "kappa": self.kappa,
        }


def _prf_dict(exact: dict[str, Counts], overlap: dict[str, Counts]) -> dict[str, Any]:
    """Per-label, micro and macro figures for both match kinds."""
    out: dict[str, Any] = {}
    for kind, per_label in (("exact", exact), ("overlap", overlap)):
        out[kind] = {
            "micro": micro(per_label).to_dict(),
            "macro_f1": macro_f1(per_label),
            "labels": {label: c.to_dict() for label, c in per_label.items()},
        }
    return out


@dataclass(frozen=True, slots=True)
class DocScore:
    """One document's agreement: mean pairwise exact-match span F1."""

    doc_id: str
    title: str
    f1: float
    annotators: int


@dataclass(slots=True)
class AgreementReport:
    """Every agreement figure for a dataset: pairs, overall, per layer, per document."""

    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    layers: dict[str, tuple[str, ...]]
    docs_compared: int
    pairs: list[PairAgreement]
    alpha: dict[str, float | None]
    confusion: dict[str, np.ndarray]
    documents: list[DocScore] = field(default_factory=list)

    @property
    def exact(self) -> dict[str, Counts]:
        """Exact-match counts pooled over all pairs."""
        return _pool([p.exact for p in self.pairs], self.labels)

    @property
    def overlap(self) -> dict[str, Counts]:
        """Overlap-match counts pooled over all pairs."""
        return _pool([p.overlap for p in self.pairs], self.labels)

    @property
    def mean_kappa(self) -> dict[str, float | None]:
        """Mean pairwise Cohen's kappa per layer over the pairs where it is defined."""
        out: dict[str, float | None] = {}
        for layer in self.layers:
            values = [k for p in self.pairs if (k := p.kappa.get(layer)) is not None]
            out[layer] = sum(values) / len(values) if values else None
        return out

    def to_dict(self, worst: int | None = None) -> dict[str, Any]:
        """JSON-ready report; `worst` limits the document ranking."""
        docs = self.documents if worst is None else self.documents[:worst]
        return {
            "annotators": list(self.annotators),
            "labels": list(self.labels),
            "layers": {k: list(v) for k, v in self.layers.items()},
            "docs_compared": self.docs_compared,
            "overall": {
                **_prf_dict(self.exact, self.overlap),
                "kappa_mean": self.mean_kappa,
                "alpha": self.alpha,
            },
            "pairs": [p.to_dict() for p in self.pairs],
            "confusion": {
                layer: {"labels": [OUTSIDE, *self.layers[layer]], "matrix": m.tolist()}
                for layer, m in self.confusion.items()
            },
            "documents": [
                {"doc_id": d.doc_id, "title": d.title, "f1": d.f1, "annotators": d.annotators}
                for d in docs
            ],
        }


def _pool(per_pair: list[dict[str, Counts]], labels: tuple[str, ...]) -> dict[str, Counts]:
    """Sum per-label counts over pairs."""
    pooled = {label: Counts() for label in labels}
    for counts in per_pair:
        for label, c in counts.items():
            pooled[label] = pooled[label] + c
    return {label: c for label, c in pooled.items() if c.ref or c.pred}


def _layers(labels: tuple[str, ...], containers: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Group labels into token layers: the entity layer first, then each container label."""
    layers: dict[str, list[str]] = {}
    entity = [label for label in labels if layer_of(label, containers) == ENTITY_LAYER]
    if entity:
        layers[ENTITY_LAYER] = entity
    for label in labels:
        if layer_of(label, containers) != ENTITY_LAYER:
            layers[label] = [label]
    return {name: tuple(members) for name, members in layers.items()}


@dataclass(frozen=True, slots=True)
class _Layer:
    """One token layer, kept only on covered tokens (inside some span of some annotator).

    Every other token is outside (code 0) for everyone who answered its document, so it only
    adds agreement on "outside"; `uncovered` counts those tokens per document.
    """

    size: int  # categories: outside plus the layer's labels
    values: np.ndarray  # annotators x covered tokens: -1 unanswered, 0 outside, k the k-th label
    uncovered: np.ndarray  # per document: tokens no span of this layer touches


def _layer(table: SpanTable, members: Sequence[int]) -> _Layer:
    """Label codes of one layer on its covered tokens, and the uncovered token count per doc."""
    dtype = np.int8 if len(members) < 127 else np.int16
    code = np.zeros(len(table.labels), dtype=dtype)
    code[list(members)] = np.arange(1, len(members) + 1, dtype=dtype)
    sel = np.nonzero(code[table.label] > 0)[0]
    order = sel[
        np.lexsort((table.label[sel], table.end[sel], table.start[sel], table.annotator[sel]))
    ]
    widths = table.end[order] - table.start[order] + 1
    first = np.cumsum(widths) - widths
    within = np.arange(int(widths.sum())) - np.repeat(first, widths)
    positions = np.repeat(table.start[order], widths) + within
    mask = np.zeros(table.total_tokens, dtype=bool)
    mask[positions] = True
    covered = np.flatnonzero(mask)
    column = np.zeros(table.total_tokens, dtype=np.int64)
    column[covered] = np.arange(len(covered))
    doc_of = np.searchsorted(table.doc_offsets, covered, side="right") - 1
    values = np.where(table.answered[doc_of].T, 0, -1).astype(dtype)
    values[np.repeat(table.annotator[order], widths), column[positions]] = np.repeat(
        code[table.label[order]], widths
    )
    lengths = np.diff(table.doc_offsets)
    uncovered = lengths - np.bincount(doc_of, minlength=len(lengths))
    return _Layer(len(members) + 1, values, uncovered)


def _layer_alpha(layer: _Layer, answered: np.ndarray) -> float | None:
    """Krippendorff's alpha of a layer: covered tokens counted, uncovered ones added as outside."""
    columns = _category_columns(layer.values, layer.size)
    values_per_doc = answered.sum(axis=1)
    pairable = values_per_doc >= 2
    outside = int((layer.uncovered[pairable] * values_per_doc[pairable]).sum())
    extra = np.zeros(layer.size, dtype=np.int64)
    extra[0] = outside
    return alpha_from_columns(columns, extra)


@dataclass(frozen=True, slots=True)
class _Sorted:
    """One annotator's spans sorted by key, with what exact and overlap matching need."""

    key: np.ndarray  # (label, start, width) packed; sorting by it sorts by (label, start)
    pos: np.ndarray  # label * stride + start
    end: np.ndarray  # label * stride + end
    reach: np.ndarray  # running maximum of `end`: the furthest any span so far reaches
    label: np.ndarray
    doc: np.ndarray


def _sorted_spans(table: SpanTable) -> list[_Sorted]:
    """Every annotator's spans sorted once; pairs then match with binary searches."""
    stride = table.total_tokens + 1
    width = int((table.end - table.start).max(initial=0)) + 1
    if len(table.labels) * stride * width >= 2**62:
        raise ValueError("too many tokens to key spans in 64 bits; compare fewer documents")
    pos = table.label * stride + table.start
    keys = pos * width + (table.end - table.start)
    out = []
    for a in range(len(table.annotators)):
        mine = np.nonzero(table.annotator == a)[0]
        order = mine[np.argsort(keys[mine], kind="stable")]
        end = table.label[order] * stride + table.end[order]
        reach = np.maximum.accumulate(end) if len(end) else end
        out.append(
            _Sorted(keys[order], pos[order], end, reach, table.label[order], table.doc[order])
        )
    return out


def _matches(query: _Sorted, ref: _Sorted, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For the query spans in `keep`, whether the reference has the same span / an overlapping one.

    Spans of different documents never share tokens, so the reference needs no filtering.
    """
    key, pos, end = query.key[keep], query.pos[keep], query.end[keep]
    if not len(ref.key) or not len(key):
        none = np.zeros(len(key), dtype=bool)
        return none, none
    at = np.minimum(np.searchsorted(ref.key, key), len(ref.key) - 1)
    exact = ref.key[at] == key
    last = np.searchsorted(ref.pos, end, side="right") - 1
    overlap = (last >= 0) & (ref.reach[np.maximum(last, 0)] >= pos)
    return exact, overlap


def _pair_spans(
    table: SpanTable, span_a: _Sorted, span_b: _Sorted, both: np.ndarray
) -> tuple[dict[str, Counts], dict[str, Counts], np.ndarray]:
    """Exact and overlap counts per label for one pair, and each document's exact-match F1."""
    n_labels, n_docs = len(table.labels), len(table.doc_ids)
    keep_a, keep_b = both[span_a.doc], both[span_b.doc]
    exact_a, overlap_a = _matches(span_a, span_b, keep_a)
    _, overlap_b = _matches(span_b, span_a, keep_b)
    label_a, label_b = span_a.label[keep_a], span_b.label[keep_b]
    n_a = np.bincount(label_a, minlength=n_labels)
    n_b = np.bincount(label_b, minlength=n_labels)
    tp = np.bincount(label_a[exact_a], minlength=n_labels)
    ov_a = np.bincount(label_a[overlap_a], minlength=n_labels)
    ov_b = np.bincount(label_b[overlap_b], minlength=n_labels)
    exact: dict[str, Counts] = {}
    overlap: dict[str, Counts] = {}
    for i, label in enumerate(table.labels):
        if n_a[i] or n_b[i]:
            exact[label] = Counts(int(n_a[i]), int(n_b[i]), int(tp[i]), int(tp[i]))
            overlap[label] = Counts(int(n_a[i]), int(n_b[i]), int(ov_a[i]), int(ov_b[i]))
    doc_a, doc_b = span_a.doc[keep_a], span_b.doc[keep_b]
    doc_tp = np.bincount(doc_a[exact_a], minlength=n_docs)
    doc_total = np.bincount(doc_a, minlength=n_docs) + np.bincount(doc_b, minlength=n_docs)
    doc_f1 = np.divide(2.0 * doc_tp, doc_total, out=np.ones(n_docs), where=doc_total > 0)
    return exact, overlap, doc_f1


def _token_confusion(va: np.ndarray, vb: np.ndarray, size: int) -> np.ndarray:
    """Token label pairs of two annotators where both answered, as a size x size matrix."""
    shifted = size + 1  # code -1 (unanswered) becomes row/column 0, dropped at the end
    joint: np.ndarray
    if shifted * shifted <= 256:
        one, width = np.int16(1), np.int16(shifted)
        joint = ((va.astype(np.int16) + one) * width + (vb + one)).astype(np.uint8)
    else:
        joint = (va.astype(np.int32) + 1) * shifted + (vb.astype(np.int32) + 1)
    counts = np.bincount(joint, minlength=shifted * shifted).reshape(shifted, shifted)
    return counts[1:, 1:]


def _category_columns(values: np.ndarray, categories: int) -> list[np.ndarray]:
    """Per token, how many annotators gave each category code 0..categories-1."""
    dtype = np.int8 if len(values) < 127 else np.int32
    columns = []
    for code in range(categories):
        column: np.ndarray = np.zeros(values.shape[1], dtype=dtype)
        for row in values:
            column += row == code
        columns.append(column)
    return columns


def compute_agreement(
    table: SpanTable, containers: Sequence[str] = DEFAULT_CONTAINERS
) -> AgreementReport:
    """Every pair's span and token agreement, alpha per layer and the document ranking."""
    layers = _layers(table.labels, containers)
    label_index = {label: i for i, label in enumerate(table.labels)}
    token_layers = {
        name: _layer(table, [label_index[m] for m in members]) for name, members in layers.items()
    }
    sorted_spans = _sorted_spans(table)
    n_docs = len(table.doc_ids)
    f1_sum = np.zeros(n_docs)
    pair_count = np.zeros(n_docs, dtype=np.int64)
    confusion = {layer: np.zeros((len(m) + 1,) * 2, dtype=np.int64) for layer, m in layers.items()}
    pairs: list[PairAgreement] = []
    for a, b in combinations(range(len(table.annotators)), 2):
        both = table.answered[:, a] & table.answered[:, b]
        if not both.any():
            continue
        exact, overlap, doc_f1 = _pair_spans(table, sorted_spans[a], sorted_spans[b], both)
        f1_sum[both] += doc_f1[both]
        pair_count[both] += 1
        kappa: dict[str, float | None] = {}
        for layer, tokens in token_layers.items():
            matrix = _token_confusion(tokens.values[a], tokens.values[b], tokens.size)
            matrix[0, 0] += int(tokens.uncovered[both].sum())
            kappa[layer] = cohen_kappa(matrix)
            confusion[layer] += matrix + matrix.T
        pairs.append(
            PairAgreement(
                table.annotators[a], table.annotators[b], int(both.sum()), exact, overlap, kappa
            )
        )
    alpha = {name: _layer_alpha(tokens, table.answered) for name, tokens in token_layers.items()}
    ranked = np.nonzero(pair_count)[0]
    scores = f1_sum[ranked] / pair_count[ranked]
    order = sorted(range(len(ranked)), key=lambda i: (scores[i], table.doc_ids[ranked[i]]))
    answered_by = table.answered.sum(axis=1)
    documents = [
        DocScore(
            table.doc_ids[ranked[i]],
            table.doc_titles[ranked[i]],
            float(scores[i]),
            int(answered_by[ranked[i]]),
        )
        for i in order
    ]
    return AgreementReport(
        annotators=table.annotators,
        labels=table.labels,
        layers=layers,
        docs_compared=int((answered_by >= 2).sum()),
        pairs=pairs,
        alpha=alpha,
        confusion=confusion,
        documents=documents,
    )


def agreement(
    records: Iterable[tuple[Document, Annotation]],
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    containers: Sequence[str] = DEFAULT_CONTAINERS,
) -> AgreementReport:
    """Agreement report straight from (document, annotation) records."""
    return compute_agreement(build_table(records, annotators, labels), containers)


__all__ = [
    "AgreementReport",
    "Counts",
    "agreement",
    "build_table",
    "cohen_kappa",
    "compute_agreement",
    "krippendorff_alpha_nominal",
    "macro_f1",
    "micro",
]
