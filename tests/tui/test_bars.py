"""Pilot tests of the label bar and status line: what reaches the screen after a resize."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget

from annotator.tui.compat import compositor_of

TEXT = "Kenya said young Kenyans were recruited by Russia today."


def screen_rows(app, widget) -> list[str]:
    """The rows of the composed screen that a widget occupies, as plain text."""
    strips = compositor_of(app.screen).render_strips()
    region = widget.region
    return [strips[y].text[region.x : region.right] for y in range(region.y, region.bottom)]


async def test_bars_status_line_redraws_at_the_new_width_after_growing(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("u")  # a message: the status line is redrawn (and cut) at 40 columns
        status = app.screen.query_one("StatusLine")
        assert screen_rows(app, status)[0].rstrip().endswith("…")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        top = screen_rows(app, status)[0]
        assert len(top) == 80
        assert "…" not in top
        assert "saved (journal 0)  nothing to undo" in top
        labels = screen_rows(app, app.screen.query_one("LabelBar"))[0]
        assert "QUOTE 0" in labels


async def test_bars_status_line_shows_how_far_through_the_article_the_cursor_is(app_factory):
    app, _ = app_factory()  # the sample article: several screens long at 100x30
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        status = app.screen.query_one("StatusLine")
        assert " | 1% " in screen_rows(app, status)[0] + " "
        await pilot.press("G")
        await pilot.pause()
        assert " | 100% " in screen_rows(app, status)[0] + " "
        await pilot.press("g")
        await pilot.pause()
        assert " | 1% " in screen_rows(app, status)[0] + " "


async def test_bars_relation_list_and_status_rows_are_what_textual_itself_draws(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "c", "e", "c", "shift+tab", "ctrl+l")  # the list, no relations
        await pilot.pause()
        for name in ("RelationList", "StatusLine", "LabelBar"):
            widget = app.screen.query_one(name)
            whole = Region(0, 0, *widget.region.size)
            kept = [list(strip) for strip in widget.render_lines(whole)]
            widget.refresh()  # Textual's own pipeline, from scratch
            stock = [list(strip) for strip in Widget.render_lines(widget, whole)]
            assert kept == stock, name
            again = [list(strip) for strip in widget.render_lines(whole)]  # from kept strips
            assert again == stock, name
