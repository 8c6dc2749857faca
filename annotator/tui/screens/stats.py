"""Stats screen: the figures of `annotator stats` for the open dataset, one key away."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from annotator.stats.figures import DatasetStats, compute_stats
from annotator.stats.tables import stats_view
from annotator.store import Store
from annotator.tui.screens.scrolling import ScrollingModal


def dataset_stats(store: Store, dataset: str) -> DatasetStats:
    """Compute a dataset's statistics from the store."""
    return compute_stats(
        dataset,
        store.dataset_size(dataset),
        store.annotations(dataset),
        store.edit_times(dataset),
        [(c.doc_id, c.annotator) for c in store.queue.open_claims(dataset)],
    )


class StatsScreen(ScrollingModal):
    """Progress of the dataset: answers, overlap, spans per label, time, claims."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,ctrl+t", "dismiss", "close stats")]

    def __init__(self, stats: DatasetStats, overlap_target: int = 1) -> None:
        """Show already computed statistics."""
        super().__init__()
        self.stats = stats
        self.overlap_target = overlap_target

    @classmethod
    def of_flow(cls, flow: Any) -> StatsScreen:
        """Statistics of the dataset a task or review flow works on."""
        return cls(dataset_stats(flow.store, flow.dataset), getattr(flow, "overlap", 1))

    def compose(self) -> ComposeResult:
        """The summary, the per-annotator table and the bar charts."""
        with VerticalScroll():
            yield Static(stats_view(self.stats, self.overlap_target))
