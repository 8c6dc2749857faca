"""KeptRows: a widget's finished rows kept by what each row shows, rows new to it drawn in runs."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style as BoxStyle
from textual.widget import Widget


class KeptRows:
    """Finished rows (borders, padding, styles and line filters applied) by what a row shows.

    Textual keeps a widget's finished rows by screen row, so a scroll redraws every visible row;
    these are kept by the row's look (whatever decides how it is drawn), so a scroll draws only
    the rows new to the widget. A new content row is the widget's own `render_line` strip,
    filtered, between the side edges (border and padding) Textual drew on one row, when nothing
    else stands between the two (no tint, opacity, hatch or outline); any other row is drawn by
    Textual, one call per run of new rows. Tests compare every row with Textual's own.
    """

    def __init__(self, widget: Widget, *, limit: int | None = None) -> None:
        """No rows yet for `widget`; all are dropped past `limit`."""
        self.widget = widget
        self.limit = limit
        self.strips: dict[Hashable, Strip] = {}
        self._key: tuple = ()
        self._edges: tuple[Strip, Strip] | None = None
        self._finishing: tuple = ()  # content width, inner style, filters, background, width

    def clear(self) -> None:
        """Drop every kept row (styles or what the rows show changed)."""
        self.strips.clear()
        self._edges = None
        self._key = ()  # the next draw notes the widget's box again

    def forget(self, look: Hashable) -> None:
        """Drop one kept row."""
        self.strips.pop(look, None)

    def rows(self, crop: Region, look: Callable[[int], Hashable]) -> list[Strip]:
        """The finished rows in `crop`; `look(y)` is the look of content row `y` (a border,
        padding or outline row's look is its place)."""
        widget = self.widget
        self._check_key()
        gutter = widget.styles.gutter
        outline = widget.styles.outline  # its top and bottom rows hide the content
        first = max(gutter.top, 1 if outline.top[0] else 0)
        end = widget.region.height - max(gutter.bottom, 1 if outline.bottom[0] else 0)
        top = gutter.top
        looks = [look(y - top) if first <= y < end else ("edge", y) for y in crop.line_range]
        kept = self.strips
        lines = [kept.get(row_look) for row_look in looks]
        missing = [i for i, line in enumerate(lines) if line is None]
        if missing:
            for i, strip in self._draw(crop.y, missing):
                lines[i] = kept[looks[i]] = strip
        done = [line for line in lines if line is not None]
        width = widget.region.width
        if crop.column_span != (0, width):
            return [strip.crop(*crop.column_span) for strip in done]
        return done

    def prepare(self, lines: Iterable[tuple[Hashable, Callable[[], Strip]]]) -> int:
        """Finish, ahead of a scroll, content rows not kept yet: each `(look, line)` gives a
        row's look and draws its content strip. Only rows that can be drawn directly are (the
        edges known, the box plain); returns how many were drawn."""
        self._check_key()
        if self._edges is None or not self._plain():
            return 0
        drawn = 0
        for look, line in lines:
            if look not in self.strips:
                self.strips[look] = self._finish(line())
                drawn += 1
        return drawn

    def _check_key(self) -> None:
        """Drop every row if the widget's width, size, box, filters or colours changed (or
        too many rows are kept); note what finishing a row takes."""
        widget = self.widget
        filters = tuple(widget.get_line_filters())
        base_background, background = colours = widget.background_colors
        width = widget.region.width
        key = (width, widget.size, widget.styles.gutter, filters, colours)
        if key != self._key or (self.limit is not None and len(self.strips) > self.limit):
            self.clear()
            self._key = key
            inner = BoxStyle(background=base_background + background).rich_style
            self._finishing = (widget.content_region.width, inner, filters, background, width)

    def _finish(self, line: Strip) -> Strip:
        """A content strip made a finished row: padded to the content width, filtered, between
        the edges (one Strip per row: each builds several caches of its own)."""
        content_width, inner, filters, background, width = self._finishing
        segments = list(line.adjust_cell_length(content_width, inner))
        for line_filter in filters:
            segments = line_filter.apply(segments, background)
        left, right = self._edges or (Strip([]), Strip([]))
        return Strip([*left, *segments, *right], width)

    def _draw(self, top: int, missing: list[int]) -> list[tuple[int, Strip]]:
        """Rows `top + i` for each `i` in `missing`: content rows directly once the edges are
        known, the rest (and the row the edges are learnt from) by Textual in runs."""
        widget = self.widget
        width = widget.region.width
        gutter = widget.styles.gutter
        first_content, end_content = gutter.top, widget.region.height - gutter.bottom
        direct = self._plain()
        drawn: list[tuple[int, Strip]] = []
        stock: list[int] = []
        for i in missing:
            y = top + i
            if not direct or not first_content <= y < end_content:
                stock.append(i)
            elif self._edges is None:
                (row,) = Widget.render_lines(widget, Region(0, y, width, 1))
                self._edges = (row.crop(0, gutter.left), row.crop(width - gutter.right, width))
                drawn.append((i, row))
            else:
                drawn.append((i, self._finish(widget.render_line(y - first_content))))
        start = 0
        while start < len(stock):
            end = start + 1
            while end < len(stock) and stock[end] == stock[end - 1] + 1:
                end += 1
            run = Widget.render_lines(widget, Region(0, top + stock[start], width, end - start))
            drawn.extend(zip(stock[start:end], run, strict=True))
            start = end
        return drawn

    def _plain(self) -> bool:
        """Whether Textual adds nothing to a content row but side edges and line filters."""
        widget = self.widget
        styles = widget.styles
        return not (
            styles.tint.a
            or styles.text_opacity != 1.0
            or widget.opacity != 1.0
            or (styles.has_rule("hatch") and styles.hatch != "none")
            or any(edge[0] for edge in styles.outline)
        )
