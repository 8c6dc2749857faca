"""Pilot tests of suggestions on the annotation screen: accept, reject, accept all, by label, undo."""

from __future__ import annotations

from annotator.records.models import Suggestion, make_span

TEXT = (
    "Kenya’s President William Ruto said “young Kenyans were recruited by Russia” today.\n"
    "Nearly 200 foreign nationals from 37 countries were captured."
)


def spans_of(app) -> list[tuple[str, str]]:
    return [(s.label, s.text) for s in app.screen.session.ordered()]


def open_of(app) -> list[tuple[str, str]]:
    return [(s.span.label, s.span.text) for s in app.screen.session.open_suggestions()]


def drawn(app) -> dict[int, str]:
    """Token -> label of the suggestions the article view draws."""
    return dict(app.screen.query_one("DocView").suggested)


def suggest(store, phrases: list[tuple[str, str]]) -> list[Suggestion]:
    """Store pattern-like suggestions on the only document, one per (phrase, label)."""
    (doc_id,) = store.document_ids("sample")
    doc = store.get_document(doc_id)
    out = []
    for phrase, label in phrases:
        start = doc.text.index(phrase)
        out.append(Suggestion(span=make_span(doc, start, start + len(phrase), label), source="t"))
    store.suggestions.replace("sample", doc_id, out)
    return out


PHRASES = [
    ("Kenya", "COUNTRY"),
    ("President William Ruto", "ACTOR"),
    ("Russia", "COUNTRY"),
    ("Nearly 200", "FIGURE"),
]


async def test_suggestions_accept_all_then_one_undo_brings_them_back(app_factory):
    app, store = app_factory([TEXT], show_suggestions=True)
    suggest(store, PHRASES)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert len(set(drawn(app).values())) == 3
        await pilot.press("Y")
        assert spans_of(app) == [(label, phrase) for phrase, label in PHRASES]
        assert open_of(app) == [] and drawn(app) == {}
        await pilot.press("u")
        assert spans_of(app) == []
        assert open_of(app) == [(label, phrase) for phrase, label in PHRASES]
        assert drawn(app)


async def test_suggestions_accept_one_label_only(app_factory):
    app, store = app_factory([TEXT], show_suggestions=True)
    suggest(store, PHRASES)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+a", "c")
        assert spans_of(app) == [("COUNTRY", "Kenya"), ("COUNTRY", "Russia")]
        assert open_of(app) == [("ACTOR", "President William Ruto"), ("FIGURE", "Nearly 200")]
        assert app.screen.pending == ""


async def test_suggestions_accepted_one_is_undone_and_drawn_again(app_factory):
    app, store = app_factory([TEXT], show_suggestions=True)
    suggest(store, PHRASES)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", "s", "y")
        assert spans_of(app) == [("ACTOR", "President William Ruto")]
        ruto = app.screen.session.spans_at(2)[0]
        assert ruto.token_start not in drawn(app)
        await pilot.press("u")
        assert spans_of(app) == []
        assert drawn(app)[ruto.token_start] == "ACTOR"
        await pilot.press("U")
        assert spans_of(app) == [("ACTOR", "President William Ruto")]


async def test_suggestions_rejected_one_stays_rejected_after_reopening(app_factory, db_url):
    app, store = app_factory([TEXT], show_suggestions=True)
    _, ruto, _, _ = suggest(store, PHRASES)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", "s", "z")
        assert ("ACTOR", "President William Ruto") not in open_of(app)
        assert ruto.span.token_start not in drawn(app)
    reopened, _ = app_factory([TEXT], show_suggestions=True)
    async with reopened.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert open_of(reopened) == [
            ("COUNTRY", "Kenya"),
            ("COUNTRY", "Russia"),
            ("FIGURE", "Nearly 200"),
        ]
        assert ruto.span.token_start not in drawn(reopened)
        await pilot.press("Y")
        assert ("ACTOR", "President William Ruto") not in spans_of(reopened)
        assert len(spans_of(reopened)) == 3
        await pilot.press("u", "u")  # the rejection itself is undoable, even after reopening
        assert ("ACTOR", "President William Ruto") in open_of(reopened)


async def test_suggestions_undone_rejection_is_forgotten_by_the_store(app_factory):
    app, store = app_factory([TEXT], show_suggestions=True)
    _, ruto, _, _ = suggest(store, PHRASES)
    (doc_id,) = store.document_ids("sample")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", "s", "z")
        assert store.suggestions.rejected("sample", doc_id, "tester") == {ruto.span.key}
        await pilot.press("u")
        assert ("ACTOR", "President William Ruto") in open_of(app)
    reopened, store = app_factory([TEXT], show_suggestions=True)
    assert ruto in store.suggestions.get("sample", doc_id, annotator="tester")
    async with reopened.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert ("ACTOR", "President William Ruto") in open_of(reopened)
        assert drawn(reopened)[ruto.span.token_start] == "ACTOR"
        await pilot.press("U")  # redoing the rejection records it again
        assert ("ACTOR", "President William Ruto") not in open_of(reopened)
        assert store.suggestions.rejected("sample", doc_id, "tester") == {ruto.span.key}
