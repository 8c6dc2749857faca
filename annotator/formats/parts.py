"""The parts of an annotation beyond span offsets and labels, and how a writer reports the ones its
format cannot hold (counted by kind in the manifest's `dropped_parts`)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from annotator.records.models import CanonicalRecord

RELATIONS = "relations"
SPAN_ATTRIBUTES = "span attributes"
RELATION_ATTRIBUTES = "relation attributes"
DOC_LABELS = "document labels"
FRAGMENTS = "fragments"
PARTS = (RELATIONS, SPAN_ATTRIBUTES, RELATION_ATTRIBUTES, DOC_LABELS, FRAGMENTS)


def report_unheld(
    record: CanonicalRecord, report: Any, format_name: str, holds: Collection[str] = ()
) -> None:
    """Count into the report every part of a record the format does not hold.

    Attribute and document label counts are values; a relation's attributes go with it when the
    format drops relations. A discontinuous span is written as its extent: each is listed as
    converted, and its fragments counted as dropped.
    """
    cannot = f"{format_name} cannot hold them"
    if RELATIONS not in holds:
        report.drop_part(RELATIONS, cannot, len(record.relations))
    elif RELATION_ATTRIBUTES not in holds:
        values = sum(len(relation.attrs) for relation in record.relations)
        report.drop_part(RELATION_ATTRIBUTES, cannot, values)
    if SPAN_ATTRIBUTES not in holds:
        report.drop_part(SPAN_ATTRIBUTES, cannot, sum(len(span.attrs) for span in record.spans))
    if DOC_LABELS not in holds:
        values = sum(len(chosen) for chosen in record.doc_labels.values())
        report.drop_part(DOC_LABELS, cannot, values)
    if FRAGMENTS not in holds:
        discontinuous = [span for span in record.spans if span.fragments]
        for span in discontinuous:
            report.convert(record, span, f"discontinuous: written as its extent ({cannot})")
        report.drop_part(
            FRAGMENTS, f"discontinuous spans written as their extent; {cannot}", len(discontinuous)
        )
