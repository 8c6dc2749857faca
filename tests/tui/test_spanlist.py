"""The span panel's row caches: a scroll re-uses rows (its own and its scrollbar's), every edit
redraws the rows it changed, and every row is what Textual would draw."""

from __future__ import annotations

from functools import partial

from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.widget import Widget

from annotator.tui.widgets.scrollbar import RowScrollBar
from annotator.tui.widgets.spanlist import SpanList

TEXT = " ".join(f"Kenya sent {i + 2} fighters to Russia." for i in range(30))


def drawn(panel: SpanList) -> list[list]:
    """The panel's visible rows as segments, through its row cache."""
    return [list(strip) for strip in panel.render_lines(Region(0, 0, *panel.region.size))]


def stock(panel: SpanList) -> list[list]:
    """The same rows drawn from scratch by Textual's own line path (no row cache)."""
    panel.refresh()  # drops Textual's line cache
    lines = super(SpanList, panel).render_lines(Region(0, 0, *panel.region.size))
    return [list(strip) for strip in lines]


def row_texts(panel: SpanList) -> list[str]:
    """The visible rows' text, without the panel's left border."""
    return ["".join(segment.text for segment in row)[1:] for row in drawn(panel)]


def label_keys(count: int) -> list[str]:
    """Keys that label the next `count` names and numbers COUNTRY."""
    return ["e", "c"] * count


async def test_spanlist_scrolling_back_reuses_the_rows_it_drew(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.press(*label_keys(18))
        await pilot.pause(0.3)
        panel = app.screen.query_one(SpanList)
        assert len(panel.rows) > 2 * panel.size.height  # the panel scrolls
        panel.scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        first_page = drawn(panel)
        panel.scroll_to(y=panel.size.height, animate=False, immediate=True)
        await pilot.pause()
        rendered = []
        original = panel.render_line
        panel.render_line = lambda y: rendered.append(y) or original(y)  # type: ignore[method-assign]
        panel.scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        assert rendered == []  # every row back in view came from the cache
        assert drawn(panel) == first_page == stock(panel)


async def test_spanlist_rows_follow_relabel_delete_and_undo(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*label_keys(6))
        await pilot.pause(0.3)
        panel = app.screen.query_one(SpanList)
        before = row_texts(panel)
        assert drawn(panel) == stock(panel)
        await pilot.press("g", "tab", "tab", "f")  # relabel a tabbed COUNTRY span FIGURE
        await pilot.pause(0.3)
        relabelled = row_texts(panel)
        (row,) = [
            i for i, (old, new) in enumerate(zip(before, relabelled, strict=True)) if old != new
        ]
        assert before[row].startswith("COUNTRY") and relabelled[row].startswith("FIGURE")
        assert drawn(panel) == stock(panel)
        await pilot.press("x")  # delete it: the rows below move up
        await pilot.pause(0.3)
        assert row_texts(panel)[row:-1] == before[row + 1 :]
        assert drawn(panel) == stock(panel)
        await pilot.press("u")  # undo the delete: the FIGURE row is back
        await pilot.pause(0.3)
        assert row_texts(panel) == relabelled
        assert drawn(panel) == stock(panel)
        await pilot.press("u")  # undo the relabel: the row is as it was
        await pilot.pause(0.3)
        assert row_texts(panel) == before
        assert drawn(panel) == stock(panel)


async def test_spanlist_focus_moves_the_highlight_between_cached_rows(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*label_keys(6))
        await pilot.pause(0.3)
        panel = app.screen.query_one(SpanList)
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            assert drawn(panel) == stock(panel)
        await pilot.press("escape")
        await pilot.pause()
        assert drawn(panel) == stock(panel)


def bar_rows(bar: ScrollBar, *, fresh: bool) -> list[list]:
    """The scrollbar's rows as segments, kept ones or (fresh) Textual's own drawn from scratch."""
    region = Region(0, 0, *bar.region.size)
    if fresh:
        bar.refresh()
        bar.render_line = partial(Widget.render_line, bar)  # type: ignore[method-assign]
        try:  # Textual's own rows, from its renderable
            return [list(strip) for strip in ScrollBar.render_lines(bar, region)]
        finally:
            del bar.render_line
    return [list(strip) for strip in bar.render_lines(region)]


async def test_spanlist_scrollbar_rows_are_textuals_own_at_every_position(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.press(*label_keys(18))
        await pilot.pause(0.3)
        panel = app.screen.query_one(SpanList)
        bar = panel.vertical_scrollbar
        assert isinstance(bar, RowScrollBar) and bar.display
        seen = set()
        for top in [*range(0, 30, 2), 7, 0, 26, 12]:
            panel.scroll_to(y=top, animate=False, immediate=True)
            await pilot.pause()
            kept = bar_rows(bar, fresh=False)
            assert kept == bar_rows(bar, fresh=True), top
            seen.add(str(kept))
        assert len(seen) > 5  # the thumb moved
        bar.mouse_over = True  # hovered: other colours, other rows
        await pilot.pause()
        assert bar_rows(bar, fresh=False) == bar_rows(bar, fresh=True)
