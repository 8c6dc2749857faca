"""DocView: rows re-rendered per key (render guard), hostile text never reaching the terminal, wrapping."""

from __future__ import annotations

import re

import pytest
from textual.geometry import Region
from textual.widget import Widget

from annotator.display import safe_text
from annotator.tui.compat import compositor_of
from annotator.tui.widgets.layout import wrap

HOSTILE = (
    "Title\x1b]0;pwned\x07 red\x1b[31mtext\x1b[0m and\rcarriage\ttab zero\u200bwidth "
    "مرحبا بالعالم \u202eevil\u202c emoji 🇺🇦👩‍👩‍👧 e\u0301cole Kenya."
)
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
LONG = " ".join(f"Word{i} said Russia." for i in range(400))


def terminal_output(app) -> str:
    """The exact text a full repaint would write to the terminal."""
    update = compositor_of(app.screen).render_full_update()
    return update.render_segments(app.console)


async def test_docview_cursor_move_renders_at_most_two_rows(app_factory):
    app, _ = app_factory([LONG])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one("DocView")
        for key in ("right", "right", "down", "left", "up", "l"):
            before = view.rows_rendered
            await pilot.press(key)
            await pilot.pause()
            assert view.rows_rendered - before <= 2, key


async def test_docview_label_renders_only_rows_of_the_span(app_factory):
    app, _ = app_factory([LONG])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "down")
        await pilot.pause()
        view = app.screen.query_one("DocView")
        before = view.rows_rendered
        await pilot.press("shift+right", "shift+right")
        await pilot.pause()
        session = app.screen.session
        first, last = session.selection()
        rows = view.layout_.row_range(first, last)
        assert view.rows_rendered - before <= 2 * (rows[1] - rows[0] + 1)
        before = view.rows_rendered
        await pilot.press("a")
        await pilot.pause()
        assert 1 <= view.rows_rendered - before <= rows[1] - rows[0] + 1


async def test_docview_hostile_text_never_reaches_the_terminal(app_factory):
    app, _ = app_factory([HOSTILE])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        out = terminal_output(app)
        assert "pwned" in out  # the text itself is shown...
        assert "\x1b]0;" not in out and "\x07" not in out and "\x1b[31m" not in out
        assert "\u202e" not in out and "\r" not in out and "\t" not in out
        assert "␛" in out  # ...with the escape drawn as a symbol
        await pilot.press("slash", *"Kenya", "enter", "c")
        (span,) = app.screen.session.ordered()
        assert HOSTILE[span.start : span.end] == "Kenya" == span.text
        await pilot.press("g", "shift+right", "a")
        span = app.screen.session.ordered()[0]
        assert HOSTILE[span.start : span.end] == span.text and span.text.startswith("Title\x1b")


def test_docview_safe_text_keeps_offsets():
    shown = safe_text(HOSTILE)
    assert len(shown) == len(HOSTILE)
    assert not UNSAFE.search(shown)


def test_docview_wrap_splits_long_tokens_and_respects_width():
    display = ["a" * 95, "bb", "c" * 10]
    layout = wrap(display, [False, True, True], [0, 0, 1], 40)
    assert [len(r) for r in layout.rows] == [1, 1, 2, 1]
    assert layout.first_row[0] == 0 and layout.last_row[0] == 2
    assert layout.first_row[2] == 3


@pytest.mark.parametrize("size", [(40, 12), (100, 30)])
async def test_docview_every_character_is_visible_when_the_text_scrolls(app_factory, size):
    text = " ".join(f"Kenya{i} said Russia recruited them." for i in range(60))
    app, _ = app_factory(["Short.", text])
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")  # the long article opens on a laid-out screen
        await pilot.pause()
        view = app.screen.query_one("DocView")
        assert len(view.layout_.rows) > view.size.height  # the text scrolls
        assert not view.show_horizontal_scrollbar
        assert view.layout_.width == view.scrollable_content_region.width >= 10
        whole = Region(0, 0, *view.outer_size)  # what the compositor asks the view for
        screen = "".join(strip.text for strip in view.render_lines(whole))
        shown = screen.replace(" ", "")
        assert shown and text.replace(" ", "").startswith(shown)


async def test_docview_rows_are_what_textual_itself_draws_after_scrolls_and_edits(app_factory):
    app, _ = app_factory([LONG])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e", "c", "G", "e", "a", "g", "ctrl+d")  # label, scroll, label, scroll
        await pilot.pause()
        view = app.screen.query_one("DocView")
        whole = Region(0, 0, *view.region.size)
        kept = [list(strip) for strip in view.render_lines(whole)]
        view.refresh()  # Textual's own pipeline, from scratch
        assert kept == [list(strip) for strip in Widget.render_lines(view, whole)]
