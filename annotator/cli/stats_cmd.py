"""`annotator stats`: progress per annotator, label and document."""

from __future__ import annotations

import typer

from annotator.cli import app
from annotator.cli.common import (
    SKIP_BAD_HELP,
    ReportFormat,
    console,
    dataset_store,
    print_json,
    report_skipped,
)


@app.command("stats")
def stats_command(
    dataset: str | None = typer.Option(None, "--dataset", "-d", help="Dataset to summarise."),
    output: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f", help="text or json."),
    db: str | None = typer.Option(None, "--db", help="Database URL (default from settings)."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help=SKIP_BAD_HELP),
) -> None:
    """Progress: answers per annotator, overlap, spans per label, time per document, claims."""
    from annotator.stats.figures import compute_stats
    from annotator.store import SkippedRows

    skipped = SkippedRows() if skip_bad else None
    with dataset_store(db, dataset, read_only=True) as (store, settings):
        stats = compute_stats(
            settings.dataset,
            store.dataset_size(settings.dataset),
            store.annotations(settings.dataset, skip_bad=skipped),
            store.edit_times(settings.dataset),
            [(c.doc_id, c.annotator) for c in store.queue.open_claims(settings.dataset)],
        )
    report_skipped(skipped)
    target = max(settings.overlap, 1)
    if output is ReportFormat.json:
        data = stats.to_dict()
        data["overlap_target"] = target
        data["docs_at_overlap_target"] = stats.docs_with_overlap(target)
        print_json(data)
        return
    from annotator.stats.tables import stats_view

    console.print(stats_view(stats, target), soft_wrap=True)
