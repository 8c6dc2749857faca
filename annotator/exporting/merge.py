"""Merge policies: which annotation(s) of a document become exported records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import TypeVar

import orjson

from annotator.records.line_writer import DocumentView
from annotator.records.models import Annotation, Document, Relation, Span, reading_order

MAJORITY_ANNOTATOR = "majority"
# A document as a model, or as the view a stored one is read as: merging passes it through.
DocumentLike = TypeVar("DocumentLike", bound=Document | DocumentView)


class MergePolicyError(ValueError):
    """A --merge value that is not a known policy."""


@dataclass(frozen=True, slots=True)
class MergePolicy:
    """A parsed --merge value: all, annotator:NAME, majority or reviewed."""

    kind: str
    annotator: str | None = None

    def __str__(self) -> str:
        """The policy as it is written on the command line."""
        return f"annotator:{self.annotator}" if self.kind == "annotator" else self.kind


def parse_merge(value: str | None) -> MergePolicy:
    """Parse a --merge value; MergePolicyError lists the choices."""
    value = (value or "all").strip()
    if value in ("all", "majority", "reviewed"):
        return MergePolicy(value)
    kind, _, name = value.partition(":")
    if kind == "annotator" and name.strip():
        return MergePolicy("annotator", name.strip())
    raise MergePolicyError(
        f"unknown merge policy {value!r}; use all, annotator:NAME, majority or reviewed"
    )


def is_review(ann: Annotation) -> bool:
    """A reviewer's revision: its `sources` name the annotators whose versions it adjudicated."""
    return bool(ann.sources)


def _majority(doc: Document | DocumentView, anns: list[Annotation]) -> Annotation | None:
    """One annotation keeping what more than half of the accepting annotators gave: spans (with
    the attribute values most of those who gave each span agree on), relations between kept
    spans, and document label values."""
    accepted = [a for a in anns if a.answer == "accept"]
    if not accepted:
        return None
    need = len(accepted) // 2 + 1
    votes: Counter[tuple[int, int, str]] = Counter()
    given: dict[tuple[int, int, str], list[Span]] = {}
    for ann in accepted:
        for span in {s.key: s for s in ann.spans}.values():
            votes[span.key] += 1
            given.setdefault(span.key, []).append(span)
    kept = {key: _agreed_span(given[key]) for key, n in votes.items() if n >= need}
    return Annotation(
        doc_id=doc.doc_id,
        annotator=MAJORITY_ANNOTATOR,
        answer="accept",
        spans=tuple(sorted(kept.values(), key=reading_order)),
        relations=_majority_relations(accepted, kept, need),
        doc_labels=_majority_doc_labels(accepted, need),
        schema=accepted[0].schema_,
        created_at=min(a.created_at for a in accepted),
        updated_at=max(a.updated_at for a in accepted),
        duration_s=sum(a.duration_s for a in accepted),
        sources=tuple(sorted(a.annotator for a in accepted)),
    )


def _agreed_span(versions: list[Span]) -> Span:
    """The first version of a span, with each attribute value more than half of its versions give."""
    first = versions[0]
    need = len(versions) // 2 + 1
    values: Counter[tuple[str, bytes]] = Counter()
    for span in versions:
        values.update((name, orjson.dumps(value)) for name, value in span.attrs.items())
    attrs = {name: orjson.loads(value) for (name, value), n in values.items() if n >= need}
    return first if attrs == first.attrs else first.model_copy(update={"attrs": attrs})


def _majority_relations(
    accepted: list[Annotation], kept: dict[tuple[int, int, str], Span], need: int
) -> tuple[Relation, ...]:
    """Relations between kept spans that more than half of the annotators drew (matched by span)."""
    votes: Counter[tuple[tuple[int, int, str], tuple[int, int, str], str]] = Counter()
    for ann in accepted:
        by_id = {span.id: span.key for span in ann.spans if span.id}
        drawn = {
            (by_id[r.head], by_id[r.child], r.label)
            for r in ann.relations
            if r.head in by_id and r.child in by_id
        }
        votes.update(drawn)
    relations = [
        Relation(head=kept[head].id, child=kept[child].id, label=label)
        for (head, child, label), n in sorted(votes.items())
        if n >= need and head in kept and child in kept and kept[head].id and kept[child].id
    ]
    return tuple(relations)


def _majority_doc_labels(accepted: list[Annotation], need: int) -> dict[str, tuple[str, ...]]:
    """Each document label's values that more than half of the annotators chose."""
    votes: Counter[tuple[str, str]] = Counter()
    for ann in accepted:
        votes.update({(name, value) for name, values in ann.doc_labels.items() for value in values})
    chosen: dict[str, tuple[str, ...]] = {}
    for (name, value), n in sorted(votes.items()):
        if n >= need:
            chosen[name] = (*chosen.get(name, ()), value)
    return chosen


def merge(
    pairs: Iterable[tuple[DocumentLike, Annotation]], policy: MergePolicy, skipped: Counter[str]
) -> Iterator[tuple[DocumentLike, Annotation]]:
    """Apply a policy to (document, annotation) pairs streamed in document order."""
    if policy.kind == "all":
        return iter(pairs)  # every pair as it comes, without a generator in between
    return _merged(pairs, policy, skipped)


def _merged(
    pairs: Iterable[tuple[DocumentLike, Annotation]], policy: MergePolicy, skipped: Counter[str]
) -> Iterator[tuple[DocumentLike, Annotation]]:
    """The pairs a policy other than `all` keeps, one document's answers at a time."""
    for _, group in groupby(pairs, key=lambda pair: pair[0].doc_id):
        items = list(group)
        doc = items[0][0]
        anns = [ann for _, ann in items]
        if policy.kind == "annotator":
            picked = [a for a in anns if a.annotator == policy.annotator]
            if not picked:
                skipped[f"no answer by {policy.annotator}"] += 1
            for ann in picked:
                yield doc, ann
        elif policy.kind == "majority":
            merged = _majority(doc, anns)
            if merged is None:
                skipped["no accepted answer to vote on"] += 1
            else:
                yield doc, merged
        else:
            reviews = [a for a in anns if is_review(a)]
            if not reviews:
                skipped["not reviewed"] += 1
            else:
                yield doc, max(reviews, key=lambda a: (a.updated_at, a.revision))
