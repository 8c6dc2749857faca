"""Pilot tests of the review screen: take a version, accept a disputed span, edit, store."""

from __future__ import annotations

import pytest
from team_helpers import export_reviewed, version

from annotator.records.models import make_document
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import default_schema_path, load_schema
from annotator.store import open_store
from annotator.tui.bindings import build_keymap
from annotator.tui.review_app import ReviewApp
from annotator.tui.review_flow import ReviewFlow
from annotator.tui.screens.review import VersionsPanel

TEXT = "Kenya’s President William Ruto said “young Kenyans were recruited by Russia” today."
ANN = [("Kenya", "COUNTRY"), ("President William Ruto", "ACTOR")]
BOB = [("Kenya", "COUNTRY"), ("William Ruto", "ACTOR"), ("Russia", "COUNTRY")]


@pytest.fixture
def review_store(tmp_path):
    """A SQLite store where ann and bob disagree on one document."""
    url = f"sqlite:///{tmp_path / 'review.db'}"
    store = open_store(url)
    doc = make_document(TEXT, tokenize(TEXT), tokenizer_id(), {"title": "Ruto"})
    store.add_documents("news", [doc])
    store.add_annotation("news", version(doc, "ann", ANN))
    store.add_annotation("news", version(doc, "bob", BOB))
    yield url, store, doc
    store.close()


def make_app(store, keys=None):
    """A review app for reviewer `lead`, with optional key overrides."""
    schema = load_schema(default_schema_path())
    flow = ReviewFlow(store, "news", "lead", schema)
    return ReviewApp(flow, build_keymap(schema, keys))


def picks(app) -> list[tuple[str, str]]:
    """The reviewer's current spans as (label, text)."""
    return [(s.label, s.text) for s in app.screen.session.ordered()]


async def test_review_screen_starts_with_agreed_spans_and_marks_disputed(review_store):
    _, store, _ = review_store
    app = make_app(store)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        assert picks(app) == [("COUNTRY", "Kenya")]
        disputed = {(s.span.label, s.span.text) for s in app.screen.session.open_suggestions()}
        assert disputed == {
            ("ACTOR", "President William Ruto"),
            ("ACTOR", "William Ruto"),
            ("COUNTRY", "Russia"),
        }
        panel = str(app.screen.query_one(VersionsPanel).render())
        assert "disputed 3 · undecided 3" in panel
        assert "? COUNTRY [69-75) (bob)\n   Russia\n" in panel
        assert "President William Ruto" in panel  # the full text, not cut


async def test_review_screen_take_version_cycles_and_undoes(review_store):
    _, store, _ = review_store
    app = make_app(store)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("ctrl+o")
        assert picks(app) == [("COUNTRY", "Kenya"), ("ACTOR", "President William Ruto")]
        await pilot.press("ctrl+o")
        assert picks(app) == [
            ("COUNTRY", "Kenya"),
            ("ACTOR", "William Ruto"),
            ("COUNTRY", "Russia"),
        ]
        await pilot.press("u")
        assert picks(app) == [("COUNTRY", "Kenya"), ("ACTOR", "President William Ruto")]


async def test_review_screen_take_version_key_comes_from_the_keymap(review_store):
    _, store, _ = review_store
    app = make_app(store, {"take_version": ["ctrl+k"]})
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        assert "ctrl+k take the next annotator's version" in app.screen.message
        await pilot.press("ctrl+o")
        assert picks(app) == [("COUNTRY", "Kenya")]
        await pilot.press("ctrl+k")
        assert picks(app) == [("COUNTRY", "Kenya"), ("ACTOR", "President William Ruto")]


async def test_review_screen_accept_one_span_edit_and_store_with_sources(review_store, tmp_path):
    url, store, doc = review_store
    app = make_app(store)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("s", "y")
        assert ("ACTOR", "President William Ruto") in picks(app)
        await pilot.press("g", "x")
        assert ("COUNTRY", "Kenya") not in picks(app)
        await pilot.press("enter")  # two disputed spans are still undecided: it asks
        assert app.screen.flow.current is not None
        assert "2 spans undecided: enter again stores the review" in app.screen.message
        assert store.current_annotation("news", doc.doc_id, "lead") is None
        await pilot.press("enter")
        assert app.screen.flow.current is None
    stored = store.current_annotation("news", doc.doc_id, "lead")
    assert stored.sources == ("ann", "bob")
    assert [(s.label, s.text) for s in stored.spans] == [("ACTOR", "President William Ruto")]
    assert store.current_annotation("news", doc.doc_id, "ann").spans[0].text == "Kenya"

    out = tmp_path / "out"
    records = export_reviewed(url, out)
    assert [(r["annotator"], r["sources"], [s["text"] for s in r["spans"]]) for r in records] == [
        ("lead", ["ann", "bob"], ["President William Ruto"])
    ]


async def test_review_screen_edits_survive_a_restart(review_store):
    _, store, _ = review_store
    app = make_app(store)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("ctrl+o", "ctrl+o")
    again = make_app(store)
    async with again.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        assert ("COUNTRY", "Russia") in picks(again)


async def test_review_screen_stats_one_key_away(review_store):
    _, store, _ = review_store
    app = make_app(store)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("ctrl+t")
        from annotator.tui.screens.stats import StatsScreen

        assert isinstance(app.screen, StatsScreen)
        assert app.screen.stats.spans_per_label == {"COUNTRY": 3, "ACTOR": 2}
        await pilot.press("escape")
        assert not isinstance(app.screen, StatsScreen)


def list_text(app) -> str:
    """The review list as shown."""
    return str(app.screen.query_one(VersionsPanel).render())


async def test_review_screen_s_walks_the_list_in_order_whatever_the_cursor(review_store):
    _, store, _ = review_store
    app = make_app(store)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("ctrl+end")  # the cursor after every disputed span
        seen = []
        for _ in range(4):
            await pilot.press("s")
            seen.append(app.screen.session.suggestion_focus)
        assert [key[:2] for key in seen] == [(8, 30), (18, 30), (69, 75), (8, 30)]
        assert "item 1 of 3: span ACTOR [8-30)" in app.screen.message
        assert "▶? ACTOR [8-30) (ann)" in list_text(app)


async def test_review_screen_marks_decided_items_and_asks_only_while_some_are_open(review_store):
    _, store, doc = review_store
    app = make_app(store)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("s", "y", "s", "z")
        shown = list_text(app)
        assert "✓ ACTOR [8-30) (ann)" in shown
        assert "✗ ACTOR [18-30) (bob)" in shown
        assert " ? COUNTRY [69-75) (bob)" in shown
        assert "undecided 1" in shown
        await pilot.press("enter")
        assert "1 span undecided" in app.screen.message
        await pilot.press("s", "z")  # deciding the last one: enter stores at once
        assert "✗ COUNTRY [69-75)" in list_text(app)
        await pilot.press("enter")
        assert app.screen.flow.current is None
    stored = store.current_annotation("news", doc.doc_id, "lead")
    assert [(s.label, s.text) for s in stored.spans] == [
        ("COUNTRY", "Kenya"),
        ("ACTOR", "President William Ruto"),
    ]


RUTO = "Ruto said Kenya recruited 200 men."
PHRASES = [("Ruto", "ACTOR"), ("Kenya", "COUNTRY"), ("200", "FIGURE")]


def with_parts(doc, name, relations, doc_labels):
    """A version over PHRASES with relations (head, child, label) by span text and doc labels."""
    from annotator.records.models import Relation

    base = version(doc, name, PHRASES)
    ids = {s.text: s.id for s in base.spans}
    rels = tuple(Relation(head=ids[h], child=ids[c], label=lab) for h, c, lab in relations)
    return base.model_copy(update={"relations": rels, "doc_labels": doc_labels})


@pytest.fixture
def relation_store(tmp_path):
    """ann and bob agree on spans and one relation; a COUNTS relation and the stance differ."""
    store = open_store(f"sqlite:///{tmp_path / 'rel.db'}")
    doc = make_document(RUTO, tokenize(RUTO), tokenizer_id(), {"title": "Ruto"})
    store.add_documents("news", [doc])
    agreed = ("Ruto", "Kenya", "RECRUITS_FROM")
    store.add_annotation(
        "news",
        with_parts(
            doc,
            "ann",
            [agreed, ("200", "Ruto", "COUNTS")],
            {"relevance": ("on-topic",), "stance": ("critical",)},
        ),
    )
    store.add_annotation(
        "news",
        with_parts(
            doc,
            "bob",
            [agreed, ("200", "Kenya", "COUNTS")],
            {"relevance": ("on-topic",), "stance": ("neutral",)},
        ),
    )
    yield store, doc
    store.close()


def stored_parts(store, doc):
    """The stored review's relations as (head text, child text, label) and its doc labels."""
    stored = store.current_annotation("news", doc.doc_id, "lead")
    text = {s.id: s.text for s in stored.spans}
    return {(text[r.head], text[r.child], r.label) for r in stored.relations}, stored.doc_labels


async def test_review_screen_relations_and_doc_labels_decided_on_the_list(relation_store):
    store, doc = relation_store
    app = make_app(store)
    async with app.run_test(size=(110, 30)) as pilot:
        shown = list_text(app)
        assert "disputed 3 · undecided 3" in shown
        assert " ? COUNTS (ann)\n   FIGURE [26-29) 200\n   → ACTOR [0-4) Ruto\n" in shown
        assert "critical (ann)" in shown and "neutral (bob)" in shown
        await pilot.press("s", "z", "s", "y", "s", "y", "y")  # stance: critical, then neutral
        shown = list_text(app)
        assert "✗ COUNTS (ann)" in shown and "✓ COUNTS (bob)" in shown
        assert "✓ stance = neutral" in shown
        assert app.screen.message == "stance = neutral"
        await pilot.press("enter")  # nothing undecided: stored at once
        assert app.screen.flow.current is None
    relations, doc_labels = stored_parts(store, doc)
    assert relations == {("Ruto", "Kenya", "RECRUITS_FROM"), ("200", "Kenya", "COUNTS")}
    assert doc_labels == {"relevance": ("on-topic",), "stance": ("neutral",)}


async def test_review_screen_relation_decisions_survive_a_restart(relation_store):
    store, doc = relation_store
    app = make_app(store)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("s", "z", "s", "y")
    again = make_app(store)
    async with again.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        shown = list_text(again)
        assert "✗ COUNTS (ann)" in shown and "✓ COUNTS (bob)" in shown
        assert "undecided 1" in shown
        await pilot.press("enter", "enter")  # the stance is undecided: asked, then stored
    relations, doc_labels = stored_parts(store, doc)
    assert relations == {("Ruto", "Kenya", "RECRUITS_FROM"), ("200", "Kenya", "COUNTS")}
    assert doc_labels == {"relevance": ("on-topic",)}


async def test_review_screen_take_version_takes_relations_and_doc_labels(relation_store):
    store, doc = relation_store
    app = make_app(store)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("ctrl+o")  # ann's version
        assert "undecided 0" in list_text(app)
        await pilot.press("enter")
    relations, doc_labels = stored_parts(store, doc)
    assert relations == {("Ruto", "Kenya", "RECRUITS_FROM"), ("200", "Ruto", "COUNTS")}
    assert doc_labels == {"relevance": ("on-topic",), "stance": ("critical",)}


def test_review_screen_snapshot_of_the_review_list(review_store, snap_compare):
    _, store, _ = review_store
    app = make_app(store)

    async def run_before(pilot) -> None:
        await pilot.press("s", "y", "s", "z", "s")
        await pilot.pause(0.5)

    assert snap_compare(app, terminal_size=(110, 30), run_before=run_before)


async def test_review_screen_list_shows_each_annotators_attributes_of_a_disputed_span(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'attrs.db'}")
    doc = make_document(RUTO, tokenize(RUTO), tokenizer_id())
    store.add_documents("news", [doc])
    store.add_annotation("news", version(doc, "ann", [("Kenya", "COUNTRY")], attrs={"iso3": "KEN"}))
    store.add_annotation("news", version(doc, "bob", [("Kenya", "COUNTRY")], attrs={"iso3": "KNY"}))
    app = make_app(store)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        shown = list_text(app)
        assert (
            "? COUNTRY [10-15) (ann, bob)\n   Kenya\n   ann: iso3=KEN\n   bob: iso3=KNY\n" in shown
        )
    store.close()
