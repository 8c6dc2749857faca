"""Rich renderables of dataset statistics, shared by `annotator stats` and the TUI stats screen.

Names from data are made safe and wrapped in `Text`, so no markup or control character in them
reaches either terminal.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from annotator.display import safe_text
from annotator.records.models import ANSWERS
from annotator.stats.figures import DatasetStats

BAR_WIDTH = 40


def bar_chart(counts: dict[str, int], width: int = BAR_WIDTH) -> Table:
    """A horizontal bar chart of counts, longest bar `width` cells."""
    chart = Table(show_header=False, box=None, pad_edge=False)
    chart.add_column(justify="left")
    chart.add_column(justify="right")
    chart.add_column(justify="left")
    top = max(counts.values(), default=0)
    for name, count in counts.items():
        cells = round(width * count / top) if top else 0
        chart.add_row(Text(safe_text(name)), str(count), "█" * max(cells, 1 if count else 0))
    return chart


def _seconds(value: float | None) -> str:
    """Seconds with one decimal, a dash when unknown."""
    return "-" if value is None else f"{value:.1f}"


def stats_view(stats: DatasetStats, overlap_target: int = 1) -> RenderableType:
    """Summary line, per-annotator table and bar charts of one dataset's statistics."""
    target = max(overlap_target, 1)
    parts: list[RenderableType] = [
        Text.assemble(
            (safe_text(stats.dataset), "bold"),
            f": {stats.answered_documents} of {stats.documents} documents answered; "
            f"{stats.docs_with_overlap(target)} reached the overlap of {target}; "
            f"{stats.reviewed_documents} reviewed; {stats.open_claims} open claim(s)",
        )
    ]
    people = Table(
        title="Per annotator: documents answered, accept/reject/ignore, spans, "
        "median seconds per document and per span, open claims",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    people.add_column("annotator", no_wrap=True, max_width=20, overflow="ellipsis")
    for col in ("docs", "a/r/i", "spans", "s/doc", "s/span", "claims"):
        people.add_column(col, justify="right", no_wrap=True)
    for name, s in sorted(stats.annotators.items()):
        figures = s.to_dict()
        people.add_row(
            Text(safe_text(name)),
            str(s.answered),
            "/".join(str(s.answers.get(kind, 0)) for kind in ANSWERS),
            str(s.spans),
            _seconds(figures["median_seconds_per_doc"]),
            _seconds(figures["median_seconds_per_span"]),
            str(s.open_claims),
        )
    parts.append(people)
    overlap = {f"{k} annotator(s)": v for k, v in stats.overlap.items()}
    filled = {
        f"{label} {name}": count
        for label, by_name in stats.attributes_filled.items()
        for name, count in by_name.items()
    }
    chosen = {
        f"{name} = {value}": count
        for name, by_value in stats.doc_labels.items()
        for value, count in by_value.items()
    }
    for title, counts in (
        ("Spans per label", stats.spans_per_label),
        ("Relations per label", stats.relations_per_label),
        ("Attributes filled (spans per label and attribute)", filled),
        ("Document labels (answers choosing each value)", chosen),
        ("Documents by number of annotators", overlap),
        ("Answers per day", stats.answers_per_day),
    ):
        parts.append(Text(title, style="bold"))
        parts.append(bar_chart(counts) if counts else Text("  none yet"))
    return Group(*parts)
