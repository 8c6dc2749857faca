"""Stats against a database built in the test with known answers and edit timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from team_helpers import doc_of, version

from annotator.stats.figures import active_seconds, compute_stats
from annotator.store import open_store

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
TEXTS = [
    "Ukraine said 200 Russians were captured.",
    "Moscow denied it.",
    "Iran sent drones.",
    "Nobody answered this one.",
]


class Clock:
    """A settable stand-in for the time module the store reads edit timestamps from."""

    def __init__(self) -> None:
        """Start at T0."""
        self.now = T0.timestamp()

    def time(self) -> float:
        """The current fake time."""
        return self.now


def answer(doc, name, phrases, created, updated=None, kind="accept", sources=()):
    """An annotation with spans on (phrase, label) pairs, made at `created`."""
    return version(doc, name, phrases, kind, sources, None, created, updated, "test@1.0.0")


@pytest.fixture
def team_store(tmp_path, monkeypatch):
    """A SQLite store with two annotators' timed work, a review and an open claim."""
    import annotator.store.common as common

    clock = Clock()
    monkeypatch.setattr(common, "time", clock)
    store = open_store(f"sqlite:///{tmp_path / 'team.db'}")
    docs = [doc_of(t) for t in TEXTS]
    store.add_documents("news", docs)
    d1, d2, d3, _ = docs

    def edits(doc, name, offsets):
        for seconds in offsets:
            clock.now = (T0 + timedelta(seconds=seconds)).timestamp()
            store.append_edit("news", doc.doc_id, name, {"op": "add"})

    edits(d1, "ann", [0, 10, 30])
    store.add_annotation(
        "news",
        answer(
            d1, "ann", [("Ukraine", "COUNTRY"), ("200", "FIGURE")], T0, T0 + timedelta(seconds=40)
        ),
    )
    edits(d2, "ann", [100, 1000])
    store.add_annotation(
        "news",
        answer(d2, "ann", [("Moscow", "COUNTRY")], T0, T0 + timedelta(seconds=1010)),
    )
    edits(d1, "bob", [2000, 2060])
    store.add_annotation(
        "news",
        answer(
            d1,
            "bob",
            [("Ukraine", "COUNTRY")],
            T0 + timedelta(seconds=2000),
            T0 + timedelta(seconds=2060),
        ),
    )
    next_day = T0 + timedelta(days=1)
    store.add_annotation("news", answer(d3, "bob", [], next_day, kind="reject"))
    store.add_annotation(
        "news", answer(d1, "rev", [("Ukraine", "COUNTRY")], next_day, sources=("ann", "bob"))
    )
    yield store
    store.close()


def stats_of(store):
    """Compute the stats of the test dataset straight from the store."""
    return compute_stats(
        "news",
        store.dataset_size("news"),
        store.annotations("news"),
        store.edit_times("news"),
        [(c.doc_id, c.annotator) for c in store.queue.open_claims("news")],
    )


def test_stats_active_seconds_caps_long_pauses():
    times = [T0, T0 + timedelta(seconds=10), T0 + timedelta(seconds=2000)]
    assert active_seconds(times, idle_cap=300) == 310


def test_stats_counts_answers_overlap_labels_days_and_reviews(team_store):
    stats = stats_of(team_store).to_dict()
    assert stats["documents"] == 4
    assert stats["answered_documents"] == 3
    assert stats["annotators"]["ann"]["answered"] == 2
    assert stats["annotators"]["bob"]["answers"] == {"accept": 1, "reject": 1}
    assert "rev" not in stats["annotators"]
    assert stats["reviewed_documents"] == 1
    assert stats["overlap"] == {"1": 2, "2": 1}
    assert stats["docs_with_overlap_2plus"] == 1
    assert stats["spans_per_label"] == {"COUNTRY": 3, "FIGURE": 1}
    assert stats["answers_per_day"] == {"2026-01-05": 3, "2026-01-06": 1}


def test_stats_median_seconds_from_journal_timestamps(team_store):
    """ann: d1 edits 0, 10, 30, answer 40 -> 40 s (2 spans, 20 s each); d2 edits 100, 1000
    (pause capped at 300), answer 1010 -> 310 s (1 span). Medians 175 s per doc, 165 s per span.
    bob: d1 edits 2000, 2060, answer 2060 -> 60 s; d3 has no edits and no duration: untimed.
    """
    stats = stats_of(team_store).to_dict()["annotators"]
    assert stats["ann"]["median_seconds_per_doc"] == pytest.approx(175)
    assert stats["ann"]["median_seconds_per_span"] == pytest.approx(165)
    assert stats["bob"]["median_seconds_per_doc"] == pytest.approx(60)
    assert stats["bob"]["timed_docs"] == 1


def test_stats_open_claims_per_annotator(team_store):
    task = team_store.queue.next_task("news", "cid", overlap=2)
    assert task is not None
    stats = stats_of(team_store).to_dict()
    assert stats["open_claims"] == 1
    assert stats["annotators"]["cid"]["open_claims"] == 1
    assert stats["annotators"]["cid"]["answered"] == 0


def test_stats_relations_attributes_and_doc_labels_of_accepted_answers():
    from annotator.records.models import Relation

    doc = doc_of(TEXTS[0])

    def with_parts(name, iso3, relations, doc_labels, kind="accept", sources=()):
        base = answer(doc, name, [("Ukraine", "COUNTRY"), ("200", "FIGURE")], T0, kind=kind)
        spans = tuple(
            s.model_copy(update={"attrs": {"iso3": iso3} if iso3 else {}})
            if s.label == "COUNTRY"
            else s.model_copy(update={"attrs": {"value": 200.0, "approx": False}})
            for s in base.spans
        )
        by = {s.label: s.id for s in spans}
        return base.model_copy(
            update={
                "spans": spans if kind == "accept" else (),
                "relations": tuple(
                    Relation(head=by[h], child=by[c], label=label) for h, c, label in relations
                )
                if kind == "accept"
                else (),
                "doc_labels": doc_labels,
                "sources": sources,
            }
        )

    records = [
        with_parts("ann", "UKR", [("FIGURE", "COUNTRY", "COUNTS")], {"relevance": ("on-topic",)}),
        with_parts("bob", None, [("FIGURE", "COUNTRY", "COUNTS")], {"relevance": ("off-topic",)}),
        with_parts("cat", "UKR", [], {"relevance": ("on-topic",), "stance": ("neutral",)}),
        # a review is not an answer: its parts are not counted again
        with_parts("rev", "UKR", [("FIGURE", "COUNTRY", "COUNTS")], {}, sources=("ann", "bob")),
    ]
    stats = compute_stats("news", 1, [(doc, r) for r in records], [], []).to_dict()
    assert stats["relations_per_label"] == {"COUNTS": 2}
    assert stats["attributes_filled"] == {
        "COUNTRY": {"iso3": 2},
        "FIGURE": {"approx": 3, "value": 3},
    }
    assert stats["doc_labels"] == {
        "relevance": {"on-topic": 2, "off-topic": 1},
        "stance": {"neutral": 1},
    }
    from rich.console import Console

    from annotator.stats.tables import stats_view

    console = Console(width=100, record=True)
    console.print(stats_view(compute_stats("news", 1, [(doc, r) for r in records], [], [])))
    shown = console.export_text()
    for line in ("Relations per label", "COUNTS", "COUNTRY iso3", "relevance = on-topic"):
        assert line in shown
