"""SpanList: the side panel listing the document's spans, one Line-API row per span, each
followed by a row per relation it heads."""

from __future__ import annotations

from functools import partial

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from annotator.display import safe_text
from annotator.records.models import Span
from annotator.tui.compat import set_scroll_size, vertical_scrollbar
from annotator.tui.widgets.kept import KeptRows
from annotator.tui.widgets.scrollbar import RowScrollBar


class SpanList(ScrollView):
    """Spans in reading order: label, text and offsets; the focused one highlighted."""

    DEFAULT_CSS = """
    SpanList { width: 25%; min-width: 34; max-width: 40%; border-left: solid $primary-darken-2;
               background: $panel; overflow-x: hidden; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """An empty list."""
        super().__init__(id=id)
        self.spans: list[Span] = []
        self.rows: list[tuple[Span, str | None]] = []  # a span, or a relation line under it
        self.colours: dict[str, str] = {}
        self.focused: tuple[int, int, str] | None = None
        self._row_of: dict[tuple[int, int, str], int] = {}
        self.issues: set[tuple[int, int, str]] = set()
        self.covered_rows = 0  # rows at the bottom hidden under the relation list, when it shows
        self.room_below = 0  # blank rows a long list scrolls past its last row: room above it
        self._looks: dict[object, Style] = {}  # styles over the widget's own, until it restyles
        self._finished = KeptRows(self)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The scrollbar: one that keeps its rows, as a scroll redraws it whole."""
        return vertical_scrollbar(self, RowScrollBar)

    def notify_style_update(self) -> None:
        """Styles changed: the cached ones are stale."""
        super().notify_style_update()
        self._looks.clear()
        self._finished.clear()

    def _look(self, name: object, style: Style | None = None) -> Style:
        """The widget's own style with `style` over it, made once per name (None: the base)."""
        look = self._looks.get(name)
        if look is None:
            base = self._looks.get(None)
            if base is None:
                base = self._looks[None] = self.rich_style
            look = self._looks[name] = base + style if style is not None else base
        return look

    def set_spans(
        self,
        spans: list[Span],
        colours: dict[str, str],
        headed: dict[tuple[int, int, str], list[str]] | None = None,
    ) -> None:
        """Show a new list of spans (already in reading order), each with the relation lines
        it heads (`SPEAKER → ACTOR 'Foreign Minister Saud'`) under it."""
        if colours != self.colours or len(self._finished.strips) > 2 * len(self.rows) + 100:
            self._finished.clear()  # other colours, or rows of spans long gone
        self.spans = spans
        self.colours = colours
        headed = headed or {}
        self.rows = []
        self._row_of = {}
        for span in spans:
            self._row_of[span.key] = len(self.rows)
            self.rows.append((span, None))
            self.rows.extend((span, line) for line in headed.get(span.key, ()))
        size = self._scroll_size()
        height = self.size.height
        if (self.virtual_size.height > height) == (size.height > height) and height:
            # Same scrollbar visibility: update without a full layout pass of the screen.
            set_scroll_size(self, size)
        else:
            self.virtual_size = size
        self.refresh()
        self._reveal()

    def set_issues(self, keys: set[tuple[int, int, str]]) -> None:
        """Mark the spans (start, end, label) that break a schema rule with `!`."""
        if keys != self.issues:
            self.issues = keys
            self.refresh()

    def set_focused(self, key: tuple[int, int, str] | None) -> None:
        """Highlight a span (or none) and scroll it into view."""
        if key == self.focused:
            return
        for old in (self.focused, key):
            row = self._row_of.get(old) if old else None
            if row is not None:
                self.refresh_line(row)
        self.focused = key
        self._reveal()

    def _scroll_size(self) -> Size:
        """Rows to scroll through: a list longer than the panel always has `room_below` blank
        rows after it (showing the relation list then changes nothing of its size, and nothing
        of it is repainted); a shorter one gets the rows the relation list covers, if it shows
        (no scrollbar for blank rows alone)."""
        rows = len(self.rows)
        extra = self.room_below if rows > self.size.height else self.covered_rows
        return Size(self.size.width, rows + extra)

    def cover_rows(self, rows: int) -> None:
        """Keep the focused row above the bottom `rows` rows (the relation list lies over them)."""
        self.covered_rows = rows
        size = self._scroll_size()
        if size != self.virtual_size:
            if (self.virtual_size.height > self.size.height) == (size.height > self.size.height):
                set_scroll_size(self, size)  # the same scrollbar: no layout pass of the screen
            else:
                self.virtual_size = size
        settled = max(0, len(self.rows) - max(1, self.size.height - rows))
        if int(self.scroll_offset.y) > settled:  # blank rows scrolled in for the list go away
            self.scroll_to(y=settled, animate=False, immediate=True)
        self._reveal()

    def _reveal(self) -> None:
        """Scroll the focused row into view."""
        top = self._top_showing(self.focused)
        if top is not None:
            self.scroll_to(y=top, animate=False, immediate=True)

    def _top_showing(self, key: tuple[int, int, str] | None) -> int | None:
        """The top row of a view with the span's row in its middle, if that row is out of view
        (None: in view, or not listed)."""
        row = self._row_of.get(key) if key else None
        if row is None:
            return None
        top = int(self.scroll_offset.y)
        height = max(1, self.size.height - self.covered_rows)
        if top <= row < top + height:
            return None
        return max(0, min(row - height // 2, int(self.max_scroll_y)))

    def prepare_reveal(self, key: tuple[int, int, str] | None) -> int:
        """Draw ahead the rows that focusing the span would scroll into view (returns how many
        were drawn): that frame then only looks them up."""
        top = self._top_showing(key)
        if top is None:
            return 0
        rows = range(top, min(len(self.rows), top + self.size.height))
        return self._finished.prepare(
            (self.row_look(row), partial(self.draw_row, row)) for row in rows
        )

    def row_look(self, row: int) -> tuple:
        """Everything a row's strip depends on besides the widget's width and styles."""
        if row >= len(self.rows):
            return ()
        span, relation = self.rows[row]
        if relation is not None:
            return (relation,)
        return (span.key, span.text, span.key == self.focused, span.key in self.issues)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Visible rows, each row's finished strip kept by what it shows (`KeptRows`), so a
        scroll draws only the rows new to the panel."""
        top = int(self.scroll_offset.y)
        return self._finished.rows(crop, lambda y: self.row_look(top + y))

    def render_line(self, y: int) -> Strip:
        """Row `y` of the view."""
        return self.draw_row(int(self.scroll_offset.y) + y)

    def draw_row(self, row: int) -> Strip:
        """One span as `LABEL text  offset` (the offset is where it starts in the article), or
        a relation line under it."""
        width = self.size.width
        base = self._look(None)
        if row >= len(self.rows):
            return Strip.blank(width, base)
        span, relation = self.rows[row]
        if relation is not None:
            line = set_cell_size(f"   {safe_text(relation)}", width)
            return Strip(
                [Segment(line, self._look("relation", Style(italic=True)))]
            ).adjust_cell_length(width, base)
        colour = self.colours.get(span.label, "#888888")
        focused = span.key == self.focused
        text = safe_text(span.text.replace("\n", " "))
        label = self._look(("label", colour), Style(color="#ffffff", bgcolor=colour, bold=True))
        body = (
            self._look("focused", Style(reverse=True)) if focused else self._look("body", Style())
        )
        position = f" {span.start}"
        room = max(0, width - 8 - len(position))
        shown = f" {text}"
        if cell_len(shown) > room + 1:
            shown = set_cell_size(shown, room) + "…"
        marker = []
        if span.key in self.issues:
            marker = [Segment("!", self._look("issue", Style(color="#ff5555", bold=True)))]
            shown = shown[1:]
        segments = [
            Segment(f"{safe_text(span.label[:7]):<7}", label),
            *marker,
            Segment(set_cell_size(shown, room + 1 - len(marker)), body),
            Segment(position, self._look("position", Style(dim=True))),
        ]
        return Strip(segments).crop(0, width).adjust_cell_length(width, base)
