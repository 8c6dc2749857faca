"""Help screen generated from the keymap registry and the schema's descriptions and examples."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.widgets import Static

from annotator.display import safe_lines, safe_text
from annotator.schema.model import LabelSchema
from annotator.tui.bindings import Keymap
from annotator.tui.screens.scrolling import ScrollingModal


def keys_table(keymap: Keymap) -> Table:
    """Every action with its keys, grouped as in the registry."""
    table = Table(title="Keys", expand=True, show_edge=False)
    table.add_column("group", style="dim", no_wrap=True)
    table.add_column("keys", style="bold cyan", no_wrap=True)
    table.add_column("what it does")
    for action in keymap.actions:
        keys = ", ".join(format_key(k) for k in action.keys)
        table.add_row(action.group, keys, action.description)
    labels = ", ".join(f"{format_key(k)}={v}" for k, v in keymap.label_keys.items())
    table.add_row("Label", "", f"apply a label to the selection or cursor token: {labels}")
    if keymap.relation_keys:
        links = ", ".join(f"{format_key(k)}={v}" for k, v in keymap.relation_keys.items())
        table.add_row(
            "Relation", "", f"link the focused span to the next one you focus (enter): {links}"
        )
    return table


def guidelines(schema: LabelSchema) -> Text:
    """Each label's description, examples and counter-examples."""
    text = Text()
    text.append(safe_text(f"\n{schema.name} {schema.version}") + "\n", style="bold underline")
    if schema.description:
        text.append(safe_lines(schema.description) + "\n")
    for i, spec in enumerate(schema.labels, start=1):
        key = f" (key {spec.key})" if spec.key else ""
        text.append(f"\n {safe_text(spec.name)} ", style=f"bold #ffffff on {spec.color}")
        text.append(f"  {i}{key}\n", style="bold")
        text.append(safe_lines(spec.description) + "\n")
        if spec.examples:
            text.append("  examples: ", style="green")
            text.append(safe_text("; ".join(spec.examples)) + "\n")
        if spec.counter_examples:
            text.append("  not: ", style="red")
            text.append(safe_text("; ".join(spec.counter_examples)) + "\n")
    return text


CLOSE_HINT = "Press escape, q or ? to close this help (arrows and page keys scroll it)."


class HelpScreen(ScrollingModal):
    """Keys and labelling guidelines, one key away; any of escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "close help")
    ]

    def __init__(self, keymap: Keymap, schema: LabelSchema) -> None:
        """Build from the live keymap (with overrides) and schema."""
        super().__init__()
        self.keymap = keymap
        self.schema = schema

    def compose(self) -> ComposeResult:
        """Keys first, then the guidelines."""
        with VerticalScroll():
            yield Static(CLOSE_HINT, id="close-hint")
            yield Static(keys_table(self.keymap))
            yield Static(guidelines(self.schema))
