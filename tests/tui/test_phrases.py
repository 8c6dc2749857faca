"""Pilot tests of phrase selection: word and clause motions, two-key jump hints, and the mouse."""

from __future__ import annotations

from textual import events
from textual.geometry import Offset

from annotator.tui.widgets.docview import DocView

from .test_suggestions import PHRASES, suggest
from .test_suggestions import TEXT as SUGGESTED

TEXT = (
    "Kenya’s President William Ruto said recruits were forced to sign contracts in Russian, "
    "then sent to the front.\nNearly 200 foreign nationals from 37 countries were captured."
)


def spans_of(app) -> list[tuple[str, str]]:
    return [(s.label, s.text) for s in app.screen.session.ordered()]


def token_of(app, word: str) -> int:
    return app.screen.session.nav.words.index(word)


async def test_phrases_word_and_clause_motions_label_a_tactic(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        session = app.screen.session
        session.moves.move_to(token_of(app, "forced"))
        await pilot.press("w", "w", "t")
        assert spans_of(app) == [("TACTIC", "forced to sign")]
        await pilot.press("u")
        session.moves.move_to(token_of(app, "forced"))
        await pilot.press("W", "t")
        assert spans_of(app) == [("TACTIC", "forced to sign contracts in Russian")]
        await pilot.press("u")
        session.moves.move_to(token_of(app, "forced"))
        await pilot.press("W", "b", "b", "t")
        assert spans_of(app) == [("TACTIC", "forced to sign contracts")]


async def test_phrases_hint_jump_draws_labels_and_moves_the_cursor(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.screen.query_one(DocView)
        await pilot.press("o")
        assert view.hints, "hints are drawn over the visible words"
        target = token_of(app, "captured")
        label = view.hints[target]
        assert len(label) == 2
        await pilot.press(*label)
        await pilot.pause()
        assert app.screen.session.cursor == target
        assert not view.hints
        # the hint keys did not run their own actions (no span was labelled)
        assert spans_of(app) == []
        await pilot.press("o")
        start = view.hints[token_of(app, "Nearly")]
        await pilot.press(*start, "O")
        await pilot.press(*view.hints[token_of(app, "200")], "f")
        await pilot.pause()
        assert spans_of(app) == [("FIGURE", "Nearly 200")]


async def test_phrases_hint_escape_cancels_without_moving(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o", "escape")
        await pilot.pause()
        assert app.screen.session.cursor == 0
        assert not app.screen.query_one(DocView).hints


def offset_of(app, token: int) -> Offset:
    """Where a token's first cell is drawn inside the DocView."""
    view = app.screen.query_one(DocView)
    row = view.row_of(token)
    x = view.styles.padding.left
    for t, a, b, lead in view.layout_.rows[row]:
        x += lead
        if t == token:
            return Offset(x, row - int(view.scroll_offset.y))
        x += len(view.display_tokens[t][a:b])
    raise AssertionError(token)


async def test_mouse_click_places_cursor_drag_selects_click_focuses_span(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        session = app.screen.session
        await pilot.click(DocView, offset=offset_of(app, token_of(app, "Ruto")))
        assert session.cursor == token_of(app, "Ruto")
        assert session.selection() is None
        first, last = token_of(app, "President"), token_of(app, "Ruto")
        await pilot.mouse_down(DocView, offset=offset_of(app, first))
        await pilot.hover(DocView, offset=offset_of(app, last) + Offset(2, 0))
        await pilot.mouse_up(DocView, offset=offset_of(app, last))
        await pilot.pause()
        assert session.selection() == (first, last)
        await pilot.press("a")
        assert spans_of(app) == [("ACTOR", "President William Ruto")]
        await pilot.click(DocView, offset=offset_of(app, token_of(app, "Nearly")))
        assert session.focus is None
        await pilot.click(DocView, offset=offset_of(app, token_of(app, "William")))
        assert session.focus is not None and session.focus[2] == "ACTOR"
        await pilot.press("x")
        assert spans_of(app) == []


async def test_mouse_wheel_scrolls_the_article(app_factory):
    long_text = "\n".join(f"Paragraph {i} says Russia recruited {i} men." for i in range(80))
    app, _ = app_factory([long_text])
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()  # the first layout (and its keep-the-cursor-in-view) has settled
        view = app.screen.query_one(DocView)
        assert view.scroll_offset.y == 0
        for _ in range(3):
            view.post_message(events.MouseScrollDown(view, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert view.scroll_offset.y > 0


async def test_phrases_accept_and_reject_walk_the_suggestions_without_s(app_factory):
    app, store = app_factory([SUGGESTED], show_suggestions=True)
    suggest(store, PHRASES)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", "y", "z", "y", "y")
        assert spans_of(app) == [
            ("COUNTRY", "Kenya"),
            ("COUNTRY", "Russia"),
            ("FIGURE", "Nearly 200"),
        ]
        assert app.screen.session.suggestion_focus is None
