"""A compositor that renders only the dirty rows of each widget in a partial screen update.

Textual 8.2.8's compositor asks every widget that overlaps the bounding box of the dirty regions
for all of its lines, then throws away the lines outside the dirty rows. On the annotation screen
that means one changed row of the article re-renders the screen, its container, the span panel,
both scrollbars, the label bar and the status line on every key. This subclass asks each widget
only for the rows of the dirty regions that touch it, and only for those of its lines that the
widgets drawn in front of it leave showing (the first widget drawn wins each piece of a line):
the containers behind the panes, and a pane's rows under the relation list, are not drawn.
The bytes sent to the terminal are the same (a test compares them with the stock compositor's),
because Textual only writes the dirty spans.
It relies on Textual internals (named in tui/compat.py), which is why Textual is pinned exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

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
            near = [d for d in drawn if d.overlaps(shown)]
            bands = [
                band
                for r in regions
                if r.overlaps(shown)
                and (band := uncovered_lines(r.intersection(shown), near)) is not None
            ]
            if not bands:
                continue
            top = min(first for first, _ in bands)
            bottom = max(end for _, end in bands)
            part = Region(shown.x, top, shown.width, bottom - top)
            strips = widget.render_lines(
                Region(part.x - region.x, part.y - region.y, part.width, part.height)
            )
            drawn.append(part)
            yield region, part, strips


def uncovered_lines(area: Region, drawn: list[Region]) -> tuple[int, int] | None:
    """The first and past-the-last line of `area` that the regions in `drawn` do not cover
    between them (None: every line is covered), so a widget behind them (a container, a pane
    under an overlay) is not drawn where nothing of it would show."""
    if any(d.contains_region(area) for d in drawn):
        return None
    over = [d for d in drawn if d.overlaps(area)]
    edges = sorted({area.y, area.bottom, *(d.y for d in over), *(d.bottom for d in over)})
    first = end = None
    for y, next_y in pairwise(edges):  # bands of lines covered by the same regions
        if not area.y <= y < area.bottom:
            continue
        spans = sorted((d.x, d.right) for d in over if d.y <= y < d.bottom)
        reach = area.x
        for left, right in spans:
            if left > reach:
                break
            reach = max(reach, right)
        if reach < area.right:
            first = y if first is None else first
            end = min(next_y, area.bottom)
    return None if first is None or end is None else (first, end)
