"""The attribute form: a focused span's attributes edited by keyboard over the annotation screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from annotator.display import safe_text
from annotator.session.edit import EditSession, Plan
from annotator.session.plan import SpanKey

VALUE_KEYS = "abcdefghijklmnopqrstuvw"  # enum values, in the order the schema lists them


class AttributeForm(ModalScreen[None]):
    """Digits pick an attribute: bool toggles, enum waits for a value letter, numbers and text
    are typed (enter sets); y accepts every suggested value; x clears; escape closes."""

    DEFAULT_CSS = """
    AttributeForm { align: center middle; }
    AttributeForm > #form { width: 72; height: auto; background: $panel;
                            border: round $primary; padding: 0 1; }
    AttributeForm > Input { width: 72; display: none; }
    """

    def __init__(self, session: EditSession, apply: Callable[[Plan], None]) -> None:
        """Edit the attributes of the session's acted-on span; `apply` journals and shows edits."""
        super().__init__()
        self.session = session
        self.apply = apply
        self.key: SpanKey | None = session.acted_on()
        self.chosen: int | None = None  # index of the attribute waiting for a value
        self.note = ""

    def compose(self) -> ComposeResult:
        """The form text and a hidden input for typed values."""
        yield Static(id="form")
        yield Input(id="value")

    def on_mount(self) -> None:
        """Draw the form; keys go to the form until a typed value is asked for."""
        self._typing(False)
        self.redraw()

    def _typing(self, on: bool) -> None:
        """Show and focus the value input, or hide it and give the keys back to the form."""
        value_input = self.query_one("#value", Input)
        value_input.display = on
        value_input.can_focus = on
        if on:
            value_input.focus()
        else:
            self.set_focus(None)

    @property
    def specs(self) -> tuple[Any, ...]:
        """The attributes the span's label declares."""
        return self.session.attribute_specs(self.key) if self.key else ()

    def redraw(self) -> None:
        """Show each attribute, its value, the suggested value and whether it is missing."""
        form = self.query_one("#form", Static)
        session = self.session
        if self.key is None or self.key not in session.spans:
            form.update("No span focused: press tab to focus one, then A. escape closes.")
            return
        span = session.spans[self.key]
        suggested = session.attribute_suggestions(self.key)
        text = Text(f"{span.label} {safe_text(span.text)!r}\n", style="bold")
        if not self.specs:
            text.append(f"{span.label} declares no attributes.\n", style="dim")
        for i, spec in enumerate(self.specs, start=1):
            chosen = self.chosen == i - 1
            text.append(f" {i} ", style="bold reverse" if chosen else "bold")
            text.append(f" {spec.name} ({spec.type}) = ")
            if spec.name in span.attrs:
                text.append(repr(span.attrs[spec.name]), style="bold")
            else:
                missing = "missing (required)" if spec.required else "unset"
                text.append(missing, style="bold red" if spec.required else "dim")
            if spec.name in suggested:
                text.append(f"   suggested {suggested[spec.name]!r}", style="green")
            if spec.type == "enum":
                values = " ".join(
                    f"{k}) {v}" for k, v in zip(VALUE_KEYS, spec.values, strict=False)
                )
                text.append(f"\n     {values}", style="bold" if chosen else "dim")
            text.append("\n")
        text.append(
            "digit: pick (bool toggles)  y: accept suggested  x: clear picked  escape: close",
            style="dim",
        )
        if self.note:
            text.append(f"\n{self.note}", style="yellow")
        form.update(text)

    def _do(self, plan: Plan) -> None:
        """Apply an edit through the screen and redraw the form."""
        self.apply(plan)
        if plan.op is not None and self.key is not None:
            self.key = self.session.focus or self.key
        self.note = plan.message
        self.redraw()

    def on_key(self, event: events.Key) -> None:
        """Keys of the form; typed values go to the input while it is shown."""
        value_input = self.query_one("#value", Input)
        if value_input.display:
            if event.key == "escape":
                self._typing(False)
                self.chosen = None
                event.stop()
                self.redraw()
            return
        event.stop()
        event.prevent_default()
        if event.key == "escape":
            self.dismiss(None)
            return
        if self.key is None or self.key not in self.session.spans:
            return
        self.session.focus = self.key
        char = event.character or ""
        specs = self.specs
        if self.chosen is not None and specs[self.chosen].type == "enum" and char in VALUE_KEYS:
            spec = specs[self.chosen]
            index = VALUE_KEYS.index(char)
            if index < len(spec.values):
                self.chosen = None
                self._do(self.session.plan_set_attribute(spec.name, spec.values[index]))
            return
        if char.isdigit() and 0 < int(char) <= len(specs):
            self._pick(int(char) - 1)
        elif char == "y":
            self._do(self.session.plan_accept_attributes())
        elif char == "x" and self.chosen is not None:
            name = specs[self.chosen].name
            self.chosen = None
            self._do(self.session.plan_set_attribute(name, None))

    def _pick(self, index: int) -> None:
        """Pick an attribute: toggle a bool, wait for an enum letter, or open the input."""
        spec = self.specs[index]
        if self.key is None:
            return
        attrs = self.session.spans[self.key].attrs
        if spec.type == "bool":
            self.chosen = None
            self._do(self.session.plan_set_attribute(spec.name, not attrs.get(spec.name, False)))
            return
        self.chosen = index
        if spec.type != "enum":
            value_input = self.query_one("#value", Input)
            start = self.session.attribute_suggestions(self.key).get(
                spec.name, attrs.get(spec.name)
            )
            value_input.value = "" if start is None else _plain(start)
            self._typing(True)
        self.note = f"{spec.name}: " + ("press a value letter" if spec.type == "enum" else "type")
        self.redraw()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Set the picked attribute to the typed value (checked against its type)."""
        event.stop()
        self._typing(False)
        if self.chosen is None:
            return
        spec = self.specs[self.chosen]
        self.chosen = None
        self.session.focus = self.key
        typed = event.value.strip()
        self._do(self.session.plan_set_attribute(spec.name, typed if typed else None))


def _plain(value: Any) -> str:
    """A value as the text to start typing from (200.0 shows as 200)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
