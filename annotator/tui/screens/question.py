"""A yes/no question over the current screen: `y` or enter says yes, `n` or escape says no."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static


class QuestionScreen(ModalScreen[bool]):
    """Ask one question; dismiss with True (y, enter) or False (n, escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "yes"),
        Binding("n,escape", "answer(False)", "no"),
    ]
    DEFAULT_CSS = """
    QuestionScreen { align: center middle; }
    QuestionScreen > Static {
        width: 80%; max-width: 100; height: auto; padding: 1 2;
        border: thick $error; background: $panel;
    }
    """

    def __init__(self, question: str) -> None:
        """Keep the question text (plain text, no markup)."""
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        """The question and the keys that answer it."""
        yield Static(f"{self.question}\n\ny or enter: yes    n or escape: no", markup=False)

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
