"""The attribute form: the attributes of a focused span, or of the relation focused in the
relation list, edited by keyboard over the annotation screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from annotator.display import safe_text
from annotator.records.models import Relation
from annotator.schema.model import AttributeSpec
from annotator.session.edit import EditSession, Plan
from annotator.session.plan import RelationKey, SpanKey

VALUE_KEYS = "abcdefghijklmnopqrstuvw"  # enum values, in the order the schema lists them


class SpanAttributes:
    """What the form edits: the attributes of one span."""

    def __init__(self, session: EditSession, key: SpanKey | None) -> None:
        """The span `key` of `session`."""
        self.session = session
        self.key = key

    def exists(self) -> bool:
        """Whether the span is still there."""
        return self.key is not None and self.key in self.session.spans

    def title(self) -> str:
        """`ACTOR 'President William Ruto'`."""
        span = self.session.spans[self.key] if self.key else None
        return f"{span.label} {safe_text(span.text)!r}" if span else ""

    def owner(self) -> str:
        """The span's label."""
        return self.key[2] if self.key else ""

    def specs(self) -> tuple[AttributeSpec, ...]:
        """The attributes the span's label declares."""
        return self.session.attribute_specs(self.key) if self.key else ()

    def attrs(self) -> dict[str, Any]:
        """The span's attributes."""
        return dict(self.session.spans[self.key].attrs) if self.exists() and self.key else {}

    def suggestions(self) -> dict[str, Any]:
        """Values the label's suggesters read from the span's text."""
        return self.session.attribute_suggestions(self.key) if self.key else {}

    def plan_set(self, name: str, value: Any) -> Plan:
        """Set (None: clear) one attribute."""
        self.session.focus = self.key
        return self.session.plan_set_attribute(name, value)

    def plan_accept(self) -> Plan:
        """Set every suggested value."""
        self.session.focus = self.key
        return self.session.plan_accept_attributes()

    def follow(self) -> None:
        """After an edit: the span's key is the focused one (an edit keeps the span focused)."""
        self.key = self.session.focus or self.key


class RelationAttributes:
    """What the form edits: the attributes of one relation."""

    def __init__(self, session: EditSession, key: RelationKey | None) -> None:
        """The relation `key` of `session`."""
        self.session = session
        self.key = key

    def relation(self) -> Relation | None:
        """The relation, if it is still there."""
        return self.session.relations.get(self.key) if self.key else None

    def exists(self) -> bool:
        """Whether the relation is still there."""
        return self.relation() is not None

    def title(self) -> str:
        """`QUOTE 'text' SPEAKER → ACTOR 'text'`."""
        relation = self.relation()
        return safe_text(self.session.links.head_line(relation)) if relation else ""

    def owner(self) -> str:
        """The relation's type."""
        return self.key[2] if self.key else ""

    def specs(self) -> tuple[AttributeSpec, ...]:
        """The attributes the relation's type declares."""
        relation = self.relation()
        return self.session.links.attribute_specs(relation) if relation else ()

    def attrs(self) -> dict[str, Any]:
        """The relation's attributes."""
        relation = self.relation()
        return dict(relation.attrs) if relation else {}

    def suggestions(self) -> dict[str, Any]:
        """None: nothing reads a relation's attributes from text."""
        return {}

    def plan_set(self, name: str, value: Any) -> Plan:
        """Set (None: clear) one attribute."""
        self.session.relation_focus = self.key
        return self.session.links.plan_set_attribute(name, value)

    def plan_accept(self) -> Plan:
        """Nothing to accept."""
        return Plan(None, "relations have no suggested attributes")

    def follow(self) -> None:
        """After an edit: the relation keeps its key (its ends and type are the same)."""


Edited = SpanAttributes | RelationAttributes


class AttributeForm(ModalScreen[None]):
    """Digits pick an attribute: bool toggles, enum waits for a value letter, numbers and text
    are typed (enter sets); y accepts every suggested value; x clears; escape closes."""

    DEFAULT_CSS = """
    AttributeForm { align: center middle; }
    AttributeForm > #form { width: 72; height: auto; background: $panel;
                            border: round $primary; padding: 0 1; }
    AttributeForm > Input { width: 72; display: none; }
    """

    def __init__(
        self, session: EditSession, apply: Callable[[Plan], None], edited: Edited | None = None
    ) -> None:
        """Edit the attributes of `edited` (default: the session's acted-on span); `apply`
        journals and shows edits."""
        super().__init__()
        self.session = session
        self.apply = apply
        self.edited: Edited = edited or SpanAttributes(session, session.acted_on())
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
    def specs(self) -> tuple[AttributeSpec, ...]:
        """The attributes the span's label (or the relation's type) declares."""
        return self.edited.specs()

    def redraw(self) -> None:
        """Show each attribute, its value, the suggested value and whether it is missing."""
        form = self.query_one("#form", Static)
        edited = self.edited
        if not edited.exists():
            form.update("No span focused: press tab to focus one, then A. escape closes.")
            return
        attrs = edited.attrs()
        suggested = edited.suggestions()
        text = Text(f"{edited.title()}\n", style="bold")
        if not self.specs:
            text.append(f"{edited.owner()} declares no attributes.\n", style="dim")
        for i, spec in enumerate(self.specs, start=1):
            chosen = self.chosen == i - 1
            text.append(f" {i} ", style="bold reverse" if chosen else "bold")
            text.append(f" {spec.name} ({spec.type}) = ")
            if spec.name in attrs:
                text.append(repr(attrs[spec.name]), style="bold")
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
        if plan.op is not None:
            self.edited.follow()
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
        if not self.edited.exists():
            return
        char = event.character or ""
        specs = self.specs
        if self.chosen is not None and specs[self.chosen].type == "enum" and char in VALUE_KEYS:
            spec = specs[self.chosen]
            index = VALUE_KEYS.index(char)
            if index < len(spec.values):
                self.chosen = None
                self._do(self.edited.plan_set(spec.name, spec.values[index]))
            return
        if char.isdigit() and 0 < int(char) <= len(specs):
            self._pick(int(char) - 1)
        elif char == "y":
            self._do(self.edited.plan_accept())
        elif char == "x" and self.chosen is not None:
            name = specs[self.chosen].name
            self.chosen = None
            self._do(self.edited.plan_set(name, None))

    def _pick(self, index: int) -> None:
        """Pick an attribute: toggle a bool, wait for an enum letter, or open the input."""
        spec = self.specs[index]
        attrs = self.edited.attrs()
        if spec.type == "bool":
            self.chosen = None
            self._do(self.edited.plan_set(spec.name, not attrs.get(spec.name, False)))
            return
        self.chosen = index
        if spec.type != "enum":
            value_input = self.query_one("#value", Input)
            start = self.edited.suggestions().get(spec.name, attrs.get(spec.name))
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
        typed = event.value.strip()
        self._do(self.edited.plan_set(spec.name, typed if typed else None))


def _plain(value: Any) -> str:
    """A value as the text to start typing from (200.0 shows as 200)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
