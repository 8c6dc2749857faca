"""The majority merge keeps what most annotators gave: spans, their attributes, relations, doc labels."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from annotator.exporting.merge import merge, parse_merge
from annotator.records.models import Annotation, Relation, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id

TEXT = "Moscow recruits men from Kenya, said President Ruto."
WHEN = datetime(2026, 1, 1, tzinfo=UTC)
DOC = make_document(TEXT, tokenize(TEXT), tokenizer_id(), {})


def _span(needle: str, label: str, **attrs):
    start = TEXT.index(needle)
    return make_span(DOC, start, start + len(needle), label, attrs)


def _answer(annotator, spans, relations=(), doc_labels=None):
    return Annotation(
        doc_id=DOC.doc_id,
        annotator=annotator,
        answer="accept",
        spans=tuple(spans),
        relations=tuple(relations),
        doc_labels=doc_labels or {},
        schema="foreign-fighters@1.0.0",
        created_at=WHEN,
        updated_at=WHEN,
    )


def test_merge_majority_votes_relations_attributes_and_doc_labels():
    moscow, kenya = _span("Moscow", "ACTOR"), _span("Kenya", "COUNTRY", iso3="KEN")
    kenya_wrong = _span("Kenya", "COUNTRY", iso3="KNA")
    ruto = _span("President Ruto", "ACTOR")
    recruits = Relation(head=moscow.id, child=kenya.id, label="RECRUITS_FROM")
    answers = [
        _answer("ana", [moscow, kenya], [recruits], {"stance": ("critical",)}),
        _answer("ben", [moscow, kenya_wrong, ruto], [recruits], {"stance": ("critical",)}),
        _answer("cy", [moscow, kenya], [], {"stance": ("neutral",)}),
    ]
    skipped: Counter[str] = Counter()
    ((_, merged),) = merge([(DOC, a) for a in answers], parse_merge("majority"), skipped)
    assert [(s.text, s.attrs) for s in merged.spans] == [("Moscow", {}), ("Kenya", {"iso3": "KEN"})]
    assert [(r.head, r.child, r.label) for r in merged.relations] == [
        (moscow.id, kenya.id, "RECRUITS_FROM")
    ]
    assert merged.doc_labels == {"stance": ("critical",)}
    assert merged.sources == ("ana", "ben", "cy")


def test_merge_majority_drops_relations_to_spans_outvoted():
    moscow, ruto = _span("Moscow", "ACTOR"), _span("President Ruto", "ACTOR")
    kenya = _span("Kenya", "COUNTRY")
    link = Relation(head=moscow.id, child=kenya.id, label="RECRUITS_FROM")
    answers = [
        _answer("ana", [moscow, kenya], [link]),
        _answer("ben", [moscow, ruto], []),
        _answer("cy", [moscow], []),
    ]
    ((_, merged),) = merge([(DOC, a) for a in answers], parse_merge("majority"), Counter())
    assert [s.text for s in merged.spans] == ["Moscow"] and merged.relations == ()
