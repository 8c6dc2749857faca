"""The dirty-row compositor: the terminal ends up showing exactly what a full repaint would."""

from __future__ import annotations

import gc

from rich.segment import ControlType

from annotator.tui.compat import ChopsUpdate, compositor_of
from annotator.tui.compositor import DirtyRowCompositor
from annotator.tui.widgets.docview import DocView
from annotator.tui.widgets.spanlist import SpanList

from .test_relations import many_relations

Cell = tuple[str, object]

KEYS = [
    *["right"] * 6,
    *["shift+right"] * 3,
    "1",
    "tab",
    "tab",
    "ctrl+z",
    "ctrl+y",
    *["down"] * 45,  # far enough to scroll the article
    *["up"] * 3,
    "pagedown",
    "shift+right",
    "2",
    "question_mark",  # the help screen, drawn over the article
    "escape",
    "resize:70x20",  # re-wraps the article; the frames after it are partial again
    *["down"] * 12,
    "shift+right",
    "3",
    "resize:100x30",
    "G",
    "g",
    "ctrl+l",  # the relation list, drawn over the panes' bottom rows
    *["down"] * 30,  # the article scrolls beneath it
    "tab",
    "shift+tab",
    "ctrl+l",  # hidden: the rows beneath show again
    *["up"] * 3,
]


def cells_of(strips) -> list[list[Cell]]:
    """A screen as rows of (character, style) cells."""
    return [[(ch, seg.style) for seg in strip for ch in seg.text] for strip in strips]


def apply_update(screen: list[list[Cell]], update: ChopsUpdate, console) -> int:
    """Write a partial update onto a screen of cells the way a terminal would; cells written."""
    x = y = written = 0
    for segment in update.__rich_console__(console, console.options):
        if segment.control:
            for control in segment.control:
                if control[0] == ControlType.CURSOR_MOVE_TO:
                    x, y = control[1], control[2]
            continue
        if segment.text in ("", "\n"):
            continue
        for ch in segment.text:
            screen[y][x] = (ch, segment.style)
            x += 1
            written += 1
    return written


async def test_compositor_partial_updates_leave_the_screen_a_full_repaint_would_draw(app_factory):
    app, _ = app_factory()
    shown: dict[str, list[list[Cell]]] = {}
    checked: list[int] = []
    mismatches: list[tuple[int, int]] = []
    original = app._display

    def display(screen, update) -> None:
        original(screen, update)
        if not isinstance(compositor_of(screen), DirtyRowCompositor):
            return  # modal screens keep Textual's compositor (and blend the screen below)
        full = cells_of(compositor_of(screen).render_strips())
        key = id(screen)
        if isinstance(update, ChopsUpdate) and key in shown:
            written = apply_update(shown[key], update, app.console)
            checked.append(written)
            for y, (got, want) in enumerate(zip(shown[key], full, strict=True)):
                if got != want:
                    mismatches.append((len(checked), y))
        shown[key] = full  # resynchronise (full updates, first frame of a screen)

    app._display = display
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in KEYS:
            if key.startswith("resize:"):
                width, height = key.removeprefix("resize:").split("x")
                await pilot.resize_terminal(int(width), int(height))
            else:
                await pilot.press(key)
            await pilot.pause()
    assert len(checked) >= 40 and sum(checked) > 0
    assert mismatches == []


async def test_compositor_cursor_moves_do_not_render_the_span_panel(app_factory):
    app, _ = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(SpanList)
        calls = []
        original = panel.render_lines
        panel.render_lines = lambda crop: calls.append(crop) or original(crop)
        for _ in range(5):
            await pilot.press("right")
            await pilot.pause()
        assert calls == []


async def test_compositor_showing_the_relation_list_repaints_neither_article_nor_panel(
    app_factory,
):
    text = " ".join(f"Kenya sent {i + 2} fighters to Russia." for i in range(60))
    app, _ = app_factory([text])
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press(*["e", "c"] * 30, "g")  # a span panel longer than the screen
        await pilot.pause(0.3)
        await pilot.press("ctrl+l", "ctrl+l")  # the first layout with both at their new sizes
        await pilot.pause()
        calls = []
        for widget in (app.screen.query_one(DocView), app.screen.query_one(SpanList)):
            original = widget.render_lines
            widget.render_lines = lambda crop, w=widget, o=original: calls.append(w) or o(crop)
        for _ in range(3):
            await pilot.press("ctrl+l")  # shown: it lies over them, and nothing of theirs moved
            await pilot.pause()
            assert calls == []
            await pilot.press("ctrl+l")  # hidden: only the rows it covered are drawn again
            await pilot.pause()
            assert calls
            calls.clear()


async def test_compositor_draws_nothing_hidden_behind_the_panes_or_under_the_list(app_factory):
    app, doc, _ = many_relations(app_factory, times=40)
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.show_document(app.screen.flow.open(doc.doc_id))
        await pilot.press("ctrl+n")
        await pilot.pause()
        view, listing = app.screen.query_one(DocView), app.screen.query_one("RelationList")
        compositor = compositor_of(app.screen)
        drawn: dict[str, list] = {}
        for widget in compositor.visible_widgets:
            original = widget.render_lines
            name = type(widget).__name__
            widget.render_lines = lambda crop, n=name, o=original: (  # type: ignore[method-assign]
                drawn.setdefault(n, []).append(crop) or o(crop)
            )
        jumps = 0
        for _ in range(30):  # steps through the relations: some jump the article and the panel
            top = int(view.scroll_offset.y)
            await pilot.press("ctrl+n")
            await pilot.pause()
            jumps += int(view.scroll_offset.y) != top
        assert jumps >= 2 and drawn["DocView"] and drawn["SpanList"]
        assert not {"AnnotateScreen", "Container", "Horizontal"} & set(drawn)  # behind the panes
        covered_from = listing.region.y - view.region.y  # the list lies over the rest
        assert all(crop.bottom <= covered_from for crop in drawn["DocView"] + drawn["SpanList"])


async def test_compositor_full_garbage_collections_wait_for_the_app_and_come_back_after(
    app_factory,
):
    before = gc.get_threshold()
    app, _ = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[:2] == before[:2]  # young collections as usual
        assert gc.get_threshold()[2] >= 2**30  # no automatic full pass during key presses
    assert gc.get_threshold() == before
