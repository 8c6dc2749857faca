"""The document label panel: one key per value over the annotation screen."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from annotator.display import safe_text
from annotator.session.edit import EditSession, Plan


class DocLabelPanel(ModalScreen[None]):
    """Each document label with its values and their keys; a key picks (or toggles) its value;
    enter or escape closes."""

    DEFAULT_CSS = """
    DocLabelPanel { align: center middle; }
    DocLabelPanel > Static { width: 72; height: auto; background: $panel;
                             border: round $primary; padding: 0 1; }
    """

    def __init__(
        self, session: EditSession, keys: dict[str, tuple[str, str]], apply: Callable[[Plan], None]
    ) -> None:
        """Pick values for the session's document; `apply` journals and shows each edit."""
        super().__init__()
        self.session = session
        self.keys = keys
        self.apply = apply
        self.note = ""

    def compose(self) -> ComposeResult:
        """The panel text."""
        yield Static(id="choices")

    def on_mount(self) -> None:
        """Draw the panel."""
        self.redraw()

    def redraw(self) -> None:
        """Show each label, its values with keys, the picked ones marked."""
        key_of = {choice: key for key, choice in self.keys.items()}
        text = Text("Document labels\n", style="bold")
        for spec in self.session.schema.doc_labels:
            picked = self.session.doc_labels.get(spec.name, ())
            kind = "several" if spec.multiple else "one"
            required = ", required" if spec.required else ""
            text.append(f" {safe_text(spec.name)} ({kind}{required}):", style="bold")
            for value in spec.values:
                text.append(f"  {key_of.get((spec.name, value), ' ')} ", style="bold")
                mark = "[x]" if value in picked else "[ ]"
                text.append(f"{mark} {safe_text(value)}", style="bold" if value in picked else "")
            text.append("\n")
        text.append("a key picks its value (again: clears)  enter/escape: close", style="dim")
        if self.note:
            text.append(f"\n{self.note}", style="yellow")
        self.query_one("#choices", Static).update(text)

    def on_key(self, event: events.Key) -> None:
        """Pick a value by its key, or close."""
        event.stop()
        event.prevent_default()
        if event.key in ("escape", "enter"):
            self.dismiss(None)
            return
        choice = self.keys.get(event.character or "")
        if choice is None:
            return
        plan = self.session.plan_doc_label(*choice)
        self.apply(plan)
        self.note = plan.message
        self.redraw()
