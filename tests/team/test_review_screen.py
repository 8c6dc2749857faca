"""Pilot tests of the review screen: take a version, accept a disputed span, edit, store."""

from __future__ import annotations

import pytest

from annotator.records import make_document
from annotator.schema import default_schema_path, load_schema
from annotator.store import open_store
from annotator.text import tokenize, tokenizer_id
from annotator.tui.keymap import build_keymap
from annotator.tui.review_app import ReviewApp
from annotator.tui.review_flow import ReviewFlow
from annotator.tui.screens.review import VersionsPanel

from .conftest import export_reviewed, version

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
