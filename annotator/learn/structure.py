"""Agreement beyond spans between two versions of a document: relations, attributes, document labels.

Spans are matched first, exactly (offsets and label). A relation is identified by its two spans'
identities and its label, so it counts as matched only when both its spans match; attributes are
compared over the spans both sides gave; document labels over the documents both sides answered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from annotator.learn.agreement_metrics import Counts, cohen_kappa, micro
from annotator.records import Annotation, Document, Relation, Span
from annotator.schema import LabelSchema

SpanKey = tuple[int, int, str]
RelationKey = tuple[SpanKey, SpanKey, str]
UNSET = None  # the value of an attribute or document label a side did not give


def _freeze(value: Any) -> Any:
    """A hashable stand-in for a JSON value, so values can be counted."""
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def _shown(value: Any) -> str:
    """A counted value as JSON-ready text (unset shown as null by callers)."""
    if isinstance(value, tuple):
        return "|".join(_shown(v) for v in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def relation_keys(
    spans: Iterable[Span], relations: Iterable[Relation], undirected: Collection[str] = ()
) -> set[RelationKey]:
    """Relations as (head span identity, child span identity, label); dangling ids are left out."""
    by_id = {span.id: span.key for span in spans if span.id}
    keys: set[RelationKey] = set()
    for relation in relations:
        head, child = by_id.get(relation.head), by_id.get(relation.child)
        if head is None or child is None:
            continue
        if relation.label in undirected and child < head:
            head, child = child, head
        keys.add((head, child, relation.label))
    return keys


@dataclass(slots=True)
class ValuePairs:
    """Paired values one unit (span attribute or document label) got from two sides."""

    pairs: Counter[tuple[Any, Any]] = field(default_factory=Counter)
    categorical: bool = False

    def add(self, ref: Any, pred: Any) -> None:
        """Count one unit both sides saw; at least one of them gave a value."""
        self.pairs[(_freeze(ref), _freeze(pred))] += 1

    def __iadd__(self, other: ValuePairs) -> ValuePairs:
        """Pool another tally into this one."""
        self.pairs.update(other.pairs)
        self.categorical = self.categorical or other.categorical
        return self

    @property
    def units(self) -> int:
        """Units compared."""
        return sum(self.pairs.values())

    @property
    def agreed(self) -> int:
        """Units both sides gave the same value."""
        return sum(n for (a, b), n in self.pairs.items() if a == b)

    @property
    def rate(self) -> float | None:
        """Share of units with the same value on both sides; None without units."""
        return self.agreed / self.units if self.units else None

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa over the values (unset is a value); None when not categorical or undefined."""
        if not self.categorical or not self.units:
            return None
        values = sorted(
            {v for pair in self.pairs for v in pair}, key=lambda v: (v is None, repr(v))
        )
        index = {value: i for i, value in enumerate(values)}
        matrix = np.zeros((len(values), len(values)), dtype=np.int64)
        for (a, b), n in self.pairs.items():
            matrix[index[a], index[b]] += n
        return cohen_kappa(matrix)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures, with the disagreeing value pairs."""
        return {
            "units": self.units,
            "agreed": self.agreed,
            "agreement": self.rate,
            "kappa": self.kappa,
            "disagreements": [
                {
                    "ref": None if a is None else _shown(a),
                    "pred": None if b is None else _shown(b),
                    "count": n,
                }
                for (a, b), n in sorted(self.pairs.items(), key=lambda kv: (-kv[1], repr(kv[0])))
                if a != b
            ],
        }


@dataclass(frozen=True, slots=True)
class Kinds:
    """What the schema says about the parts: categorical attributes and undirected relations."""

    categorical: frozenset[tuple[str, str]] = frozenset()  # (span label, attribute name)
    undirected: frozenset[str] = frozenset()

    @classmethod
    def of(cls, schema: LabelSchema | None) -> Kinds:
        """Read enum and bool attributes and undirected relation types off a schema."""
        if schema is None:
            return cls()
        return cls(
            frozenset(
                (label.name, spec.name)
                for label in schema.labels
                for spec in label.attributes
                if spec.type in ("enum", "bool")
            ),
            frozenset(r.name for r in schema.relations if not r.directed),
        )


@dataclass(slots=True)
class StructureScores:
    """Relation counts per label, attribute value pairs per (label, attribute), doc labels per name."""

    relations: dict[str, Counts] = field(default_factory=dict)
    attributes: dict[tuple[str, str], ValuePairs] = field(default_factory=dict)
    doc_labels: dict[str, ValuePairs] = field(default_factory=dict)
    kinds: Kinds = field(default_factory=Kinds)

    def add(self, ref: Annotation, pred: Annotation, labels: Collection[str] | None = None) -> None:
        """Compare one document's two versions; `labels` limits the spans taken into account."""
        ref_spans = [s for s in ref.spans if labels is None or s.label in labels]
        pred_spans = [s for s in pred.spans if labels is None or s.label in labels]
        self.add_relations(
            relation_keys(ref_spans, ref.relations, self.kinds.undirected),
            relation_keys(pred_spans, pred.relations, self.kinds.undirected),
        )
        self.add_attributes(ref_spans, pred_spans)
        self.add_doc_labels(ref.doc_labels, pred.doc_labels)

    def add_relations(self, ref: set[RelationKey], pred: set[RelationKey]) -> None:
        """Count relations per label; a hit needs the same two spans and the same label."""
        for label in {key[2] for key in ref | pred}:
            ref_l = {key for key in ref if key[2] == label}
            pred_l = {key for key in pred if key[2] == label}
            hits = len(ref_l & pred_l)
            found = Counts(len(ref_l), len(pred_l), hits, hits)
            self.relations[label] = self.relations.get(label, Counts()) + found

    def add_attributes(self, ref: Sequence[Span], pred: Sequence[Span]) -> None:
        """Pair the attribute values of every span both sides gave (same offsets and label)."""
        theirs = {span.key: span for span in pred}
        for span in ref:
            other = theirs.get(span.key)
            if other is None:
                continue
            for name in sorted(set(span.attrs) | set(other.attrs)):
                unit = (span.label, name)
                pairs = self.attributes.get(unit)
                if pairs is None:
                    pairs = self.attributes[unit] = ValuePairs()
                    pairs.categorical = unit in self.kinds.categorical
                ref_value, pred_value = span.attrs.get(name, UNSET), other.attrs.get(name, UNSET)
                if isinstance(ref_value, bool) or isinstance(pred_value, bool):
                    pairs.categorical = True
                pairs.add(ref_value, pred_value)

    def add_doc_labels(
        self, ref: dict[str, tuple[str, ...]], pred: dict[str, tuple[str, ...]]
    ) -> None:
        """Pair each document label's chosen values (as a set; none chosen is unset)."""
        for name in sorted(set(ref) | set(pred)):
            ref_value = tuple(sorted(ref.get(name, ()))) or UNSET
            pred_value = tuple(sorted(pred.get(name, ()))) or UNSET
            pairs = self.doc_labels.setdefault(name, ValuePairs(categorical=True))
            pairs.add(ref_value, pred_value)

    def __iadd__(self, other: StructureScores) -> StructureScores:
        """Pool another document set's (or pair's) figures into these."""
        for label, counts in other.relations.items():
            self.relations[label] = self.relations.get(label, Counts()) + counts
        for target, source in (
            (self.attributes, other.attributes),
            (self.doc_labels, other.doc_labels),
        ):
            for key, pairs in source.items():
                mine = target.get(key)
                if mine is None:
                    target[key] = mine = ValuePairs(categorical=pairs.categorical)  # type: ignore[index]
                mine += pairs
        return self

    @property
    def empty(self) -> bool:
        """True when neither side had a relation, an attribute on a shared span or a doc label."""
        return not (self.relations or self.attributes or self.doc_labels)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures: relation P/R/F1 per label and micro, attribute and doc-label agreement."""
        return {
            "relations": {
                "micro": micro(self.relations).to_dict(),
                "labels": {
                    label: self.relations[label].to_dict() for label in sorted(self.relations)
                },
            },
            "attributes": {
                label: {
                    name: pairs.to_dict()
                    for (lab, name), pairs in sorted(self.attributes.items())
                    if lab == label
                }
                for label in sorted({label for label, _ in self.attributes})
            },
            "doc_labels": {
                name: self.doc_labels[name].to_dict() for name in sorted(self.doc_labels)
            },
        }


def keep_versions(
    records: Iterable[tuple[Document, Annotation]],
    sink: list[tuple[str, Annotation]],
    annotators: Collection[str] | None = None,
) -> Iterator[tuple[Document, Annotation]]:
    """Pass records through, keeping in `sink` the versions span agreement compares.

    Those are accepted annotations that are not reviews, by the wanted annotators.
    """
    for doc, ann in records:
        wanted = annotators is None or ann.annotator in annotators
        if wanted and not ann.sources and ann.answer == "accept":
            sink.append((doc.doc_id, ann))
        yield doc, ann


def pairwise_structure(
    versions: Iterable[tuple[str, Annotation]],
    kinds: Kinds | None = None,
    labels: Collection[str] | None = None,
) -> StructureScores:
    """Structure figures pooled over every pair of annotators on the documents both accepted.

    `versions` are (doc id, accepted annotation) in any order; the alphabetically first
    annotator of a pair is the reference, as in span agreement.
    """
    by_doc: dict[str, dict[str, Annotation]] = {}
    for doc_id, ann in versions:
        by_doc.setdefault(doc_id, {})[ann.annotator] = ann
    pooled = StructureScores(kinds=kinds or Kinds())
    for doc_versions in by_doc.values():
        for a, b in combinations(sorted(doc_versions), 2):
            pooled.add(doc_versions[a], doc_versions[b], labels)
    return pooled
