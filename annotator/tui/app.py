"""AnnotatorApp: composition and wiring only; the annotation screen does the work."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from annotator.tui.bindings import Keymap
from annotator.tui.flow import TaskFlow
from annotator.tui.screens.annotate import AnnotateScreen


class AnnotatorApp(App[None]):
    """The terminal app: one annotation screen over a task flow, keys from the keymap."""

    CSS_PATH = "app.tcss"
    TITLE = "annotator"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, flow: TaskFlow, keymap: Keymap, screenshot: Path | None = None) -> None:
        """Wire the flow and keymap; optionally save an SVG of the first screen and quit."""
        super().__init__()
        self.flow = flow
        self.keymap = keymap
        self.screenshot = screenshot

    def on_mount(self) -> None:
        """Show the annotation screen."""
        self.push_screen(AnnotateScreen.for_schema(self.keymap)(self.flow, self.keymap))
        if self.screenshot is not None:
            self.set_timer(0.5, self._save_screenshot)

    def _save_screenshot(self) -> None:
        """Write the current screen as SVG (used for the README), then quit."""
        assert self.screenshot is not None
        self.save_screenshot(self.screenshot.name, str(self.screenshot.parent))
        self.exit()
