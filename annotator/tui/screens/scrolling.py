"""A centred modal of scrolling text, closed with its own keys; j/k or arrows scroll it."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen


class ScrollingModal(ModalScreen[None]):
    """A modal whose content sits in one VerticalScroll; subclasses add their dismiss binding."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll(1)", show=False),
        Binding("k,up", "scroll(-1)", show=False),
    ]
    DEFAULT_CSS = """
    ScrollingModal { align: center middle; }
    ScrollingModal > VerticalScroll { width: 95%; height: 95%; border: thick $primary; background: $surface; }
    """

    def action_scroll(self, delta: int) -> None:
        """Scroll the content by `delta` lines."""
        self.query_one(VerticalScroll).scroll_relative(y=delta, animate=False)
