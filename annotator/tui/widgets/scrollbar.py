"""RowScrollBar: a vertical scrollbar that keeps each finished row by what the row shows."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from annotator.tui.widgets.kept import KeptRows


class RowScrollBar(ScrollBar):
    """Textual's scrollbar, but a scroll looks its rows up instead of re-rendering every one.

    Textual re-renders all of a scrollbar's rows whenever its thumb moves, though a bar has only
    a few kinds of row (track above, track below, thumb, the thumb's two partial ends). Each row
    is keyed by the segment the bar's renderer gives it; a row not seen yet is that segment over
    the bar's own style, as Textual draws it (a test compares them), and is kept.
    """

    def __init__(self, vertical: bool = True, name: str | None = None, *, thickness: int = 1):
        """A scrollbar with no finished rows yet."""
        super().__init__(vertical, name, thickness=thickness)
        self._finished = KeptRows(self)
        self._rows: tuple[tuple, list[Segment] | None] = ((), None)  # by the thumb's state
        self._base: Style | None = None  # the bar's own style, until it restyles

    def notify_style_update(self) -> None:
        """Styles changed: the finished rows are stale."""
        super().notify_style_update()
        self._finished.clear()
        self._rows = ((), None)
        self._base = None

    def row_segments(self) -> list[Segment] | None:
        """The segment of each row, as the bar's renderer gives them (None: not one per row);
        rendered again only when the bar's size, thumb or hover state changed."""
        thumb = (
            self.size,
            self.window_virtual_size,
            self.window_size,
            self.position,
            self.grabbed,
            self.mouse_over,
        )
        if self._rows[0] != thumb:
            self._rows = (thumb, self._render_rows())
        return self._rows[1]

    def _render_rows(self) -> list[Segment] | None:
        """The segment of each row, from the bar's renderer."""
        width, height = self.size
        console = self.app.console
        options = self.app.console_options.update(width=width, height=height)
        rows = list(Segment.split_lines(console.render(self.render(), options)))
        if len(rows) != height or any(len(row) != 1 for row in rows):
            return None
        return [row[0] for row in rows]

    def render_lines(self, crop: Region) -> list[Strip]:
        """Rows from the finished ones where the renderer gives a row seen before."""
        segments = self.row_segments() if self.vertical else None
        if segments is None:
            return super().render_lines(crop)
        return self._finished.rows(crop, lambda y: (segments[y].text, segments[y].style))

    def render_line(self, y: int) -> Strip:
        """Row `y`: its segment over the bar's own style (as Textual's renderable path draws it)."""
        segments = self.row_segments() if self.vertical else None
        if segments is None or y >= len(segments):
            return super().render_line(y)
        if self._base is None:
            self._base = self.rich_style
        segment = segments[y]
        return Strip([Segment(segment.text, self._base + segment.style)])
