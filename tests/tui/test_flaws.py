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
    from annotator.records.models import Suggestion, make_span

    app, store = app_factory([TEXT], annotator="bob")
    (doc_id,) = store.document_ids("sample")
    doc = store.get_document(doc_id)
    kenya = Suggestion(span=make_span(doc, 0, 5, "COUNTRY"), source="patterns")
    store.suggestions.replace("sample", doc_id, [kenya])
    store.suggestions.reject("sample", doc_id, "ana", 0, 5, "COUNTRY")
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
    from annotator.stats.figures import IDLE_CAP_S
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
    (claim,) = store.queue.open_claims("sample")
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


async def test_escape_clears_the_search_highlight(app_factory):
    """After a search the matches are highlighted until escape clears them."""
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"kenya", "enter")
        view = app.screen.view
        assert view.matches
        await pilot.press("escape")
        assert view.matches == set() and app.screen.session.matches == []
        assert "search highlight cleared" in app.screen.message


async def test_cursor_stays_visible_after_the_terminal_shrinks(app_factory):
    """A cursor near the bottom of a tall terminal is still on screen after it gets shorter."""
    filler = "\n".join(f"Line {n} of the article." for n in range(40))
    app, _ = app_factory([filler])
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press(*["down"] * 40)
        view = app.screen.view
        await pilot.resize_terminal(100, 15)
        await pilot.pause()
        row = view.row_of(app.screen.session.cursor)
        top = view.scroll_offset.y
        assert top <= row < top + view.scrollable_content_region.height


async def test_side_panel_grows_with_the_terminal_and_marks_errors(app_factory):
    """At 200 columns the span panel is wider than its 34-column minimum; a span that breaks a
    rule is marked with ! there."""
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(200, 30)) as pilot:
        panel = app.screen.query_one("SpanList")
        assert panel.size.width >= 45
        await pilot.press("e", "c", "right", "right", "right", "right", "f")  # FIGURE 'Ruto'
        await pilot.pause(0.3)
        rows = ["".join(seg.text for seg in panel.render_line(y)) for y in range(2)]
        assert rows[0].startswith("COUNTRY") and "!" not in rows[0]
        assert rows[1].startswith("FIGURE !Ruto")


async def test_status_line_counts_every_problem_and_words_the_rule(app_factory):
    """Two problems are both counted; a must_match miss is told by the label's description
    rather than its regex, and the focused span's own problem is the one shown."""
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.press("right", "right", "right", "right", "f")  # FIGURE 'Ruto'
        await pilot.press("right", "right", "f")  # FIGURE on the next word too
        await pilot.pause(0.3)
        summary, severity = app.screen.validation
        assert severity == "error" and summary.startswith("2 error(s)") and "E301x2" in summary
        assert "does not fit FIGURE: A quantity" in summary
        assert "\\\\d" not in summary and "\\d" not in summary
        await pilot.press("tab", "tab")
        focused = app.screen.session.focus
        assert app.screen.session.doc.text[focused[0] : focused[1]] in app.screen.validation[0]


async def test_selection_mode_and_length_are_shown(app_factory):
    """v shows selection mode; growing the selection shows its length in tokens and chars."""
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.press("l", "l", "v")
        assert "SELECT mode" in app.screen._place()
        await pilot.press("l", "l")
        assert "SELECT mode: 3 tokens, 22 chars" in app.screen._place()  # President William Ruto
        await pilot.press("escape")
        assert "SELECT" not in app.screen._place()
        await pilot.press("shift+right")
        assert "selected 2 tokens" in app.screen._place()


async def test_nested_span_with_the_container_extent_is_drawn(app_factory):
    """A QUOTE and a COUNTRY over exactly the same word are drawn unlike a COUNTRY alone."""
    app, _ = app_factory(["“Russia” said Kenya and Russia."])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right", "c", "q")  # COUNTRY then QUOTE on 'Russia'
        assert sorted(label for label, _ in spans_of(app)) == ["COUNTRY", "QUOTE"]
        await pilot.press("G", "left", "c", "escape", "g")
        view = app.screen.view
        twin = view.painter.style(view.painter.state(1, view.cover[1]))
        alone = view.painter.style(view.painter.state(len(view.cover) - 2, view.cover[-2]))
        assert twin.underline2 and not alone.underline2


async def test_label_key_on_a_tab_focused_span_relabels_or_toggles_it(app_factory):
    """tab then a label key relabels the focused span (not the cursor token); the span's own
    label toggles it off; r with nothing to relabel says so at once and waits for nothing."""
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        assert "no span to relabel" in app.screen.message and app.screen.pending == ""
        await pilot.press("e", "c", "e", "a", "g", "tab")
        assert app.screen.session.focus[2] == "ACTOR"
        await pilot.press("c")
        assert spans_of(app) == [("COUNTRY", "Kenya"), ("COUNTRY", "President William Ruto")]
        await pilot.press("g", "tab")
        assert app.screen.session.focus[2] == "COUNTRY"
        await pilot.press("c")
        assert spans_of(app) == [("COUNTRY", "Kenya")]


async def test_a_flag_is_one_token_on_screen(app_factory):
    """The cursor steps over a flag in one move and a label covers the whole flag."""
    app, _ = app_factory(["Ukraine 🇺🇦 was named."])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right", "c")
        assert spans_of(app) == [("COUNTRY", "🇺🇦")]
        await pilot.press("right")
        assert app.screen.session.doc.tokens[app.screen.session.cursor].text == "was"


async def test_a_tab_between_words_is_drawn_as_a_symbol(app_factory):
    """A tab in the article shows as ␉ (as the README promises), a space as a space."""
    app, _ = app_factory(["Kenya\tsent men."])
    async with app.run_test(size=(100, 30)):
        row = "".join(seg.text for seg in app.screen.view.render_line(0))
        assert row.startswith("Kenya␉sent men.")


async def test_reopening_and_accepting_unchanged_adds_no_revision(app_factory):
    """ctrl+b then enter on a document left as it was keeps its revision; a change adds one."""
    app, store = app_factory([TEXT, SECOND])
    async with app.run_test(size=(100, 30)) as pilot:
        first = app.screen.flow.current.doc.doc_id
        await pilot.press("e", "c", "enter", "ctrl+b", "enter")
        assert len(store.revisions("sample", first, "tester")) == 1
        assert "unchanged: revision 1 kept" in app.screen.message
        await pilot.press("ctrl+b", "e", "a", "enter")
        assert len(store.revisions("sample", first, "tester")) == 2


async def test_help_says_how_to_close_it(app_factory):
    """The help screen's first line names the keys that close it, and they do."""
    from annotator.tui.screens.help import HelpScreen

    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        hint = str(app.screen.query_one("#close-hint").render())
        assert "escape" in hint and "close" in hint
        await pilot.press("q")
        assert not isinstance(app.screen, HelpScreen)
