"""Relation P/R/F1, attribute and document-label agreement against hand-computed figures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from annotator.learn.evaluate import evaluate_structure
from annotator.learn.structure import Kinds, StructureScores, keep_versions, pairwise_structure
from annotator.records.models import Annotation, Relation, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import default_schema_path, load_schema

TEXT = " ".join(f"w{i}" for i in range(12))
DOC = make_document(TEXT, tokenize(TEXT), tokenizer_id())
WHEN = datetime(2026, 1, 5, tzinfo=UTC)


def span(first: int, last: int, label: str, attrs: dict | None = None, id_: str | None = None):
    return make_span(DOC, DOC.tokens[first].start, DOC.tokens[last].end, label, attrs, span_id_=id_)


def version(name, spans=(), relations=(), doc_labels=None, doc_id=DOC.doc_id, answer="accept"):
    return Annotation(
        doc_id=doc_id,
        annotator=name,
        answer=answer,
        spans=tuple(spans),
        relations=tuple(Relation(head=h, child=c, label=label) for h, c, label in relations),
        doc_labels=doc_labels or {},
        schema="foreign-fighters@1.0.0",
        created_at=WHEN,
        updated_at=WHEN,
    )


ACTOR, COUNTRY, QUOTE = span(0, 1, "ACTOR"), span(3, 3, "COUNTRY"), span(7, 9, "QUOTE")
FIGURE = span(5, 5, "FIGURE")
GOLD = version(
    "gold",
    [ACTOR, COUNTRY, FIGURE, QUOTE],
    [
        (QUOTE.id, ACTOR.id, "SPEAKER"),
        (ACTOR.id, COUNTRY.id, "RECRUITS_FROM"),
        (FIGURE.id, ACTOR.id, "COUNTS"),
    ],
)


def test_structure_relations_count_only_when_both_spans_match():
    # the prediction names its spans by other ids: relations are matched by span identity
    actor, country = span(0, 1, "ACTOR", id_="a"), span(3, 3, "COUNTRY", id_="c")
    quote, wider_figure = span(7, 9, "QUOTE", id_="q"), span(5, 6, "FIGURE", id_="f")
    pred = version(
        "pred",
        [actor, country, quote, wider_figure],
        [
            ("q", "a", "SPEAKER"),  # hit
            ("c", "a", "RECRUITS_FROM"),  # reversed: a directed relation misses
            ("f", "a", "COUNTS"),  # the figure's boundary differs: misses
            ("a", "c", "USES"),  # a label gold does not have there
        ],
    )
    scores = StructureScores()
    scores.add(GOLD, pred)
    out = scores.to_dict()["relations"]
    speaker = out["labels"]["SPEAKER"]
    assert (speaker["precision"], speaker["recall"], speaker["f1"]) == (1.0, 1.0, 1.0)
    for label in ("RECRUITS_FROM", "COUNTS"):
        figures = out["labels"][label]
        assert (figures["ref"], figures["pred"], figures["f1"]) == (1, 1, 0.0)
    uses = out["labels"]["USES"]
    assert (uses["precision"], uses["recall"], uses["f1"]) == (0.0, None, 0.0)
    micro = out["micro"]
    assert (micro["ref"], micro["pred"]) == (3, 4)
    assert (micro["precision"], micro["recall"], micro["f1"]) == pytest.approx(
        (1 / 4, 1 / 3, 2 / 7)
    )


def test_structure_identical_versions_score_one_and_undirected_relations_match_either_way():
    same = StructureScores()
    same.add(GOLD, GOLD)
    assert same.to_dict()["relations"]["micro"]["f1"] == 1.0
    ref = version("a", [ACTOR, COUNTRY], [(ACTOR.id, COUNTRY.id, "ALLY")])
    flipped = version("b", [ACTOR, COUNTRY], [(COUNTRY.id, ACTOR.id, "ALLY")])
    directed = StructureScores()
    directed.add(ref, flipped)
    assert directed.relations["ALLY"].f1 == 0.0
    undirected = StructureScores(kinds=Kinds(undirected=frozenset({"ALLY"})))
    undirected.add(ref, flipped)
    assert undirected.relations["ALLY"].f1 == 1.0


def test_structure_attribute_agreement_and_kappa_over_spans_both_gave():
    kinds = Kinds(categorical=frozenset({("FIGURE", "approx")}))
    scores = StructureScores(kinds=kinds)
    # approx pairs over five shared FIGURE spans: TT TT TF FF FF
    pairs = [(True, True), (True, True), (True, False), (False, False), (False, False)]
    for a, b in pairs:
        scores.add(
            version("a", [span(5, 5, "FIGURE", {"approx": a}), span(3, 3, "COUNTRY")]),
            version("b", [span(5, 5, "FIGURE", {"approx": b}), span(3, 3, "COUNTRY")]),
        )
    # iso3: one shared span with different codes, one span only one side gave (not compared),
    # one shared span where only one side filled it (unset disagrees)
    scores.add(
        version(
            "a", [span(3, 3, "COUNTRY", {"iso3": "RUS"}), span(8, 8, "COUNTRY", {"iso3": "X"})]
        ),
        version("b", [span(3, 3, "COUNTRY", {"iso3": "UKR"})]),
    )
    scores.add(
        version("a", [span(3, 3, "COUNTRY", {"iso3": "RUS"})]),
        version("b", [span(3, 3, "COUNTRY", {"iso3": "RUS"})]),
    )
    scores.add(
        version("a", [span(3, 3, "COUNTRY", {"iso3": "RUS"})]),
        version("b", [span(3, 3, "COUNTRY")]),
    )
    out = scores.to_dict()["attributes"]
    approx = out["FIGURE"]["approx"]
    assert (approx["units"], approx["agreed"], approx["agreement"]) == (5, 4, 0.8)
    # observed 0.8, chance (3*2 + 2*3) / 25 = 0.48: kappa 0.32 / 0.52
    assert approx["kappa"] == pytest.approx(0.32 / 0.52)
    iso3 = out["COUNTRY"]["iso3"]
    assert (iso3["units"], iso3["agreed"]) == (3, 1)
    assert iso3["agreement"] == pytest.approx(1 / 3)
    assert iso3["kappa"] is None  # free text: no chance correction
    assert {(d["ref"], d["pred"]) for d in iso3["disagreements"]} == {("RUS", "UKR"), ("RUS", None)}


def test_structure_doc_label_agreement_counts_unset_as_a_value():
    scores = StructureScores()
    for a, b in [
        ({"relevance": ("on-topic",)}, {"relevance": ("on-topic",)}),
        ({"relevance": ("on-topic",)}, {"relevance": ("off-topic",)}),
        ({"relevance": ("off-topic",)}, {"relevance": ("off-topic",)}),
        ({"relevance": ("on-topic",)}, {}),
        ({}, {}),  # neither chose: not a unit
    ]:
        scores.add(version("a", doc_labels=a), version("b", doc_labels=b))
    relevance = scores.to_dict()["doc_labels"]["relevance"]
    assert (relevance["units"], relevance["agreed"], relevance["agreement"]) == (4, 2, 0.5)
    # observed 2/4; chance (3*1 + 1*2 + 0*1) / 16: kappa (0.5 - 5/16) / (1 - 5/16) = 3/11
    assert relevance["kappa"] == pytest.approx(3 / 11)


def test_structure_multiple_choice_doc_labels_compare_as_sets():
    scores = StructureScores()
    scores.add(
        version("a", doc_labels={"topic": ("arms", "fighters")}),
        version("b", doc_labels={"topic": ("fighters", "arms")}),
    )
    scores.add(
        version("a", doc_labels={"topic": ("arms",)}),
        version("b", doc_labels={"topic": ("arms", "fighters")}),
    )
    topic = scores.to_dict()["doc_labels"]["topic"]
    assert (topic["units"], topic["agreed"]) == (2, 1)
    assert topic["disagreements"] == [{"ref": "arms", "pred": "arms|fighters", "count": 1}]


def test_structure_evaluate_counts_a_missing_prediction_as_no_relation():
    other = make_document("another text here", tokenize("another text here"), tokenizer_id())
    gold = {DOC.doc_id: GOLD, other.doc_id: version("gold", doc_id=other.doc_id)}
    pred = {other.doc_id: version("pred", doc_id=other.doc_id)}
    scores = evaluate_structure(gold, pred).to_dict()
    assert scores["relations"]["micro"]["ref"] == 3
    assert scores["relations"]["micro"]["recall"] == 0.0
    assert scores["relations"]["micro"]["precision"] is None


def test_structure_pairwise_pools_every_pair_and_skips_reviews_and_rejects():
    ann = version("ann", [ACTOR, COUNTRY], [(ACTOR.id, COUNTRY.id, "RECRUITS_FROM")])
    bob = version("bob", [ACTOR, COUNTRY], [(ACTOR.id, COUNTRY.id, "RECRUITS_FROM")])
    cat = version("cat", [ACTOR, COUNTRY])
    review = ann.model_copy(update={"annotator": "rev", "sources": ("ann", "bob")})
    rejected = version("dan", answer="reject")
    kept: list = []
    rows = [(DOC, a) for a in (ann, bob, cat, review, rejected)]
    assert list(keep_versions(rows, kept)) == rows
    assert [a.annotator for _, a in kept] == ["ann", "bob", "cat"]
    pooled = pairwise_structure(kept).relations["RECRUITS_FROM"]
    # pairs ann/bob (1 vs 1, hit), ann/cat (1 vs 0), bob/cat (1 vs 0)
    assert (pooled.ref, pooled.pred, pooled.matched_ref) == (3, 1, 1)
    only_bc: list = []
    list(keep_versions(rows, only_bc, {"bob", "cat"}))
    assert pairwise_structure(only_bc).relations["RECRUITS_FROM"].f1 == 0.0


def test_structure_kinds_read_enum_and_bool_attributes_from_the_shipped_schema():
    kinds = Kinds.of(load_schema(default_schema_path()))
    assert ("FIGURE", "approx") in kinds.categorical
    assert ("COUNTRY", "iso3") not in kinds.categorical
