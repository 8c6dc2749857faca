"""Progress statistics of a dataset from its answers, edit timestamps and open claims; pure."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from statistics import median
from typing import Any

from annotator.records.models import Annotation, Document

IDLE_CAP_S = 300.0  # a pause longer than this between two edits counts as this long


def active_seconds(times: Sequence[datetime], idle_cap: float = IDLE_CAP_S) -> float:
    """Seconds spent between consecutive timestamps, each pause capped at `idle_cap`."""
    ordered = sorted(times)
    return sum(
        min((later - earlier).total_seconds(), idle_cap) for earlier, later in pairwise(ordered)
    )


@dataclass(slots=True)
class AnnotatorStats:
    """One annotator's progress: answers by kind, spans, and time per document and per span."""

    answers: Counter[str] = field(default_factory=Counter)
    spans: int = 0
    seconds_per_doc: list[float] = field(default_factory=list)
    seconds_per_span: list[float] = field(default_factory=list)
    open_claims: int = 0

    @property
    def answered(self) -> int:
        """Documents answered, whatever the answer."""
        return sum(self.answers.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {
            "answered": self.answered,
            "answers": dict(sorted(self.answers.items())),
            "spans": self.spans,
            "median_seconds_per_doc": _median(self.seconds_per_doc),
            "median_seconds_per_span": _median(self.seconds_per_span),
            "timed_docs": len(self.seconds_per_doc),
            "open_claims": self.open_claims,
        }


def _median(values: list[float]) -> float | None:
    """Median, or None for no values."""
    return float(median(values)) if values else None


@dataclass(slots=True)
class DatasetStats:
    """Every progress figure of a dataset."""

    dataset: str
    documents: int
    annotators: dict[str, AnnotatorStats]
    answered_documents: int
    overlap: dict[int, int]
    spans_per_label: dict[str, int]
    answers_per_day: dict[str, int]
    open_claims: int
    reviewed_documents: int
    relations_per_label: dict[str, int] = field(default_factory=dict)
    attributes_filled: dict[str, dict[str, int]] = field(default_factory=dict)
    doc_labels: dict[str, dict[str, int]] = field(default_factory=dict)

    def docs_with_overlap(self, at_least: int) -> int:
        """Documents answered by at least this many annotators."""
        return sum(count for k, count in self.overlap.items() if k >= at_least)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures for dashboards."""
        return {
            "dataset": self.dataset,
            "documents": self.documents,
            "answered_documents": self.answered_documents,
            "annotators": {name: s.to_dict() for name, s in sorted(self.annotators.items())},
            "overlap": {str(k): v for k, v in sorted(self.overlap.items())},
            "docs_with_overlap_2plus": self.docs_with_overlap(2),
            "spans_per_label": self.spans_per_label,
            "answers_per_day": self.answers_per_day,
            "open_claims": self.open_claims,
            "reviewed_documents": self.reviewed_documents,
            "relations_per_label": self.relations_per_label,
            "attributes_filled": self.attributes_filled,
            "doc_labels": self.doc_labels,
        }


def compute_stats(
    dataset: str,
    documents: int,
    records: Iterable[tuple[Document, Annotation]],
    edit_times: Iterable[tuple[str, str, datetime]],
    open_claims: Iterable[tuple[str, str]],
    idle_cap: float = IDLE_CAP_S,
) -> DatasetStats:
    """Figures from current answers, (doc, annotator, time) edit rows and (doc, annotator) claims.

    Reviewer revisions (annotations with `sources`) count as reviewed documents, not as answers.
    Time on a document is the answer's `duration_s`: the time it was open and active over every
    session, pauses capped at IDLE_CAP_S (what `annotate` records). Answers without one (imported)
    are timed from their journal: first edit to the answer, pauses capped.
    Relations, attributes and document labels are counted on accepted answers: attributes as
    spans of a label with the attribute filled, document labels as answers choosing each value.
    """
    times: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    for doc_id, annotator, when in edit_times:
        times[(doc_id, annotator)].append(when)
    per: dict[str, AnnotatorStats] = defaultdict(AnnotatorStats)
    answered_by: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    relations: Counter[str] = Counter()
    filled: dict[str, Counter[str]] = defaultdict(Counter)
    chosen: dict[str, Counter[str]] = defaultdict(Counter)
    days: Counter[str] = Counter()
    reviewed: set[str] = set()
    for _, ann in records:
        if ann.sources:
            reviewed.add(ann.doc_id)
            continue
        stats = per[ann.annotator]
        stats.answers[ann.answer] += 1
        answered_by[ann.doc_id] += 1
        days[ann.created_at.date().isoformat()] += 1
        spans = len(ann.spans) if ann.answer == "accept" else 0
        if ann.answer == "accept":
            stats.spans += spans
            labels.update(span.label for span in ann.spans)
            relations.update(relation.label for relation in ann.relations)
            for span in ann.spans:
                if span.attrs:
                    filled[span.label].update(
                        name for name, value in span.attrs.items() if value is not None
                    )
            for name, values in ann.doc_labels.items():
                chosen[name].update(values)
        edits = times.get((ann.doc_id, ann.annotator))
        if ann.duration_s > 0:
            seconds = ann.duration_s
        elif edits:
            seconds = active_seconds([*edits, ann.updated_at], idle_cap)
        else:
            continue
        stats.seconds_per_doc.append(seconds)
        if spans:
            stats.seconds_per_span.append(seconds / spans)
    claims = 0
    for _, annotator in open_claims:
        per[annotator].open_claims += 1
        claims += 1
    return DatasetStats(
        dataset=dataset,
        documents=documents,
        annotators=dict(per),
        answered_documents=len(answered_by),
        overlap=dict(sorted(Counter(answered_by.values()).items())),
        spans_per_label=_by_count(labels),
        answers_per_day=dict(sorted(days.items())),
        open_claims=claims,
        reviewed_documents=len(reviewed),
        relations_per_label=_by_count(relations),
        attributes_filled={label: _by_count(filled[label]) for label in sorted(filled)},
        doc_labels={name: _by_count(chosen[name]) for name in sorted(chosen)},
    )


def _by_count(counts: Counter[str]) -> dict[str, int]:
    """Counts, largest first, ties by name."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
