"""A compositor that renders only the dirty rows of each widget in a partial screen update.

Textual 8.2.8's compositor asks every widget that overlaps the bounding box of the dirty regions
for all of its lines, then throws away the lines outside the dirty rows. On the annotation screen
that means one changed row of the article re-renders the screen, its container, the span panel,
both scrollbars, the label bar and the status line on every key. This subclass asks each widget
only for the rows of the dirty regions that touch it, and skips a widget whose dirty part lies
inside a part already drawn in front of it (the first widget drawn wins each piece of a line).
The bytes sent to the terminal are the same (a test compares them with the stock compositor's),
because Textual only writes the dirty spans.
It relies on Textual internals (named in tui/compat.py), which is why Textual is pinned exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.geometry import Region
from textual.strip import Strip

from annotator.tui.compat import ChopsUpdate, Compositor, dirty_regions


class DirtyRowCompositor(Compositor):
    """Partial updates render, per widget, only the rows of the dirty regions overlapping it."""

    def __init__(self) -> None:
        """A compositor with no partial update in progress."""
        super().__init__()
        self._updating: list[Region] | None = None

    def render_partial_update(self) -> ChopsUpdate | None:
        """Keep the dirty regions at hand while the stock method renders the update."""
        self._updating = dirty_regions(self)
        try:
            return super().render_partial_update()
        finally:
            self._updating = None

    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        """Each widget's lines for just the dirty rows it shows (all of them outside an update)."""
        regions = self._updating
        if regions is None or crop is None:
            yield from super()._get_renders(crop)
            return
        drawn: list[Region] = []  # parts already yielded: they win every chop they cover
        for widget, (region, clip) in self.visible_widgets.items():
            shown = region.intersection(clip)
            rows = [r.intersection(shown) for r in regions if r.overlaps(shown)]
            if not rows or all(any(d.contains_region(r) for d in drawn) for r in rows):
                continue
            top = min(r.y for r in rows)
            bottom = max(r.bottom for r in rows)
            part = Region(shown.x, top, shown.width, bottom - top)
            strips = widget.render_lines(
                Region(part.x - region.x, part.y - region.y, part.width, part.height)
            )
            drawn.append(part)
            yield region, part, strips
