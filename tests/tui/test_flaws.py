"""Pilot tests of the flaws a real session found (issue 16): each fails without its fix."""

from __future__ import annotations

from annotator.tui.screens.question import QuestionScreen

TEXT = (
    "Kenya’s President William Ruto said “young Kenyans were recruited by Russia” today.\n"
    "Nearly 200 foreign nationals from 37 countries were captured."
)
SECOND = "South Africa said 17 of its citizens ended up fighting in the Donbas region."


def spans_of(app) -> list[tuple[str, str]]:
    return [(s.label, s.text) for s in app.screen.session.ordered()]


async def test_accept_with_a_schema_error_asks_first(app_factory):
    """enter on a document with an error asks; n keeps it open and unanswered, y stores it."""
    app, store = app_factory([TEXT, SECOND])
    async with app.run_test(size=(100, 30)) as pilot:
        first = app.screen.flow.current.doc.doc_id
        await pilot.press("right", "right", "right", "right", "f")  # FIGURE on 'Ruto': E301
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen)
        assert "E301" in app.screen.question and "--skip-invalid" in app.screen.question
        await pilot.press("n")
        assert app.screen.flow.current.doc.doc_id == first
        assert store.current_annotation("sample", first, "tester") is None
        assert "not accepted" in app.screen.message
        await pilot.press("enter", "y")
        assert store.current_annotation("sample", first, "tester").answer == "accept"
        assert app.screen.flow.current.doc.doc_id != first


async def test_accept_without_errors_and_reject_with_errors_do_not_ask(app_factory):
    """Only accepting an invalid document asks: a valid accept and an invalid reject go through."""
    app, store = app_factory([TEXT, SECOND])
    async with app.run_test(size=(100, 30)) as pilot:
        first = app.screen.flow.current.doc.doc_id
        await pilot.press("right", "right", "right", "right", "f", "ctrl+x")
        assert store.current_annotation("sample", first, "tester").answer == "reject"
        await pilot.press("c", "enter")
        assert not isinstance(app.screen, QuestionScreen)
        assert app.screen.flow.current is None


async def test_stored_suggestions_are_hidden_unless_asked_for(app_factory):
    """Stored suggestions (even one another annotator rejected) are not drawn for an annotator
    who did not ask for them, and `e` still stops at a name that carries one."""
    from annotator.records import Suggestion, make_span

    app, store = app_factory([TEXT], annotator="bob")
    (doc_id,) = store.document_ids("sample")
    doc = store.get_document(doc_id)
    kenya = Suggestion(span=make_span(doc, 0, 5, "COUNTRY"), source="patterns")
    store.set_suggestions("sample", doc_id, [kenya])
    store.reject_suggestion("sample", doc_id, "ana", 0, 5, "COUNTRY")
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.screen.session.open_suggestions() == []
        assert dict(app.screen.query_one("DocView").suggested) == {}
        await pilot.press("s")
        assert "no open suggestions" in app.screen.message
        await pilot.press("e", "c")
        assert spans_of(app) == [("COUNTRY", "Kenya")]
    asked, _ = app_factory([TEXT], annotator="bob", show_suggestions=True)
    async with asked.run_test(size=(100, 30)):
        assert [s.span.text for s in asked.screen.session.suggestions.values()] == ["Kenya"]


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now


async def test_duration_counts_every_session_and_stats_use_it(app_factory, monkeypatch):
    """Reading time counts (not just from the first edit), earlier sessions left without an
    answer count, a long pause counts as IDLE_CAP_S, and `stats` reports the stored duration."""
    from annotator.stats import IDLE_CAP_S
    from annotator.tui import flow as flow_module
    from annotator.tui.screens.stats import dataset_stats

    clock = Clock()
    monkeypatch.setattr(flow_module, "time", clock)
    app, store = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        doc_id = app.screen.flow.current.doc.doc_id
        clock.now = 25.0  # reading, no key yet
        await pilot.press("right")
        clock.now = 40.0
    # left without an answer after 40 s; the next day it is reopened
    clock.now = 100_000.0
    again, _ = app_factory([TEXT])
    async with again.run_test(size=(100, 30)) as pilot:
        clock.now += 12.0
        await pilot.press("e", "c")
        clock.now += 5000.0  # a long pause counts as IDLE_CAP_S
        await pilot.press("enter")
    answer = store.current_annotation("sample", doc_id, "tester")
    assert answer.duration_s == 40.0 + 12.0 + IDLE_CAP_S
    stats = dataset_stats(store, "sample")
    assert stats.annotators["tester"].seconds_per_doc == [answer.duration_s]


async def test_claimed_documents_are_not_reported_as_answered(app_factory):
    """When the only unanswered document is claimed by someone else, the screen says so, by
    whom and until when, instead of 'every document is answered'."""
    ana, store = app_factory([TEXT], annotator="ana")
    async with ana.run_test(size=(100, 30)):
        doc_id = ana.screen.flow.current.doc.doc_id
    (claim,) = store.open_claims("sample")
    bob, _ = app_factory([TEXT], annotator="bob")
    async with bob.run_test(size=(100, 30)):
        message = bob.screen.message
        assert bob.screen.flow.current is None
        assert "every document" not in message
        assert f"{doc_id} by ana until {claim.expires_at:%Y-%m-%d %H:%M}" in message
        assert "claimed" in bob.screen.view.text
    ana_again, _ = app_factory([TEXT], annotator="ana")
    async with ana_again.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        assert ana_again.screen.message.endswith("every document in the queue is answered")


async def test_label_over_a_nested_span_names_what_it_removed(app_factory):
    """Labelling ACTOR over a COUNTRY (not allowed inside ACTOR) names the removed span in full
    and that u undoes it; undo says what it removed and restored, and focuses the restored span."""
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.press("e", "c", "g", *["shift+right"] * 4, "a")
        assert spans_of(app) == [("ACTOR", "Kenya’s President William Ruto")]
        message = app.screen.message
        assert "removed COUNTRY 'Kenya'" in message and "u undoes" in message
        await pilot.press("u")
        assert spans_of(app) == [("COUNTRY", "Kenya")]
        message = app.screen.message
        assert "removed ACTOR 'Kenya’s President William Ruto'" in message
        assert "restored COUNTRY 'Kenya'" in message
        assert app.screen.session.focus == (0, 5, "COUNTRY")
        await pilot.press("ctrl+r")
        assert "redid label" in app.screen.message and "restored ACTOR" in app.screen.message


async def test_undo_brings_an_off_screen_change_into_view(app_factory):
    """An undo of an edit far below the visible rows moves the cursor there and scrolls to it."""
    filler = "\n".join(f"Paragraph {n} says nothing of note." for n in range(60))
    app, _ = app_factory([filler + "\nKenya sent men."])
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.press("G", "left", "left", "left", "c", "g")
        view = app.screen.view
        assert view.scroll_offset.y == 0
        await pilot.press("u")
        await pilot.pause()
        assert spans_of(app) == []
        assert "removed COUNTRY 'Kenya'" in app.screen.message
        row = view.row_of(app.screen.session.cursor)
        top = view.scroll_offset.y
        assert top <= row < top + view.size.height
        assert (
            app.screen.session.index.starts[app.screen.session.cursor] == len(filler) + 1
        )  # on Kenya
