"""Search prompt: a one-line regular expression input that returns the pattern (or None)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class SearchScreen(ModalScreen[str | None]):
    """Ask for a regular expression; enter searches, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel search")]
    DEFAULT_CSS = """
    SearchScreen { align: center bottom; }
    SearchScreen > Label { width: 100%; background: $panel; }
    SearchScreen > Input { width: 100%; }
    """

    def __init__(self, last: str = "") -> None:
        """Start with the last pattern filled in."""
        super().__init__()
        self.last = last

    def compose(self) -> ComposeResult:
        """A hint and the input."""
        yield Label("search (regular expression; lower case ignores case): enter / escape")
        yield Input(value=self.last, placeholder="regex", id="pattern")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return the pattern."""
        self.dismiss(event.value or None)

    def action_cancel(self) -> None:
        """Return nothing."""
        self.dismiss(None)
