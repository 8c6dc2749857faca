"""Inter-annotator agreement: span P/R/F1, Cohen's kappa and Krippendorff's alpha on token labels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from annotator.learn.agreement_metrics import (
    Counts,
    alpha_from_counts,
    cohen_kappa,
    krippendorff_alpha_nominal,
    macro_f1,
    micro,
)
from annotator.learn.agreement_table import SpanTable, build_table
from annotator.records import Annotation, Document

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
            values = [p.kappa[layer] for p in self.pairs if p.kappa.get(layer) is not None]
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


def _token_values(table: SpanTable, members: Sequence[int]) -> np.ndarray:
    """Annotators x tokens label codes of one layer: -1 unanswered, 0 outside, k the k-th label."""
    dtype = np.int8 if len(members) < 127 else np.int16
    lengths = np.diff(table.doc_offsets)
    answered = np.repeat(table.answered, lengths, axis=0).T
    values = np.where(answered, 0, -1).astype(dtype)
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
    values[np.repeat(table.annotator[order], widths), positions] = np.repeat(
        code[table.label[order]], widths
    )
    return values


def _overlapping(
    ref: tuple[np.ndarray, ...], query: tuple[np.ndarray, ...], stride: int
) -> np.ndarray:
    """For each query span (start, end, label), whether a reference span of its label overlaps it."""
    ref_start, ref_end, ref_label = ref
    q_start, q_end, q_label = query
    hit = np.zeros(len(q_start), dtype=bool)
    if not len(ref_start) or not len(q_start):
        return hit
    ref_pos = ref_label * stride + ref_start
    order = np.argsort(ref_pos, kind="stable")
    reach = np.maximum.accumulate(ref_label[order] * stride + ref_end[order])
    last = np.searchsorted(ref_pos[order], q_label * stride + q_end, side="right") - 1
    has = last >= 0
    hit[has] = reach[last[has]] >= (q_label * stride + q_start)[has]
    return hit


def _span_keys(table: SpanTable) -> np.ndarray:
    """One int64 per span identifying its global token range and label."""
    stride = table.total_tokens + 1
    width = int((table.end - table.start).max(initial=0)) + 1
    if len(table.labels) * stride * width >= 2**62:
        raise ValueError("too many tokens to key spans in 64 bits; compare fewer documents")
    return (table.label * stride + table.start) * width + (table.end - table.start)


def _pair_spans(
    table: SpanTable, keys: np.ndarray, sel_a: np.ndarray, sel_b: np.ndarray
) -> tuple[dict[str, Counts], dict[str, Counts], np.ndarray]:
    """Exact and overlap counts per label for one pair, and each document's exact-match F1."""
    n_labels, n_docs = len(table.labels), len(table.doc_ids)
    _, ia, _ = np.intersect1d(keys[sel_a], keys[sel_b], assume_unique=True, return_indices=True)
    label_a, label_b = table.label[sel_a], table.label[sel_b]
    spans_a = (table.start[sel_a], table.end[sel_a], label_a)
    spans_b = (table.start[sel_b], table.end[sel_b], label_b)
    stride = table.total_tokens + 1
    hit_a = _overlapping(spans_b, spans_a, stride)
    hit_b = _overlapping(spans_a, spans_b, stride)
    n_a = np.bincount(label_a, minlength=n_labels)
    n_b = np.bincount(label_b, minlength=n_labels)
    tp = np.bincount(label_a[ia], minlength=n_labels)
    ov_a = np.bincount(label_a[hit_a], minlength=n_labels)
    ov_b = np.bincount(label_b[hit_b], minlength=n_labels)
    exact: dict[str, Counts] = {}
    overlap: dict[str, Counts] = {}
    for i, label in enumerate(table.labels):
        if n_a[i] or n_b[i]:
            exact[label] = Counts(int(n_a[i]), int(n_b[i]), int(tp[i]), int(tp[i]))
            overlap[label] = Counts(int(n_a[i]), int(n_b[i]), int(ov_a[i]), int(ov_b[i]))
    doc_a, doc_b = table.doc[sel_a], table.doc[sel_b]
    doc_tp = np.bincount(doc_a[ia], minlength=n_docs)
    doc_total = np.bincount(doc_a, minlength=n_docs) + np.bincount(doc_b, minlength=n_docs)
    doc_f1 = np.divide(2.0 * doc_tp, doc_total, out=np.ones(n_docs), where=doc_total > 0)
    return exact, overlap, doc_f1


def compute_agreement(
    table: SpanTable, containers: Sequence[str] = DEFAULT_CONTAINERS
) -> AgreementReport:
    """Every pair's span and token agreement, alpha per layer and the document ranking."""
    layers = _layers(table.labels, containers)
    label_index = {label: i for i, label in enumerate(table.labels)}
    values = {
        layer: _token_values(table, [label_index[m] for m in members])
        for layer, members in layers.items()
    }
    keys = _span_keys(table)
    n_docs = len(table.doc_ids)
    f1_sum = np.zeros(n_docs)
    pair_count = np.zeros(n_docs, dtype=np.int64)
    confusion = {layer: np.zeros((len(m) + 1,) * 2, dtype=np.int64) for layer, m in layers.items()}
    pairs: list[PairAgreement] = []
    for a, b in combinations(range(len(table.annotators)), 2):
        both = table.answered[:, a] & table.answered[:, b]
        if not both.any():
            continue
        sel_a = (table.annotator == a) & both[table.doc]
        sel_b = (table.annotator == b) & both[table.doc]
        exact, overlap, doc_f1 = _pair_spans(table, keys, sel_a, sel_b)
        f1_sum[both] += doc_f1[both]
        pair_count[both] += 1
        kappa: dict[str, float | None] = {}
        for layer, vals in values.items():
            va, vb = vals[a], vals[b]
            mask = (va >= 0) & (vb >= 0)
            size = len(layers[layer]) + 1
            matrix = np.bincount(
                va[mask].astype(np.int64) * size + vb[mask], minlength=size * size
            ).reshape(size, size)
            kappa[layer] = cohen_kappa(matrix)
            confusion[layer] += matrix + matrix.T
        pairs.append(
            PairAgreement(
                table.annotators[a], table.annotators[b], int(both.sum()), exact, overlap, kappa
            )
        )
    alpha = {
        layer: alpha_from_counts(
            np.stack([(vals == c).sum(axis=0) for c in range(len(layers[layer]) + 1)], axis=1)
        )
        for layer, vals in values.items()
    }
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
