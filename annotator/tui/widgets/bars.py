"""The label bar (keys, colours, counts) and the status line (position, saved, validation)."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.widgets import Static

from annotator.schema import LabelSchema


class LabelBar(Static):
    """One chip per label: its digit, its key, its colour and how many spans it has."""

    DEFAULT_CSS = "LabelBar { height: 1; width: 1fr; background: $panel; }"
    shown: tuple = ()

    def show_counts(self, schema: LabelSchema, counts: Counter[str], pending: str = "") -> None:
        """Redraw the chips with the current counts (nothing to do when they did not change)."""
        key = (schema.label_names, tuple(counts.get(n, 0) for n in schema.label_names), pending)
        if key == self.shown:
            return
        self.shown = key
        text = Text()
        for i, spec in enumerate(schema.labels, start=1):
            key = f"{i}" + (f"/{spec.key}" if spec.key else "") if i <= 9 else (spec.key or "")
            text.append(f" {key} ", style="bold")
            text.append(
                f" {spec.name} {counts.get(spec.name, 0)} ", style=f"bold #ffffff on {spec.color}"
            )
        if pending:
            text.append(f"  {pending}", style="bold yellow")
        text.append("  ? help", style="dim")
        self.update(text, layout=False)


class StatusLine(Static):
    """Document n of N, answered count, annotator, saved indicator, validation, last message."""

    DEFAULT_CSS = "StatusLine { height: 2; width: 1fr; background: $boost; }"
    shown: tuple = ()

    def show(
        self,
        place: str,
        saved: str,
        validation: str,
        message: str,
        severity: str = "ok",
    ) -> None:
        """Redraw the status line (nothing to do when it did not change)."""
        width = max(10, self.size.width or 100)
        key = (place, saved, validation, message, severity, width)
        if key == self.shown:
            return
        self.shown = key
        top = Text()
        top.append(place, style="bold")
        top.append("  ")
        top.append(saved, style="green" if saved.startswith("saved") else "bold red")
        top.append("  ")
        top.append(message or "", style="italic")
        top.truncate(width, overflow="ellipsis")
        colour = {"ok": "green", "warning": "yellow", "error": "bold red"}.get(severity, "")
        bottom = Text(validation, style=colour)
        bottom.truncate(width, overflow="ellipsis")
        self.update(Text("\n").join([top, bottom]), layout=False)
