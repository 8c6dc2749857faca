"""Merge policies: which annotation(s) of a document become exported records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

from annotator.records import Annotation, Document, Span, reading_order

MAJORITY_ANNOTATOR = "majority"


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


def _majority(doc: Document, anns: list[Annotation]) -> Annotation | None:
    """One annotation keeping each span that more than half of the accepting annotators gave."""
    accepted = [a for a in anns if a.answer == "accept"]
    if not accepted:
        return None
    votes: Counter[tuple[int, int, str]] = Counter()
    first: dict[tuple[int, int, str], Span] = {}
    for ann in accepted:
        for span in {s.key: s for s in ann.spans}.values():
            votes[span.key] += 1
            first.setdefault(span.key, span)
    need = len(accepted) // 2 + 1
    kept = tuple(sorted((first[k] for k, n in votes.items() if n >= need), key=reading_order))
    return Annotation(
        doc_id=doc.doc_id,
        annotator=MAJORITY_ANNOTATOR,
        answer="accept",
        spans=kept,
        schema=accepted[0].schema_,
        created_at=min(a.created_at for a in accepted),
        updated_at=max(a.updated_at for a in accepted),
        duration_s=sum(a.duration_s for a in accepted),
        sources=tuple(sorted(a.annotator for a in accepted)),
    )


def merge(
    pairs: Iterable[tuple[Document, Annotation]], policy: MergePolicy, skipped: Counter[str]
) -> Iterator[tuple[Document, Annotation]]:
    """Apply a policy to (document, annotation) pairs streamed in document order."""
    if policy.kind == "all":
        return iter(pairs)  # every pair as it comes, without a generator in between
    return _merged(pairs, policy, skipped)


def _merged(
    pairs: Iterable[tuple[Document, Annotation]], policy: MergePolicy, skipped: Counter[str]
) -> Iterator[tuple[Document, Annotation]]:
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
