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

from annotator.records.models import (
    Annotation,
    Answer,
    Document,
    Relation,
    Span,
    now_utc,
    reading_order,
    span_id,
)

SpanKey = tuple[int, int, str]
RelationKey = tuple[SpanKey, SpanKey, str]
DocLabelValue = tuple[str, ...]
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


@dataclass(frozen=True, slots=True)
class RelationCandidate:
    """One distinct relation any annotator drew, by its spans' identities, and who drew it."""

    key: RelationKey
    relation: Relation
    annotators: tuple[str, ...]
    agreed: bool

    @property
    def label(self) -> str:
        """The relation's label."""
        return self.key[2]


@dataclass(frozen=True, slots=True)
class DocLabelChoice:
    """One document label and the values each annotator chose (none chosen is an empty tuple)."""

    name: str
    chosen_by: dict[str, DocLabelValue]

    @property
    def options(self) -> dict[DocLabelValue, tuple[str, ...]]:
        """Each distinct value given, with who gave it, in the annotators' order."""
        out: dict[DocLabelValue, list[str]] = {}
        for name, value in self.chosen_by.items():
            out.setdefault(value, []).append(name)
        return {value: tuple(names) for value, names in out.items()}

    @property
    def agreed(self) -> bool:
        """True when every annotator chose the same values."""
        return len(set(self.chosen_by.values())) == 1


def _relation_candidates(
    names: tuple[str, ...], versions: dict[str, Annotation]
) -> list[RelationCandidate]:
    """Every distinct relation of the accepted versions, keyed by its spans' identities."""
    given: dict[RelationKey, dict[str, Relation]] = {}
    for name in names:
        version = versions[name]
        if version.answer != "accept":
            continue
        by_id = {span.id: span.key for span in version.spans if span.id}
        for relation in version.relations:
            head, child = by_id.get(relation.head), by_id.get(relation.child)
            if head is not None and child is not None:
                given.setdefault((head, child, relation.label), {})[name] = relation
    out = []
    for key, by_name in given.items():
        relations = list(by_name.values())
        agreed = len(by_name) == len(names) and all(
            r.attrs == relations[0].attrs for r in relations
        )
        out.append(RelationCandidate(key, relations[0], tuple(by_name), agreed))
    out.sort(key=lambda c: (c.key[0][0], c.key[1][0], c.key[2], c.key))
    return out


def _doc_label_choices(
    names: tuple[str, ...], versions: dict[str, Annotation]
) -> list[DocLabelChoice]:
    """Every document label any version chose, with each annotator's values."""
    labels = sorted({label for name in names for label in versions[name].doc_labels})
    return [
        DocLabelChoice(
            label,
            {name: tuple(sorted(versions[name].doc_labels.get(label, ()))) for name in names},
        )
        for label in labels
    ]


@dataclass(slots=True)
class ReviewItem:
    """One document under review: the versions, their union of spans, and the reviewer's picks.

    Relations and document labels are picked here too: a relation is kept when the reviewer
    keeps it (agreed ones start kept) and both its spans are among the picked spans; a document
    label takes the agreed value or the one the reviewer chose.
    """

    doc: Document
    versions: dict[str, Annotation]
    candidates: list[Candidate] = field(default_factory=list)
    accepted: set[SpanKey] = field(default_factory=set)
    answer: Answer = "accept"
    relation_candidates: list[RelationCandidate] = field(default_factory=list)
    kept_relations: set[RelationKey] = field(default_factory=set)
    decided_relations: set[RelationKey] = field(default_factory=set)
    doc_label_choices: list[DocLabelChoice] = field(default_factory=list)
    doc_labels: dict[str, DocLabelValue] = field(default_factory=dict)
    decided_doc_labels: set[str] = field(default_factory=set)
    settled_spans: set[SpanKey] = field(default_factory=set)

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
        item.relation_candidates = _relation_candidates(names, versions)
        item.kept_relations = {c.key for c in item.relation_candidates if c.agreed}
        item.doc_label_choices = _doc_label_choices(names, versions)
        item.doc_labels = {
            c.name: next(iter(c.chosen_by.values())) for c in item.doc_label_choices if c.agreed
        }
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
    def disputed_relations(self) -> list[RelationCandidate]:
        """Relations not every annotator drew identically."""
        return [c for c in self.relation_candidates if not c.agreed]

    @property
    def disputed_doc_labels(self) -> list[DocLabelChoice]:
        """Document labels the annotators chose differently."""
        return [c for c in self.doc_label_choices if not c.agreed]

    @property
    def unanimous(self) -> bool:
        """True when every version has the same answer, spans, relations and document labels."""
        return (
            not self.disagreements
            and not self.disputed_relations
            and not self.disputed_doc_labels
            and len({v.answer for v in self.versions.values()}) == 1
        )

    def take_version(self, annotator: str) -> None:
        """Replace the picks with one annotator's version (spans, relations, doc labels, answer)."""
        version = self.versions[annotator]
        self.accepted = {s.key for s in version.spans} if version.answer == "accept" else set()
        self.answer = version.answer
        self.kept_relations = {c.key for c in self.relation_candidates if annotator in c.annotators}
        self.decided_relations = {c.key for c in self.disputed_relations}
        self.doc_labels = {
            c.name: c.chosen_by[annotator] for c in self.doc_label_choices if c.chosen_by[annotator]
        }
        self.decided_doc_labels = {c.name for c in self.disputed_doc_labels}
        self.settled_spans = {c.key for c in self.disagreements}

    def keep_relation(self, key: RelationKey, keep: bool = True) -> None:
        """Keep (or leave out) one candidate relation; either way it is decided."""
        if key not in {c.key for c in self.relation_candidates}:
            raise KeyError(f"no annotator drew the relation {key}")
        if keep:
            self.kept_relations.add(key)
        else:
            self.kept_relations.discard(key)
        self.decided_relations.add(key)

    def choose_doc_label(self, name: str, value: DocLabelValue) -> None:
        """Set a document label to a value (an empty tuple leaves it unset); it is decided."""
        if name not in {c.name for c in self.doc_label_choices}:
            raise KeyError(f"no annotator chose the document label {name}")
        if value:
            self.doc_labels[name] = value
        else:
            self.doc_labels.pop(name, None)
        self.decided_doc_labels.add(name)

    def undecided(self, decided_spans: set[SpanKey]) -> dict[str, int]:
        """How many disputes of each kind the reviewer has not decided yet."""
        decided_spans = decided_spans | self.settled_spans
        return {
            "spans": sum(1 for c in self.disagreements if c.key not in decided_spans),
            "relations": sum(
                1 for c in self.disputed_relations if c.key not in self.decided_relations
            ),
            "document labels": sum(
                1 for c in self.disputed_doc_labels if c.name not in self.decided_doc_labels
            ),
        }

    def relations_between(self, spans: Iterable[Span]) -> tuple[Relation, ...]:
        """The kept relations whose two spans are both among `spans`, named by those spans' ids."""
        ids = {span.key: span_id_of(span) for span in spans}
        out = []
        for candidate in self.relation_candidates:
            head, child, label = candidate.key
            if candidate.key in self.kept_relations and head in ids and child in ids:
                out.append(
                    Relation(
                        head=ids[head],
                        child=ids[child],
                        label=label,
                        attrs=candidate.relation.attrs,
                    )
                )
        return tuple(out)

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
        chosen = tuple(
            span if span.id else span.model_copy(update={"id": span_id_of(span)})
            for span in sorted(self.spans() if spans is None else spans, key=reading_order)
        )
        verdict = answer or self.answer
        schema = next(iter(self.versions.values())).schema_
        kept = verdict == "accept"
        return Annotation(
            doc_id=self.doc.doc_id,
            annotator=reviewer,
            answer=verdict,
            spans=chosen if kept else (),
            relations=self.relations_between(chosen) if kept else (),
            doc_labels=dict(sorted(self.doc_labels.items())),
            schema=schema,
            created_at=when,
            updated_at=when,
            duration_s=duration_s,
            sources=self.annotators,
        )


def span_id_of(span: Span) -> str:
    """The id a span is named by in relations: its own, else the one derived from its identity."""
    return span.id or span_id(span.start, span.end, span.label)


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
