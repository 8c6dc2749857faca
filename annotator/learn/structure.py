"""Agreement beyond spans between two versions of a document: relations, attributes, document labels.

Spans are matched first, exactly (offsets and label). A relation is identified by its two spans'
identities and its label, so it counts as matched only when both its spans match; attributes are
compared over the spans both sides gave; document labels over the documents both sides answered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from annotator.learn.agreement_metrics import Counts, cohen_kappa, micro
from annotator.records.models import Annotation, Document
from annotator.schema.model import LabelSchema

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


@dataclass(slots=True)
class ValuePairs:
    """Paired values one unit (span attribute or document label) got from two sides."""

    pairs: Counter[tuple[Any, Any]] = field(default_factory=Counter)
    categorical: bool = False

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


_NONE: frozenset[RelationKey] = frozenset()
_NO_ATTRS: dict[str, Any] = {}


@dataclass(frozen=True, slots=True)
class Parts:
    """One version's relations by label, span identities, attribute values and document labels.

    Prepared once per version, so comparing it with every other annotator's costs set lookups.
    Values are made hashable; a document label's values are sorted, unset ones left out.
    """

    relations: dict[str, frozenset[RelationKey]]
    spans: frozenset[SpanKey]
    attrs: dict[SpanKey, dict[str, Any]]  # only spans with attributes
    doc_labels: dict[str, tuple[str, ...]]

    @classmethod
    def of(
        cls, ann: Annotation, kinds: Kinds | None = None, labels: Collection[str] | None = None
    ) -> Parts:
        """Prepare an annotation; `labels` limits the spans taken into account."""
        ids: dict[str, SpanKey] = {}
        keys: list[SpanKey] = []
        attrs: dict[SpanKey, dict[str, Any]] = {}
        for span in ann.spans:
            if labels is not None and span.label not in labels:
                continue
            key = (span.start, span.end, span.label)
            keys.append(key)
            if span.id:
                ids[span.id] = key
            if span.attrs:
                attrs[key] = {name: _freeze(value) for name, value in span.attrs.items()}
        by_label: dict[str, set[RelationKey]] = {}
        undirected = kinds.undirected if kinds is not None else ()
        for relation in ann.relations:
            head, child = ids.get(relation.head), ids.get(relation.child)
            if head is None or child is None:
                continue
            label = relation.label
            if label in undirected and child < head:
                head, child = child, head
            by_label.setdefault(label, set()).add((head, child, label))
        return cls(
            {label: frozenset(found) for label, found in by_label.items()},
            frozenset(keys),
            attrs,
            {name: tuple(sorted(values)) for name, values in ann.doc_labels.items() if values},
        )


EMPTY_PARTS = Parts({}, frozenset(), {}, {})


@dataclass(slots=True)
class StructureScores:
    """Relation counts per label, attribute value pairs per (label, attribute), doc labels per name."""

    attributes: dict[tuple[str, str], ValuePairs] = field(default_factory=dict)
    doc_labels: dict[str, ValuePairs] = field(default_factory=dict)
    kinds: Kinds = field(default_factory=Kinds)
    relation_tally: dict[str, list[int]] = field(default_factory=dict)  # reference, predicted, hits

    @property
    def relations(self) -> dict[str, Counts]:
        """Relation counts per label."""
        return {
            label: Counts(ref, pred, hits, hits)
            for label, (ref, pred, hits) in self.relation_tally.items()
        }

    def add(self, ref: Annotation, pred: Annotation, labels: Collection[str] | None = None) -> None:
        """Compare one document's two versions; `labels` limits the spans taken into account."""
        self.add_parts(Parts.of(ref, self.kinds, labels), Parts.of(pred, self.kinds, labels))

    def add_parts(self, ref: Parts, pred: Parts) -> None:
        """Compare two prepared versions of one document."""
        tally = self.relation_tally
        for label in ref.relations.keys() | pred.relations.keys():
            ref_l, pred_l = ref.relations.get(label, _NONE), pred.relations.get(label, _NONE)
            counts = tally.get(label)
            if counts is None:
                counts = tally[label] = [0, 0, 0]
            counts[0] += len(ref_l)
            counts[1] += len(pred_l)
            counts[2] += len(ref_l & pred_l)
        if ref.attrs or pred.attrs:
            self._add_attributes(ref, pred)
        if ref.doc_labels or pred.doc_labels:
            for name in ref.doc_labels.keys() | pred.doc_labels.keys():
                pairs = self.doc_labels.setdefault(name, ValuePairs(categorical=True))
                pairs.pairs[
                    (ref.doc_labels.get(name, UNSET), pred.doc_labels.get(name, UNSET))
                ] += 1

    def _add_attributes(self, ref: Parts, pred: Parts) -> None:
        """Pair the attribute values of every span both sides gave (same offsets and label)."""
        for key in ref.attrs.keys() | pred.attrs.keys():
            if key not in ref.spans or key not in pred.spans:
                continue
            ref_attrs, pred_attrs = ref.attrs.get(key, _NO_ATTRS), pred.attrs.get(key, _NO_ATTRS)
            for name in ref_attrs.keys() | pred_attrs.keys():
                unit = (key[2], name)
                pairs = self.attributes.get(unit)
                if pairs is None:
                    pairs = self.attributes[unit] = ValuePairs()
                    pairs.categorical = unit in self.kinds.categorical
                ref_value, pred_value = ref_attrs.get(name, UNSET), pred_attrs.get(name, UNSET)
                if isinstance(ref_value, bool) or isinstance(pred_value, bool):
                    pairs.categorical = True
                pairs.pairs[(ref_value, pred_value)] += 1

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures: relation P/R/F1 per label and micro, attribute and doc-label agreement."""
        relations = self.relations
        return {
            "relations": {
                "micro": micro(relations).to_dict(),
                "labels": {label: relations[label].to_dict() for label in sorted(relations)},
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
        prepared = {name: Parts.of(ann, pooled.kinds, labels) for name, ann in doc_versions.items()}
        for a, b in combinations(sorted(prepared), 2):
            pooled.add_parts(prepared[a], prepared[b])
    return pooled
