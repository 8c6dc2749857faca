"""Each assumption annotator/tui/compat.py makes about Textual's internals, tested on its own.

A failure here means a Textual release changed something the TUI relies on: the message names
the assumption and the function in annotator/tui/compat.py to change.
"""

from __future__ import annotations

import textual
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widgets import Static

from annotator.tui import compat

FIX = "; adapt annotator/tui/compat.py to Textual {version} or keep the pinned version"


class Recording(compat.Compositor):
    """A compositor that records what each partial update saw."""

    def __init__(self) -> None:
        super().__init__()
        self.dirty: list[int] = []  # dirty regions pending as each partial update starts
        self.crops: list[bool] = []  # whether _get_renders got a crop, during partial updates
        self.partial = False

    def render_partial_update(self):
        self.dirty.append(len(compat.dirty_regions(self)))
        self.partial = True
        try:
            return super().render_partial_update()
        finally:
            self.partial = False

    def _get_renders(self, crop=None):
        if self.partial:
            self.crops.append(crop is not None)
        yield from super()._get_renders(crop)


class Small(App[None]):
    """One line of text on a screen that renders through a Recording compositor."""

    def compose(self) -> ComposeResult:
        yield Static("hello", id="line")

    def on_mount(self) -> None:
        compat.use_compositor(self.screen, Recording())


async def test_compat_screen_renders_through_the_compositor_set_on_it():
    """A compositor set with use_compositor is the one the screen lays out with."""
    app = Small()
    async with app.run_test(size=(30, 5)) as pilot:
        await pilot.pause()
        compositor = compat.compositor_of(app.screen)
        assert isinstance(compositor, Recording), (
            "a Screen no longer keeps its compositor as _compositor"
            + FIX.format(version=textual.__version__)
        )
        assert compositor.render_strips()[0].text.startswith("hello")


async def test_compat_partial_update_asks_get_renders_with_a_crop_while_regions_are_dirty():
    """A refresh finds its regions in `_dirty_regions`, then renders through `_get_renders(crop)`."""
    app = Small()
    async with app.run_test(size=(30, 5)) as pilot:
        await pilot.pause()
        compositor = compat.compositor_of(app.screen)
        compositor.dirty.clear()
        compositor.crops.clear()
        app.query_one("#line", Static).update("world")
        await pilot.pause()
        assert any(compositor.dirty), (
            "the dirty regions are no longer pending in _dirty_regions when a partial update starts"
            + FIX.format(version=textual.__version__)
        )
        assert compositor.crops and all(compositor.crops), (
            "a partial update no longer asks Compositor._get_renders(crop) for the lines"
            + FIX.format(version=textual.__version__)
        )


class Crashing(App[None]):
    """An app whose mount raises."""

    def on_mount(self) -> None:
        raise LookupError("no such thing")


def test_compat_a_crashed_app_keeps_its_exception():
    """After a crash, crash_of gives the exception that stopped the app."""
    app = Crashing()
    app.run(headless=True)
    found = compat.crash_of(app)
    assert app.return_code == 1
    assert isinstance(found, LookupError) and str(found) == "no such thing", (
        "a crashed App no longer keeps its exception as _exception"
        + FIX.format(version=textual.__version__)
    )


class Bar(ScrollBar):
    """A scrollbar of our own kind."""


class Tall(ScrollView):
    """A scrolling widget asking for its vertical scrollbar through compat."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        return compat.vertical_scrollbar(self, Bar)

    def on_mount(self) -> None:
        self.virtual_size = Size(10, 100)

    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.size.width)


class Scrolling(App[None]):
    """One tall widget."""

    def compose(self) -> ComposeResult:
        yield Tall()


async def test_compat_a_widget_shows_and_moves_the_vertical_scrollbar_made_as_its_kind():
    """The scrollbar vertical_scrollbar makes is the one the widget shows and scrolls."""
    app = Scrolling()
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        tall = app.query_one(Tall)
        bar = tall.vertical_scrollbar
        assert isinstance(bar, Bar) and bar.display and bar.parent is tall, (
            "a widget no longer makes its scrollbar on first use of vertical_scrollbar, kept as "
            "_vertical_scrollbar and started with App._start_widget"
            + FIX.format(version=textual.__version__)
        )
        assert bar.region.height == 10
        tall.scroll_to(y=50, animate=False, immediate=True)
        await pilot.pause()
        assert tall.vertical_scrollbar is bar and bar.position == 50


async def test_compat_a_quiet_scroll_size_change_moves_the_scroll_limit_without_a_layout():
    """set_scroll_size changes how far a widget scrolls, and no layout pass follows."""
    app = Scrolling()
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        tall = app.query_one(Tall)
        before = tall.max_scroll_y
        compat.set_scroll_size(tall, Size(10, 120))
        assert tall.max_scroll_y == before + 20, (
            "_scroll_update after set_reactive(Widget.virtual_size) no longer moves the scroll "
            "limit" + FIX.format(version=textual.__version__)
        )
        assert not app.screen._layout_required, (
            "set_reactive(Widget.virtual_size) now asks for a layout pass"
            + FIX.format(version=textual.__version__)
        )
        tall.scroll_to(y=110, animate=False, immediate=True)
        assert tall.scroll_offset.y == before + 20
