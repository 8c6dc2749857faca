"""Every use of Textual's private internals, each resting on one stated assumption.

Textual is pinned exactly, and `tests/tui/test_compat.py` (a test per assumption) says in plain
words which one a new release broke. The core's private uses are in `annotator/compat.py`.
"""

from __future__ import annotations

from typing import Any

# Assumption: the compositor lives in textual._compositor; a partial update
# (`render_partial_update`) reads the pending `_dirty_regions` and asks `_get_renders(crop)` for
# each visible widget's lines, with the crop of the dirty regions.
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.widget import Widget

__all__ = [
    "ChopsUpdate",
    "Compositor",
    "compositor_of",
    "crash_of",
    "dirty_regions",
    "set_scroll_size",
    "use_compositor",
    "vertical_scrollbar",
]


def use_compositor(screen: Screen[Any], compositor: Compositor) -> None:
    """Make a screen lay out and render through `compositor` (a screen keeps it as `_compositor`)."""
    screen._compositor = compositor


def compositor_of(screen: Screen[Any]) -> Compositor:
    """The compositor a screen lays out and renders through."""
    return screen._compositor


def dirty_regions(compositor: Compositor) -> list[Region]:
    """The regions a compositor will repaint in its next partial update."""
    return list(compositor._dirty_regions)


def crash_of(app: Any) -> BaseException | None:
    """The exception that stopped an app, which Textual keeps as `_exception`, or None."""
    return getattr(app, "_exception", None)


def vertical_scrollbar(widget: Widget, kind: type[ScrollBar]) -> ScrollBar:
    """A widget's vertical scrollbar, made as a `kind` the first time it is asked for.

    Assumption: a widget makes its vertical scrollbar on first use of `vertical_scrollbar`, keeps
    it as `_vertical_scrollbar`, hidden until layout shows it, and starts it with
    `App._start_widget(widget, scrollbar)`.
    """
    bar = widget._vertical_scrollbar
    if bar is None:
        bar = kind(vertical=True, name="vertical", thickness=widget.scrollbar_size_vertical)
        widget._vertical_scrollbar = bar
        bar.display = False
        widget.app._start_widget(widget, bar)
    return bar


def set_scroll_size(widget: Widget, size: Size) -> None:
    """Give a scrolling widget a new scrollable size without a layout pass of the screen.

    Setting `virtual_size` relayouts the screen and repaints the widget whole. Assumption:
    `set_reactive(Widget.virtual_size, size)` stores the size quietly and `_scroll_update(size)`
    makes the scroll limits (`max_scroll_y`) follow it; the scrollbar is not redrawn, so use
    this only where the scrollbar neither appears nor disappears.
    """
    widget.set_reactive(Widget.virtual_size, size)
    widget._scroll_update(size)
