"""ReviewApp: the terminal app of `annotator review`; composition and wiring only."""

from __future__ import annotations

from textual.app import App

from annotator.tui.bindings import Keymap
from annotator.tui.review_flow import ReviewFlow
from annotator.tui.screens.review import ReviewScreen


class ReviewApp(App[None]):
    """One review screen over a review flow, keys from the same keymap as annotating."""

    CSS_PATH = "app.tcss"
    TITLE = "annotator review"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, flow: ReviewFlow, keymap: Keymap) -> None:
        """Wire the flow and keymap."""
        super().__init__()
        self.flow = flow
        self.keymap = keymap

    def on_mount(self) -> None:
        """Show the review screen."""
        self.push_screen(ReviewScreen.for_schema(self.keymap)(self.flow, self.keymap))
