"""Agreement figures against hand-computed values, a published alpha example, and invariances."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import numpy as np
import pytest

from annotator.learn.agreement import (
    ENTITY_LAYER,
    agreement,
    cohen_kappa,
    krippendorff_alpha_nominal,
)
from annotator.records.models import Annotation, Document, Span, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id

TRADE = "Ukraine and Russia traded 200 prisoners."  # 7 tokens, the last one "."
DENIAL = "Moscow denied it."  # 4 tokens
QUOTED = "He said “we were misled into joining.” and left."
WHEN = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def doc_of(text: str) -> Document:
    """A tokenized document."""
    return make_document(text, tokenize(text), tokenizer_id())


def span(doc: Document, phrase: str, label: str) -> Span:
    """A token-aligned span on the first occurrence of a phrase."""
    start = doc.text.index(phrase)
    return make_span(doc, start, start + len(phrase), label)


def answer(doc: Document, name: str, spans: list[Span], kind: str = "accept") -> Annotation:
    """One annotator's accepted version of a document."""
    return Annotation(
        doc_id=doc.doc_id,
        annotator=name,
        answer=kind,
        spans=tuple(spans),
        schema="test@1.0.0",
        created_at=WHEN,
        updated_at=WHEN,
    )


def test_agreement_perfect_agreement_scores_one_everywhere():
    doc = doc_of(TRADE)
    spans = [span(doc, "Ukraine", "COUNTRY"), span(doc, "200", "FIGURE")]
    report = agreement([(doc, answer(doc, "ann", spans)), (doc, answer(doc, "bob", spans))])
    pair = report.pairs[0]
    assert (pair.a, pair.b, pair.docs) == ("ann", "bob", 1)
    assert {label: c.f1 for label, c in pair.exact.items()} == {"COUNTRY": 1.0, "FIGURE": 1.0}
    assert pair.kappa[ENTITY_LAYER] == pytest.approx(1.0)
    assert report.alpha[ENTITY_LAYER] == pytest.approx(1.0)
    assert report.documents[0].f1 == 1.0


def test_agreement_total_disagreement_matches_hand_computed_kappa_and_alpha():
    """a marks token 0 COUNTRY, b marks token 2 COUNTRY, 7 tokens.

    kappa: po = 5/7, pe = (6/7)^2 + (1/7)^2 = 37/49, kappa = (35/49 - 37/49) / (12/49) = -1/6.
    alpha: n = 14 values, n_COUNTRY = 2, n_O = 12, two disagreeing units contribute
    (2^2 - 1 - 1) / 1 = 2 each: alpha = 1 - 13 * 4 / (196 - 4 - 144) = 1 - 52/48 = -1/12.
    """
    doc = doc_of(TRADE)
    report = agreement(
        [
            (doc, answer(doc, "ann", [span(doc, "Ukraine", "COUNTRY")])),
            (doc, answer(doc, "bob", [span(doc, "Russia", "COUNTRY")])),
        ]
    )
    pair = report.pairs[0]
    assert pair.exact["COUNTRY"].f1 == 0.0
    assert pair.overlap["COUNTRY"].f1 == 0.0
    assert pair.kappa[ENTITY_LAYER] == pytest.approx(-1 / 6)
    assert report.alpha[ENTITY_LAYER] == pytest.approx(-1 / 12)


def test_agreement_partial_overlap_counts_exact_and_overlap_apart():
    """a: COUNTRY Ukraine, FIGURE 200; b: COUNTRY Ukraine, FIGURE '200 prisoners'.

    Exact: 1 of 2 match on each side -> micro P = R = F1 = 0.5, macro F1 = (1 + 0) / 2.
    Overlap: both FIGUREs overlap -> 1.0. Token kappa: a = C O O O F O O, b = C O O O F F O;
    po = 6/7, pe = (1*1 + 1*2 + 5*4) / 49 = 23/49, kappa = (42 - 23) / (49 - 23) = 19/26.
    """
    doc = doc_of(TRADE)
    report = agreement(
        [
            (
                doc,
                answer(doc, "ann", [span(doc, "Ukraine", "COUNTRY"), span(doc, "200", "FIGURE")]),
            ),
            (
                doc,
                answer(
                    doc,
                    "bob",
                    [span(doc, "Ukraine", "COUNTRY"), span(doc, "200 prisoners", "FIGURE")],
                ),
            ),
        ]
    )
    figures = report.to_dict()["overall"]
    assert figures["exact"]["micro"]["f1"] == pytest.approx(0.5)
    assert figures["exact"]["macro_f1"] == pytest.approx(0.5)
    assert figures["overlap"]["micro"]["f1"] == pytest.approx(1.0)
    assert report.pairs[0].kappa[ENTITY_LAYER] == pytest.approx(19 / 26)


def test_agreement_label_confusion_table_counts_tokens_both_ways():
    doc = doc_of(TRADE)
    report = agreement(
        [
            (doc, answer(doc, "ann", [span(doc, "Ukraine", "COUNTRY")])),
            (doc, answer(doc, "bob", [span(doc, "Ukraine", "ACTOR")])),
        ]
    )
    table = report.to_dict()["confusion"][ENTITY_LAYER]
    assert table["labels"] == ["O", "ACTOR", "COUNTRY"]
    assert table["matrix"] == [[12, 0, 0], [0, 0, 1], [0, 1, 0]]
    assert report.pairs[0].overlap["COUNTRY"].f1 == 0.0


def test_agreement_missing_answer_is_left_out_not_counted_as_empty():
    """Doc 1 (7 tokens): all three mark COUNTRY Ukraine. Doc 2 (4 tokens): ann marks Moscow,
    bob marks nothing, cid ignored it (missing).

    alpha: n = 21 + 8 = 29, n_COUNTRY = 4, n_O = 25; only the Moscow unit disagrees,
    contributing (4 - 1 - 1) / 1 = 2: alpha = 1 - 28 * 2 / (841 - 16 - 625) = 1 - 56/200 = 0.72.
    """
    trade, denial = doc_of(TRADE), doc_of(DENIAL)
    records = [
        (trade, answer(trade, name, [span(trade, "Ukraine", "COUNTRY")]))
        for name in ("ann", "bob", "cid")
    ]
    records += [
        (denial, answer(denial, "ann", [span(denial, "Moscow", "COUNTRY")])),
        (denial, answer(denial, "bob", [])),
        (denial, answer(denial, "cid", [span(denial, "Moscow", "ACTOR")], kind="ignore")),
    ]
    report = agreement(records)
    assert {(p.a, p.b): p.docs for p in report.pairs} == {
        ("ann", "bob"): 2,
        ("ann", "cid"): 1,
        ("bob", "cid"): 1,
    }
    assert report.alpha[ENTITY_LAYER] == pytest.approx(0.72)
    assert [(d.doc_id, d.f1) for d in report.documents] == [
        (denial.doc_id, 0.0),
        (trade.doc_id, 1.0),
    ]
    assert "ACTOR" not in report.labels


def test_agreement_krippendorff_published_example_with_missing_values():
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", nominal example: 0.743.

    By hand: 40 pairable values (unit 12 has one value); totals 1:9, 2:13, 3:10, 4:5, 5:3.
    Disagreeing units: 2 -> (16 - 9 - 1) / 3 = 2, 6 -> (16 - 4) / 3 = 4, 8 -> (16 - 9 - 1) / 3 = 2.
    alpha = 1 - 39 * 8 / (1600 - 384) = 1 - 312/1216 = 0.7434.
    """
    m = -1
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, m, m, m],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, m, 3],
            [m, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, m],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, m],
        ]
    )
    assert krippendorff_alpha_nominal(data) == pytest.approx(1 - 312 / 1216)
    assert round(krippendorff_alpha_nominal(data), 3) == 0.743


def test_agreement_cohen_kappa_undefined_without_variation():
    assert cohen_kappa(np.array([[5, 0], [0, 0]])) is None


def test_agreement_edge_punctuation_and_whitespace_do_not_count():
    doc = doc_of(QUOTED)
    with_stop = span(doc, "we were misled into joining.", "QUOTE")
    without_stop = span(doc, "we were misled into joining", "QUOTE")
    padded_start = doc.text.index("misled")
    padded = Span(
        start=padded_start - 1,
        end=padded_start + len("misled") + 1,
        token_start=5,
        token_end=5,
        label="TACTIC",
        text=doc.text[padded_start - 1 : padded_start + len("misled") + 1],
    )
    report = agreement(
        [
            (doc, answer(doc, "ann", [with_stop, span(doc, "misled", "TACTIC")])),
            (doc, answer(doc, "bob", [without_stop, padded])),
        ]
    )
    pair = report.pairs[0]
    assert pair.exact["QUOTE"].f1 == 1.0
    assert pair.exact["TACTIC"].f1 == 1.0
    assert set(report.layers) == {ENTITY_LAYER, "QUOTE"}
    assert pair.kappa["QUOTE"] == pytest.approx(1.0)


def _random_records(seed: int) -> list[tuple[Document, Annotation]]:
    """Three annotators with random spans over a few documents."""
    rng = random.Random(seed)
    texts = [TRADE, DENIAL, QUOTED, "Iran and Syria sent 3 units to Russia and Ukraine."]
    records = []
    for text in texts:
        doc = doc_of(text)
        for name in ("ann", "bob", "cid"):
            spans = {}
            for _ in range(rng.randint(0, 4)):
                first = rng.randrange(len(doc.tokens))
                last = min(len(doc.tokens) - 1, first + rng.randint(0, 2))
                label = rng.choice(["ACTOR", "COUNTRY", "QUOTE"])
                s = make_span(doc, doc.tokens[first].start, doc.tokens[last].end, label)
                spans[s.key] = s
            records.append((doc, answer(doc, name, list(spans.values()))))
    return records


def _symmetric_figures(report) -> dict:
    """Figures that must not depend on span order or annotator order."""
    data = report.to_dict()
    return {
        "alpha": data["overall"]["alpha"],
        "kappa": sorted((tuple(sorted((p["a"], p["b"]))), str(p["kappa"])) for p in data["pairs"]),
        "f1": sorted(
            (tuple(sorted((p["a"], p["b"]))), label, c["f1"])
            for p in data["pairs"]
            for kind in ("exact", "overlap")
            for label, c in p[kind]["labels"].items()
        ),
        "confusion": data["confusion"],
        "documents": data["documents"],
    }


@pytest.mark.parametrize("seed", range(5))
def test_agreement_invariant_to_span_order_and_annotator_order(seed):
    records = _random_records(seed)
    base = agreement(records)
    rng = random.Random(seed)
    shuffled = []
    for doc, ann in records:
        spans = list(ann.spans)
        rng.shuffle(spans)
        shuffled.append((doc, ann.model_copy(update={"spans": tuple(spans)})))
    rng.shuffle(shuffled)
    assert _symmetric_figures(agreement(shuffled)) == _symmetric_figures(base)

    renamed = {"ann": "cid", "bob": "ann", "cid": "bob"}
    swapped = agreement(
        (doc, ann.model_copy(update={"annotator": renamed[ann.annotator]})) for doc, ann in records
    )
    back = {v: k for k, v in renamed.items()}
    for pair in swapped.pairs:
        a, b = back[pair.a], back[pair.b]
        original = next(p for p in base.pairs if {p.a, p.b} == {a, b})
        for label, counts in pair.exact.items():
            mirror = original.exact[label]
            assert counts.f1 == pytest.approx(mirror.f1)
            if (a, b) != (original.a, original.b):
                assert counts.precision == mirror.recall
    assert swapped.alpha == base.alpha
    assert [d.f1 for d in swapped.documents] == [d.f1 for d in base.documents]


def test_agreement_token_figures_match_a_brute_force_over_every_token():
    """Alpha and kappa computed on covered tokens only equal the plain computation on all tokens."""
    rng = random.Random(3)
    texts = [TRADE, DENIAL, "Iran and Syria sent 3 units to Russia and Ukraine today", QUOTED]
    names = ("ann", "bob", "cid")
    labels = ["ACTOR", "COUNTRY"]
    records, columns = [], {name: [] for name in names}
    for n_doc, text in enumerate(texts):
        doc = doc_of(text)
        words = [i for i, t in enumerate(doc.tokens) if t.text.isalnum()]
        for name in names:
            if n_doc == 1 and name == "cid":
                columns[name].extend([-1] * len(doc.tokens))
                continue
            codes = [0] * len(doc.tokens)
            spans = []
            for i in rng.sample(words, k=min(3, len(words))):
                label = rng.choice(labels)
                codes[i] = labels.index(label) + 1
                spans.append(make_span(doc, doc.tokens[i].start, doc.tokens[i].end, label))
            columns[name].extend(codes)
            records.append((doc, answer(doc, name, spans)))
    report = agreement(records)
    matrix = np.array([columns[name] for name in names])
    assert report.alpha[ENTITY_LAYER] == pytest.approx(krippendorff_alpha_nominal(matrix))
    for pair in report.pairs:
        a, b = matrix[names.index(pair.a)], matrix[names.index(pair.b)]
        both = (a >= 0) & (b >= 0)
        confusion = np.zeros((3, 3), dtype=int)
        np.add.at(confusion, (a[both], b[both]), 1)
        assert pair.kappa[ENTITY_LAYER] == pytest.approx(cohen_kappa(confusion))
