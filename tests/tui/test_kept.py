"""KeptRows: every finished row is what Textual itself draws, whatever the box around it (borders,
padding, tint, opacity), and rows seen before are not drawn again."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from annotator.tui.widgets.kept import KeptRows

BOXES = [
    "",
    "border-left: solid red;",
    "border: round green; padding: 1 2;",
    "border-top: heavy blue; border-right: tall yellow; padding: 0 1 2 3;",
    "border: solid red; tint: magenta 40%;",  # Textual must draw these rows itself
    "padding: 1; opacity: 70%;",
    "outline: solid white;",
]


class Lines(Widget):
    """A Line-API widget showing numbered lines from an offset, its rows kept by KeptRows."""

    def __init__(self, box: str) -> None:
        """Lines 0.. in a box styled by `box`."""
        super().__init__()
        self.box = box
        self.first = 0
        self.drawn: list[int] = []
        self.kept = KeptRows(self)

    def on_mount(self) -> None:
        """Apply the box under test."""
        self.set_styles(f"height: 9; width: 30; background: #202040; {self.box}")

    def render_line(self, y: int) -> Strip:
        """Line `first + y`: a coloured number and some plain text, shorter than the width."""
        line = self.first + y
        self.drawn.append(line)
        return Strip(
            [
                Segment(f"{line:>3}", Style(color="#ff8800", bold=line % 2 == 0)),
                Segment(" line", Style(dim=True)),
            ]
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        """Rows kept by the line each shows."""
        return self.kept.rows(crop, lambda y: self.first + y)


class Host(App[None]):
    """One Lines widget."""

    def __init__(self, box: str) -> None:
        """Host a Lines widget in `box`."""
        super().__init__()
        self.box = box

    def compose(self) -> ComposeResult:
        """The widget under test."""
        yield Lines(self.box)


def rows(widget: Lines, crop: Region) -> list[list[Segment]]:
    """The widget's rows in `crop` through its kept rows."""
    return [list(strip) for strip in widget.render_lines(crop)]


def stock(widget: Lines, crop: Region) -> list[list[Segment]]:
    """The same rows drawn from scratch by Textual's own line path."""
    widget.refresh()  # drops Textual's line cache
    return [list(strip) for strip in Widget.render_lines(widget, crop)]


@pytest.mark.parametrize("box", BOXES)
async def test_kept_rows_are_textuals_own_in_every_box(box):
    app = Host(box)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        widget = app.query_one(Lines)
        whole = Region(0, 0, *widget.region.size)
        assert rows(widget, whole) == stock(widget, whole)
        widget.first = 5  # a scroll: some lines new, some seen before
        widget.refresh()  # as a scroll does (Textual keeps its own rows by screen row)
        assert rows(widget, whole) == stock(widget, whole)
        part = Region(2, 1, widget.region.width - 4, 3)  # a crop inside the box
        assert rows(widget, part) == stock(widget, part)


async def test_kept_rows_draw_only_lines_new_to_the_widget():
    app = Host("border: round green; padding: 1 2;")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        widget = app.query_one(Lines)
        whole = Region(0, 0, *widget.region.size)
        widget.render_lines(whole)
        widget.first = 3
        widget.drawn.clear()
        widget.render_lines(whole)
        content_rows = widget.region.height - 4  # two border rows, two padding rows
        assert sorted(widget.drawn) == list(range(content_rows, content_rows + 3))
        widget.first = 0
        widget.drawn.clear()
        widget.render_lines(whole)
        assert widget.drawn == []  # every line back in view was kept


async def test_kept_rows_are_dropped_when_the_widget_restyles():
    app = Host("border-left: solid red;")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        widget = app.query_one(Lines)
        widget.render_lines(Region(0, 0, *widget.region.size))
        widget.set_styles("border-left: heavy blue; padding: 0 1;")
        await pilot.pause()
        whole = Region(0, 0, *widget.region.size)
        assert rows(widget, whole) == stock(widget, whole)
