"""The relation list (toggled in the side column) and the document label bar."""

from __future__ import annotations

from rich.text import Text

from annotator.display import safe_text
from annotator.schema.model import LabelSchema
from annotator.session.edit import EditSession
from annotator.tui.widgets.bars import TextLines


class RelationList(TextLines):
    """Every relation of the document as `HEAD 'text' SPEAKER → ACTOR 'text'`, the focused one
    reversed; hidden until toggled."""

    DEFAULT_CSS = """
    RelationList { height: auto; max-height: 12; width: 1fr; background: $panel;
                   border-top: solid $primary-darken-2; display: none; }
    """

    def show_session(self, session: EditSession) -> None:
        """Show the session's relations in reading order, its focused relation reversed."""
        ordered = session.links.ordered_relations()
        keys = [r.key for r in ordered]
        focus = session.relation_focus
        focused = keys.index(focus) if focus is not None and focus in keys else None
        self.show_relations([session.links.head_line(r) for r in ordered], focused)

    def show_relations(self, lines: list[str], focused: int | None) -> None:
        """Show one line per relation; `focused` is the index of the focused one."""
        if not lines:
            self.set_lines([Text(" no relations: focus a span, press a relation key", "dim")])
            return
        shown = []
        for i, line in enumerate(lines):
            style = "reverse" if i == focused else ""
            shown.append(Text(f" {safe_text(line)}", style))
        self.set_lines(shown)
        self.styles.height = min(12, len(shown) + 1)


class DocLabelBar(TextLines):
    """One line: each document label with its values, one key per value, the picked ones bold;
    shown once a value is picked or a required label is still empty."""

    DEFAULT_CSS = "DocLabelBar { height: 1; width: 1fr; background: $panel; }"

    def show_choices(
        self, schema: LabelSchema, picked: dict[str, tuple[str, ...]], keys: dict[str, tuple]
    ) -> None:
        """Redraw with the picked values; `keys` maps a key to its (label, value)."""
        missing = any(spec.required and not picked.get(spec.name) for spec in schema.doc_labels)
        self.display = bool(schema.doc_labels) and (bool(picked) or missing)
        if not self.display:
            return
        key_of = {choice: key for key, choice in keys.items()}
        text = Text(" D ", style="bold")
        for spec in schema.doc_labels:
            mark = "*" if spec.required and not picked.get(spec.name) else ""
            text.append(f" {safe_text(spec.name)}{mark}:", style="bold")
            for value in spec.values:
                chosen = value in picked.get(spec.name, ())
                key = key_of.get((spec.name, value), "")
                style = "bold reverse" if chosen else "dim"
                text.append(f" {key}", style="bold")
                text.append(f" {safe_text(value)} ", style=style)
        self.set_lines([text])


def doc_label_keys(schema: LabelSchema) -> dict[str, tuple[str, str]]:
    """One key per document label value: 1-9 then a-z, in schema order."""
    keys = [*"123456789", *"abcdefghijklmnopqrstuvwxyz"]
    pairs = [(spec.name, value) for spec in schema.doc_labels for value in spec.values]
    return dict(zip(keys, pairs, strict=False))
