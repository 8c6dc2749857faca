"""The relation list (toggled in the side column) and the document label bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from rich.text import Text

from annotator.display import safe_text
from annotator.schema.model import LabelSchema
from annotator.session.edit import EditSession
from annotator.tui.widgets.bars import TextLines, text_look


class RelationList(TextLines):
    """Every relation of the document as `HEAD 'text' SPEAKER → ACTOR 'text'`, the focused one
    reversed and kept in view; hidden until toggled. Only the lines in view are made.

    It lies over the bottom of the article (a layer of its own) instead of taking rows from it:
    showing or hiding it then redraws only its own rows, not the whole screen. The article is
    told how many rows it covers (`outer_rows`), so the cursor is kept above it.
    """

    ROWS = 11  # lines in view: the height less the border
    DEFAULT_CSS = """
    RelationList { layer: overlay; dock: bottom; height: 2; width: 1fr; background: $panel;
                   border-top: solid $primary-darken-2; visibility: hidden; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """Start empty, scrolled to the top."""
        super().__init__(id=id)
        self.top = 0  # the first relation in view
        self.outer_rows = 2  # its height with the border, when it shows

    @property
    def shown(self) -> bool:
        """Whether the list shows. It is hidden by visibility, not display: a widget that leaves
        the layout and comes back shifts the drawing order of every widget beside it, and
        Textual then repaints them all."""
        return self.visible

    @shown.setter
    def shown(self, shown: bool) -> None:
        """Show or hide the list."""
        self.visible = shown

    def show_session(self, session: EditSession) -> None:
        """Show the session's relations in reading order, its focused relation reversed."""
        index = session.links.relation_index()
        focus = session.relation_focus
        focused = index.place.get(focus) if focus is not None else None
        self.show_relations(LazyLines(index.ordered, session.links.head_line), focused)

    def prepare_focus(self, session: EditSession, key: Any) -> int:
        """Draw ahead the lines the list would show with relation `key` focused (returns how
        many were drawn), so that step's frame only looks them up."""
        index = session.links.relation_index()
        focused = index.place.get(key)
        if focused is None:
            return 0
        return self.prepare_lines(LazyLines(index.ordered, session.links.head_line), focused)

    def prepare_lines(self, lines: Sequence[str], focused: int) -> int:
        """Draw ahead the lines `show_relations(lines, focused)` would show (returns how many
        were drawn)."""
        if self.top <= focused < self.top + self.ROWS:  # no scroll: only that line changes
            shown = [Text(f" {safe_text(lines[focused])}", "reverse")]
        else:
            _, shown = self._window(lines, focused)
        return self._finished.prepare(
            (text_look(line), partial(self.draw_text, line)) for line in shown
        )

    def show_relations(self, lines: Sequence[str], focused: int | None) -> None:
        """Show one line per relation, scrolled so the focused one (an index) is in view;
        `lines` may make its items on demand: only those in view are read."""
        if not len(lines):
            self.top = 0
            self.set_lines([Text(" no relations: focus a span, press a relation key", "dim")])
            self._fit(1)
            return
        self.top, shown = self._window(lines, focused)
        self.set_lines(shown)
        self._fit(len(shown))

    def _window(self, lines: Sequence[str], focused: int | None) -> tuple[int, list[Text]]:
        """The first line in view and the lines in view with `focused` (an index) reversed:
        the view moves only when the focused line would leave it, then centres it."""
        rows = self.ROWS
        top = self.top
        if focused is not None and not top <= focused < top + rows:
            top = focused - rows // 2
        top = max(0, min(top, len(lines) - rows))
        shown = []
        for i in range(top, min(len(lines), top + rows)):
            style = "reverse" if i == focused else ""
            shown.append(Text(f" {safe_text(lines[i])}", style))
        return top, shown

    def _fit(self, lines: int) -> None:
        """Take the height of `lines` lines and the border (a change of height alone relayouts)."""
        if self.outer_rows != lines + 1:
            self.outer_rows = lines + 1
            self.styles.height = self.outer_rows


class LazyLines(Sequence[str]):
    """The lines describing some items, each made when first read."""

    def __init__(self, items: Sequence[Any], describe: Callable[[Any], str]) -> None:
        """Lines for `items`, made by `describe`."""
        self.items = items
        self.describe = describe

    def __len__(self) -> int:
        """How many items."""
        return len(self.items)

    def __getitem__(self, i):
        """The line of item `i`."""
        return self.describe(self.items[i])


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
