"""The label bar (keys, colours, counts) and the status line (position, saved, validation)."""

from __future__ import annotations

from collections import Counter

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from annotator.display import safe_text
from annotator.errors import Errors, Issue
from annotator.schema.model import LabelSchema
from annotator.session.edit import EditSession
from annotator.session.plan import SpanKey
from annotator.tui.widgets.kept import KeptRows


class TextLines(Widget):
    """A few fixed lines of Rich text drawn through the Line API; redrawn only when they change.

    A bar changes on most edits (counts, saved indicator), so it must cost a few strips, not a
    pass through Textual's content wrapping. Finished strips (border and styles applied) are
    kept by what a line shows, so a line shown before, at any row, is not drawn again: a list
    that scrolls (the relation list) draws only the lines new to it.
    """

    KEPT_STRIPS = 256  # finished strips kept for lines shown before; all are dropped past this

    def __init__(self, *, id: str | None = None) -> None:
        """Start empty."""
        super().__init__(id=id)
        self.lines: list[Text] = []
        self._finished = KeptRows(self, limit=self.KEPT_STRIPS)

    def set_lines(self, lines: list[Text]) -> None:
        """Show new lines (cropped to the width); only lines that changed are redrawn."""
        top = self.styles.gutter.top
        for y in range(max(len(lines), len(self.lines))):
            old = self.lines[y] if y < len(self.lines) else None
            new = lines[y] if y < len(lines) else None
            if old is None or new is None or text_look(old) != text_look(new):
                self.refresh_line(top + y)
        self.lines = lines

    def refresh_line(self, y: int) -> None:
        """Repaint one row of the widget (a border row counts)."""
        self.refresh(Region(0, y, max(1, self.size.width), 1))

    def line_look(self, line: int) -> tuple:
        """What decides how content row `line` looks."""
        return text_look(self.lines[line]) if line < len(self.lines) else ("blank",)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The rows in `crop`, each finished strip re-used while the line it shows is the same."""
        return self._finished.rows(crop, self.line_look)

    def notify_style_update(self) -> None:
        """Styles changed: rebuild every strip."""
        super().notify_style_update()
        self._finished.clear()

    def on_resize(self) -> None:
        """The size changed: repaint (strips of another size are not used: their key differs)."""
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """One line's content as a strip in the widget's colours (the border is drawn around it)."""
        if y >= len(self.lines):
            return Strip.blank(self.size.width, self.rich_style)
        return self.draw_text(self.lines[y])

    def draw_text(self, line: Text) -> Strip:
        """A line of text as a content strip in the widget's colours, cut to the width."""
        width = self.size.width
        base = self.rich_style
        text = line.copy()
        text.truncate(width, overflow="ellipsis")
        console = self.app.console
        line_style = base + console.get_style(text.style) if text.style else base
        segments = [
            Segment(seg.text, line_style + seg.style if seg.style else line_style)
            for seg in text.render(console)
            if seg.text and seg.text != "\n"
        ]
        return Strip(segments).adjust_cell_length(width, base)


def text_look(text: Text) -> tuple:
    """What decides how a line of text looks."""
    return (text.plain, tuple(text.spans), text.style)


class LabelBar(TextLines):
    """One chip per label: its digit, its key, its colour and how many spans it has."""

    DEFAULT_CSS = "LabelBar { height: 1; width: 1fr; background: $panel; }"

    def show_counts(self, schema: LabelSchema, counts: Counter[str], pending: str = "") -> None:
        """Redraw the chips with the current counts."""
        text = Text()
        for i, spec in enumerate(schema.labels, start=1):
            key = f"{i}" + (f"/{spec.key}" if spec.key else "") if i <= 9 else (spec.key or "")
            text.append(f" {key} ", style="bold")
            text.append(
                f" {safe_text(spec.name)} {counts.get(spec.name, 0)} ",
                style=f"bold #ffffff on {spec.color}",
            )
        if pending:
            text.append(f"  {pending}", style="bold yellow")
        text.append("  ? help", style="dim")
        self.set_lines([text])


class StatusLine(TextLines):
    """Document n of N, answered count, annotator, saved indicator, validation, last message."""

    DEFAULT_CSS = "StatusLine { height: 2; width: 1fr; background: $boost; }"

    def show(
        self,
        place: str,
        saved: str,
        validation: str,
        message: str,
        severity: str = "ok",
    ) -> None:
        """Redraw the status line (every part made safe: they quote titles, labels and spans)."""
        top = Text()
        top.append(safe_text(place), style="bold")
        top.append("  ")
        top.append(safe_text(saved), style="green" if saved.startswith("saved") else "bold red")
        top.append("  ")
        top.append(safe_text(message or ""), style="italic")
        colour = {"ok": "green", "warning": "yellow", "error": "bold red"}.get(severity, "")
        self.set_lines([top, Text(safe_text(validation), style=colour)])


class ProblemSummary:
    """The status line's account of one validation: counts per code, made once, then the focused
    span's problem (else the first) in words, picked on every key."""

    def __init__(self, found: list[tuple[Issue, SpanKey | None]]) -> None:
        """Count the problems `found` (each with its span's key, if any)."""
        self.found = found
        self.errors = sum(1 for issue, _ in found if issue.severity == "error")
        counts = Counter(issue.code for issue, _ in found)
        self.per_code = " ".join(f"{code}x{n}" for code, n in sorted(counts.items()))
        self.first_of: dict[SpanKey, Issue] = {}
        for issue, key in found:
            if key is not None:
                self.first_of.setdefault(key, issue)

    def line(self, session: EditSession) -> tuple[str, str]:
        """The summary and its severity, naming the focused span's problem if it has one."""
        found = self.found
        if not found:
            return ("valid", "ok")
        focus = session.focus
        shown = self.first_of.get(focus) if focus is not None else None
        key = focus
        if shown is None:
            shown, key = found[0]
        words = shown.message
        if shown.kind is Errors.E301 and shown.hint and key:
            # A must_match miss reads better as the rule's description than as its regex.
            words = f"{key[2]} {session.doc.text[key[0] : key[1]]!r} does not fit {shown.hint}"
        errors = self.errors
        counted = f"{errors} error(s), " if errors else ""
        summary = (
            f"{counted}{len(found) - errors} warning(s) [{self.per_code}] "
            f"{shown.code} {words} (spans marked ! in the panel)"
        )
        return (summary, "error" if errors else "warning")
