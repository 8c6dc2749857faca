"""Review: merge annotators' versions of a document, mark disagreements, build the reviewer's revision.

A reviewer's revision is an Annotation by the reviewer whose `sources` name the annotators whose
versions were reviewed; `annotator export --merge reviewed` exports exactly these revisions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from annotator.records import Annotation, Answer, Document, Span, now_utc, reading_order

SpanKey = tuple[int, int, str]
REVIEWABLE_ANSWERS = ("accept", "reject")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One distinct span any annotator gave, and who gave it with the same attributes."""

    span: Span
    annotators: tuple[str, ...]
    agreed: bool

    @property
    def key(self) -> SpanKey:
        """The span's identity: offsets and label."""
        return self.span.key


@dataclass(slots=True)
class ReviewItem:
    """One document under review: the versions, their union of spans, and the reviewer's picks."""

    doc: Document
    versions: dict[str, Annotation]
    candidates: list[Candidate] = field(default_factory=list)
    accepted: set[SpanKey] = field(default_factory=set)
    answer: Answer = "accept"

    @classmethod
    def of(cls, doc: Document, versions: dict[str, Annotation]) -> ReviewItem:
        """Merge versions: spans every version gave with equal attributes start accepted."""
        names = tuple(sorted(versions))
        given: dict[SpanKey, dict[str, Span]] = {}
        for name in names:
            if versions[name].answer != "accept":
                continue
            for span in versions[name].spans:
                given.setdefault(span.key, {})[name] = span
        candidates = []
        for by_name in given.values():
            spans = list(by_name.values())
            agreed = len(by_name) == len(names) and all(s.attrs == spans[0].attrs for s in spans)
            candidates.append(Candidate(spans[0], tuple(by_name), agreed))
        candidates.sort(key=lambda c: reading_order(c.span))
        answers = {v.answer for v in versions.values()}
        item = cls(doc, dict(sorted(versions.items())), candidates)
        item.accepted = {c.key for c in candidates if c.agreed}
        item.answer = answers.pop() if len(answers) == 1 else "accept"
        return item

    @property
    def annotators(self) -> tuple[str, ...]:
        """Names of the annotators whose versions are reviewed, sorted."""
        return tuple(self.versions)

    @property
    def disagreements(self) -> list[Candidate]:
        """Spans not every annotator gave identically."""
        return [c for c in self.candidates if not c.agreed]

    @property
    def unanimous(self) -> bool:
        """True when every version has the same answer and the same spans."""
        return not self.disagreements and len({v.answer for v in self.versions.values()}) == 1

    def take_version(self, annotator: str) -> None:
        """Replace the picks with one annotator's version (spans and answer)."""
        version = self.versions[annotator]
        self.accepted = {s.key for s in version.spans} if version.answer == "accept" else set()
        self.answer = version.answer

    def accept(self, key: SpanKey) -> None:
        """Keep one candidate span."""
        if key not in {c.key for c in self.candidates}:
            raise KeyError(f"no annotator gave the span {key}")
        self.accepted.add(key)
        self.answer = "accept"

    def drop(self, key: SpanKey) -> None:
        """Leave one candidate span out."""
        self.accepted.discard(key)

    def spans(self) -> tuple[Span, ...]:
        """The accepted spans in reading order."""
        return tuple(c.span for c in self.candidates if c.key in self.accepted)

    def revision(
        self,
        reviewer: str,
        spans: Iterable[Span] | None = None,
        answer: Answer | None = None,
        when: datetime | None = None,
        duration_s: float = 0.0,
    ) -> Annotation:
        """The reviewer's revision: the given (or accepted) spans, sources = the annotators."""
        when = when or now_utc()
        chosen = tuple(sorted(self.spans() if spans is None else spans, key=reading_order))
        verdict = answer or self.answer
        schema = next(iter(self.versions.values())).schema_
        return Annotation(
            doc_id=self.doc.doc_id,
            annotator=reviewer,
            answer=verdict,
            spans=chosen if verdict == "accept" else (),
            schema=schema,
            created_at=when,
            updated_at=when,
            duration_s=duration_s,
            sources=self.annotators,
        )


def review_queue(
    records: Iterable[tuple[Document, Annotation]],
    reviewer: str,
    skipped: Counter[str],
    min_versions: int = 2,
    include_reviewed: bool = False,
) -> Iterator[ReviewItem]:
    """Documents (streamed in doc order) with at least `min_versions` versions to review.

    Revisions with sources (reviews) are not versions. A document already reviewed by the
    reviewer is skipped unless `include_reviewed`; so is one the reviewer annotated.
    """
    for _, group in groupby(records, key=lambda pair: pair[0].doc_id):
        items = list(group)
        doc = items[0][0]
        versions = {
            ann.annotator: ann
            for _, ann in items
            if not ann.sources and ann.answer in REVIEWABLE_ANSWERS
        }
        reviewed = any(ann.annotator == reviewer and ann.sources for _, ann in items)
        if reviewer in versions:
            skipped[f"annotated by the reviewer {reviewer}"] += 1
        elif len(versions) < min_versions:
            skipped[f"fewer than {min_versions} versions"] += 1
        elif reviewed and not include_reviewed:
            skipped["already reviewed"] += 1
        else:
            yield ReviewItem.of(doc, versions)


def auto_accept_unanimous(
    records: Iterable[tuple[Document, Annotation]],
    reviewer: str,
    skipped: Counter[str],
    min_versions: int = 2,
    when: datetime | None = None,
) -> Iterator[Annotation]:
    """The reviewer's revisions for every unreviewed document all its annotators agree on."""
    when = when or now_utc()
    for item in review_queue(records, reviewer, skipped, min_versions):
        if item.unanimous:
            yield item.revision(reviewer, when=when)
        else:
            skipped["annotators disagree"] += 1
