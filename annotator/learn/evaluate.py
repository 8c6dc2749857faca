"""Score predicted spans against gold spans: P/R/F1 per label and micro, exact and token-overlap match."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.learn.agreement_metrics import Counts, micro
from annotator.learn.structure import EMPTY_PARTS, Kinds, Parts, StructureScores
from annotator.records.models import Annotation, CanonicalRecord, Document, Span
from annotator.validation.validate import validate_line

MATCH_KINDS = ("exact", "overlap")


class EvaluationError(Exception):
    """An input file cannot be scored; the message names the file, line and fix."""


@dataclass(slots=True)
class Evaluation:
    """Span counts per label for both match kinds, label confusions, and how many documents."""

    exact: dict[str, Counts] = field(default_factory=dict)
    overlap: dict[str, Counts] = field(default_factory=dict)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    docs: int = 0
    structure: StructureScores | None = None

    def add(self, gold: Iterable[Span], pred: Iterable[Span]) -> None:
        """Score one document's predicted spans against its gold spans."""
        self.docs += 1
        gold, pred = list(gold), list(pred)
        for kind, counts in (("exact", self.exact), ("overlap", self.overlap)):
            for label, found in score_document(gold, pred, kind).items():
                counts[label] = counts.get(label, Counts()) + found
        gold_labels = {(s.start, s.end): s.label for s in gold}
        for span in pred:
            other = gold_labels.get((span.start, span.end))
            if other is not None and other != span.label:
                self.confusions[(other, span.label)] += 1

    @property
    def labels(self) -> list[str]:
        """Every label either side used, sorted."""
        return sorted(set(self.exact) | set(self.overlap))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures: per label and micro for both match kinds, and confusions."""
        out: dict[str, Any] = {"docs": self.docs}
        for kind in MATCH_KINDS:
            per_label: dict[str, Counts] = getattr(self, kind)
            out[kind] = {
                "micro": micro(per_label).to_dict(),
                "labels": {label: per_label[label].to_dict() for label in sorted(per_label)},
            }
        out["confusions"] = [
            {"gold": gold, "pred": pred, "count": count}
            for (gold, pred), count in sorted(self.confusions.items())
        ]
        if self.structure is not None:
            out.update(self.structure.to_dict())
        return out


def _overlaps(a: Span, b: Span) -> bool:
    """Whether two spans share at least one token."""
    return a.token_start <= b.token_end and b.token_start <= a.token_end


def score_document(gold: list[Span], pred: list[Span], kind: str = "exact") -> dict[str, Counts]:
    """Per-label counts of one document; 'overlap' matches a span of the same label sharing a token."""
    labels = {s.label for s in gold} | {s.label for s in pred}
    out: dict[str, Counts] = {}
    for label in labels:
        gold_l = [s for s in gold if s.label == label]
        pred_l = [s for s in pred if s.label == label]
        if kind == "exact":
            gold_keys = {(s.start, s.end) for s in gold_l}
            pred_keys = {(s.start, s.end) for s in pred_l}
            hits = len(gold_keys & pred_keys)
            out[label] = Counts(len(gold_keys), len(pred_keys), hits, hits)
        elif kind == "overlap":
            matched_gold = sum(1 for g in gold_l if any(_overlaps(g, p) for p in pred_l))
            matched_pred = sum(1 for p in pred_l if any(_overlaps(p, g) for g in gold_l))
            out[label] = Counts(len(gold_l), len(pred_l), matched_gold, matched_pred)
        else:
            raise ValueError(f"unknown match kind {kind!r}; use one of {MATCH_KINDS}")
    return out


def iter_records(path: Path) -> Iterator[tuple[int, CanonicalRecord]]:
    """Canonical records of a JSONL file with their line numbers; EvaluationError at the first bad line."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise EvaluationError(f"cannot read {path}: {exc.strerror}; check the path") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            body = raw.rstrip(b"\r\n").removeprefix(b"\xef\xbb\xbf")
            if not body.strip():
                continue
            record, issues = validate_line(body, None)
            errors = [i for i in issues if i.severity == "error"]
            if record is None or errors:
                first = errors[0] if errors else issues[0]
                raise EvaluationError(
                    f"{path}:{number}: {first.code} {first.message}; fix: {first.hint} "
                    f"(`annotator validate {path}` lists every problem)"
                )
            yield number, record


def read_all_records(path: Path) -> list[CanonicalRecord]:
    """Every canonical record of a JSONL file; EvaluationError names a bad line."""
    return [record for _, record in iter_records(path)]


def read_annotated(path: Path) -> dict[str, tuple[Document, tuple[Span, ...]]]:
    """Accepted documents of a canonical JSONL file by doc id; EvaluationError on bad or repeated lines."""
    return {
        doc_id: (record.document, record.spans) for doc_id, record in read_accepted(path).items()
    }


def read_accepted(path: Path) -> dict[str, CanonicalRecord]:
    """Accepted records of a canonical JSONL file by doc id; EvaluationError on bad or repeated lines."""
    found: dict[str, CanonicalRecord] = {}
    first_line: dict[str, int] = {}
    for number, record in iter_records(path):
        if record.answer != "accept":
            continue
        if record.doc_id in found:
            raise EvaluationError(
                f"{path}:{number}: document {record.doc_id} already appears on line "
                f"{first_line[record.doc_id]}; keep one annotation per document "
                "(export with a merge policy, or filter by annotator)"
            )
        first_line[record.doc_id] = number
        found[record.doc_id] = record
    if not found:
        raise EvaluationError(f"{path}: no accepted records to score; is it canonical JSONL?")
    return found


def evaluate_pairs(
    gold: Mapping[str, tuple[Document, tuple[Span, ...]]],
    pred: Mapping[str, Iterable[Span]],
) -> Evaluation:
    """Score every gold document; a document missing from the predictions counts as predicting nothing."""
    result = Evaluation()
    for doc_id, (_, gold_spans) in gold.items():
        result.add(gold_spans, pred.get(doc_id, ()))
    return result


def evaluate_structure(
    gold: Mapping[str, Annotation], pred: Mapping[str, Annotation], kinds: Kinds | None = None
) -> StructureScores:
    """Relation, attribute and document-label figures of every gold document against its prediction.

    A gold document with no prediction misses its relations and has every document label unset.
    """
    scores = StructureScores(kinds=kinds or Kinds())
    for doc_id, gold_ann in gold.items():
        pred_ann = pred.get(doc_id)
        predicted = EMPTY_PARTS if pred_ann is None else Parts.of(pred_ann, scores.kinds)
        scores.add_parts(Parts.of(gold_ann, scores.kinds), predicted)
    return scores


def suggested_spans(
    gold: Mapping[str, tuple[Document, tuple[Span, ...]]], suggester: Any
) -> Iterator[tuple[str, list[Span]]]:
    """Run a suggester over the gold documents, yielding (doc id, suggested spans)."""
    docs = [doc for doc, _ in gold.values()]
    for doc, suggestions in zip(docs, suggester.suggest(docs), strict=True):
        yield doc.doc_id, [s.span for s in suggestions]
