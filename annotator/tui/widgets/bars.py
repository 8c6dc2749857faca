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


class TextLines(Widget):
    """A few fixed lines of Rich text drawn through the Line API; redrawn only when they change.

    A bar changes on most edits (counts, saved indicator), so it must cost a few strips, not a
    pass through Textual's content wrapping.
    """

    def __init__(self, *, id: str | None = None) -> None:
        """Start empty."""
        super().__init__(id=id)
        self.lines: list[Text] = []
        self._strips: dict[int, Strip] = {}
        self._strips_width = 0

    def set_lines(self, lines: list[Text]) -> None:
        """Show new lines (cropped to the width); only lines that changed are redrawn."""
        for y in range(max(len(lines), len(self.lines))):
            old = self.lines[y] if y < len(self.lines) else None
            new = lines[y] if y < len(lines) else None
            if old is None or new is None or _look(old) != _look(new):
                self._strips.pop(y, None)
                self.refresh_line(y)
        self.lines = lines

    def refresh_line(self, y: int) -> None:
        """Repaint one line of the widget."""
        self.refresh(Region(0, y, max(1, self.size.width), 1))

    def notify_style_update(self) -> None:
        """Styles changed: rebuild every strip."""
        super().notify_style_update()
        self._strips.clear()

    def on_resize(self) -> None:
        """The size changed: rebuild every strip and repaint (a frame may have used old strips)."""
        self._strips.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """One line as a strip in the widget's colours."""
        width = self.size.width
        if width != self._strips_width:
            self._strips.clear()
            self._strips_width = width
        strip = self._strips.get(y)
        if strip is not None:
            return strip
        base = self.rich_style
        if y >= len(self.lines):
            strip = Strip.blank(width, base)
        else:
            text = self.lines[y].copy()
            text.truncate(width, overflow="ellipsis")
            console = self.app.console
            line_style = base + console.get_style(text.style) if text.style else base
            segments = [
                Segment(seg.text, line_style + seg.style if seg.style else line_style)
                for seg in text.render(console)
                if seg.text and seg.text != "\n"
            ]
            strip = Strip(segments).adjust_cell_length(width, base)
        self._strips[y] = strip
        return strip


def _look(text: Text) -> tuple:
    """What decides how a line of text looks."""
    return (text.plain, text.spans, text.style)


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
