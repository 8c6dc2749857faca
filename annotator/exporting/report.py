"""What an export counted, dropped and converted; writers report into it, the manifest reads it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter, sub
from typing import Any

from annotator.records.models import CanonicalRecord, Span
from annotator.schema.model import LabelSchema

_LABEL = itemgetter("label")
_TEXT = itemgetter("text")
_FIRST = itemgetter("token_start")
_LAST = itemgetter("token_end")
COUNT_EVERY = 16_384  # spans are logged, then their labels and widths counted in batches


@dataclass(slots=True)
class SplitStats:
    """Counts of one split: documents, records, tokens, spans per label, span lengths in tokens."""

    documents: int = 0
    records: int = 0
    tokens: int = 0
    spans: int = 0
    dropped: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    lengths: Counter[int] = field(default_factory=Counter)
    last_doc: str | None = None
    span_log: list[dict[str, Any]] = field(default_factory=list)  # span field dicts to count

    def log_spans(self, spans: list[dict[str, Any]]) -> None:
        """Note spans (field dicts) whose labels and widths the next batch counts."""
        self.spans += len(spans)
        log = self.span_log
        log.extend(spans)
        if len(log) >= COUNT_EVERY:
            self.count_logged()

    def count_logged(self) -> None:
        """Fold the logged spans' labels and token widths into the counters (memory stays flat)."""
        log = self.span_log
        self.labels.update(map(_LABEL, log))
        for width, count in Counter(map(sub, map(_LAST, log), map(_FIRST, log))).items():
            self.lengths[width + 1] += count
        log.clear()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready counts with span-length statistics."""
        self.count_logged()
        return {
            "documents": self.documents,
            "records": self.records,
            "tokens": self.tokens,
            "spans": self.spans,
            "spans_written": self.spans - self.dropped,
            "spans_dropped": self.dropped,
            "labels": dict(sorted(self.labels.items())),
            "span_tokens": length_stats(self.lengths),
        }


def length_stats(lengths: Counter[int]) -> dict[str, float | int | None]:
    """Min, max, mean and quantiles of span lengths from a histogram (constant memory)."""
    total = sum(lengths.values())
    if not total:
        return {"min": None, "max": None, "mean": None, "p50": None, "p90": None, "p99": None}
    ordered = sorted(lengths.items())

    def quantile(q: float) -> int:
        rank = max(1, round(q * total))
        seen = 0
        for value, count in ordered:
            seen += count
            if seen >= rank:
                return value
        return ordered[-1][0]

    mean = sum(v * c for v, c in ordered) / total
    return {
        "min": ordered[0][0],
        "max": ordered[-1][0],
        "mean": round(mean, 3),
        "p50": quantile(0.5),
        "p90": quantile(0.9),
        "p99": quantile(0.99),
    }


class ExportReport:
    """Collects counts per split and every span a writer dropped or converted, with the reason."""

    def __init__(self, format_name: str, schema: LabelSchema) -> None:
        """Start an empty report for one export."""
        self.format_name = format_name
        self.schema = schema
        self.split = "train"
        self.splits: dict[str, SplitStats] = {}
        self.dropped: list[dict[str, Any]] = []
        self.converted: list[dict[str, Any]] = []
        self.parts_dropped: dict[str, dict[str, Any]] = {}  # kind -> {count, reason}
        self.facts: dict[str, Any] = {}
        self.writer_state: dict[str, Any] = {}  # what a writer carries from split to split
        self.tokenizers: set[str] = set()
        self._train_texts: set[str] = set()
        self._test_texts: set[str] = set()
        # Span texts are collected for the leakage figure only when there is a test split.
        self.track_leakage = True

    def begin_split(self, name: str) -> None:
        """Count what follows into split `name`."""
        self.split = name
        self.splits.setdefault(name, SplitStats())

    def observe(self, record: CanonicalRecord) -> None:
        """Count a record about to be handed to the writer."""
        fields = record.__dict__  # plain dict reads: pydantic attribute access is slower
        self.observe_fields(fields, [span.__dict__ for span in fields["spans"]])

    def observe_fields(self, doc: dict[str, Any], spans: list[dict[str, Any]]) -> None:
        """Count a record from its document's field dict and its spans' field dicts."""
        stats = self.splits.get(self.split)
        if stats is None:
            stats = self.splits[self.split] = SplitStats()
        stats.records += 1
        if doc["doc_id"] != stats.last_doc:
            stats.documents += 1
            stats.tokens += len(doc["tokens"])
            stats.last_doc = doc["doc_id"]
        self.tokenizers.add(doc["tokenizer"])
        if not spans:
            return
        stats.log_spans(spans)
        if not self.track_leakage:
            return
        if self.split == "train":
            self._train_texts.update(map(_TEXT, spans))
        elif self.split == "test":
            self._test_texts.update(map(_TEXT, spans))

    def _entry(self, record: CanonicalRecord, span: Span, reason: str) -> dict[str, Any]:
        """One located manifest entry for a span."""
        return {
            "split": self.split,
            "doc_id": record.doc_id,
            "annotator": record.annotator,
            "label": span.label,
            "start": span.start,
            "end": span.end,
            "text": span.text,
            "reason": reason,
        }

    def drop(self, record: CanonicalRecord, span: Span, reason: str) -> None:
        """A writer left this span out of its output."""
        self.splits.setdefault(self.split, SplitStats()).dropped += 1
        self.dropped.append(self._entry(record, span, reason))

    def convert(self, record: CanonicalRecord, span: Span, reason: str) -> None:
        """A writer kept this span but changed or flagged it (the reason says how)."""
        self.converted.append(self._entry(record, span, reason))

    def drop_part(self, kind: str, reason: str, count: int = 1) -> None:
        """A writer left out parts other than spans (relations, attributes, document labels,
        fragments) its format cannot hold: counted by kind, with the reason, for the manifest."""
        if count <= 0:
            return
        entry = self.parts_dropped.setdefault(kind, {"count": 0, "reason": reason})
        entry["count"] += count

    def describe(self, **facts: Any) -> None:
        """Facts a format states about its output: offset unit, tag scheme, layout, layers."""
        self.facts.update(facts)

    @property
    def total_spans(self) -> int:
        """Spans handed to the writer over all splits."""
        return sum(s.spans for s in self.splits.values())

    @property
    def total_records(self) -> int:
        """Records handed to the writer over all splits."""
        return sum(s.records for s in self.splits.values())

    def leakage(self) -> dict[str, int]:
        """How many distinct test-split span texts also occur as span texts in train."""
        return {
            "test_span_texts": len(self._test_texts),
            "test_span_texts_in_train": len(self._test_texts & self._train_texts),
        }

    def summary(self) -> dict[str, Any]:
        """Totals over every split."""
        dropped = len(self.dropped)
        return {
            "records": self.total_records,
            "documents": sum(s.documents for s in self.splits.values()),
            "spans": self.total_spans,
            "spans_written": self.total_spans - dropped,
            "spans_dropped": dropped,
            "spans_converted": len(self.converted),
        }
