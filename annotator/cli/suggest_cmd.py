"""`annotator suggest`: pre-annotation stored apart from the annotations."""

from __future__ import annotations

from pathlib import Path

import typer

from annotator.cli import app
from annotator.cli.common import (
    NO_DATASETS,
    console,
    dataset_store,
    err_console,
    fail,
    load_schema_or_exit,
    suggester_or_exit,
)

SUGGEST_BATCH = 256


@app.command("suggest")
def suggest_command(
    with_: str = typer.Option(
        "patterns",
        "--with",
        "-w",
        help="Suggesters: patterns[:PATH], model:PATH_OR_PACKAGE[?map=PERSON:ACTOR,...], comma-joined.",
    ),
    dataset: str | None = typer.Option(None, "--dataset", "-d", help="Dataset to pre-annotate."),
    db: str | None = typer.Option(None, "--db", help="Database URL (default from settings)."),
    schema: Path | None = typer.Option(None, "--schema", "-s", help="Schema TOML file."),
) -> None:
    """Compute suggestions for every document of a dataset and store them apart from annotations."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    label_schema = load_schema_or_exit(schema)
    suggester = suggester_or_exit(with_, label_schema)
    with dataset_store(db, dataset, NO_DATASETS) as (store, settings):
        name = settings.dataset
        doc_ids = store.document_ids(name)
        total = 0
        columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn())
        done = 0
        bar = Progress(
            *columns,
            TimeRemainingColumn(),
            console=err_console,
            disable=not err_console.is_terminal,
        )
        try:
            with bar as progress:
                task = progress.add_task(f"suggesting ({suggester.name})", total=len(doc_ids))
                for first in range(0, len(doc_ids), SUGGEST_BATCH):
                    chunk = doc_ids[first : first + SUGGEST_BATCH]
                    docs = [doc for doc in map(store.get_document, chunk) if doc is not None]
                    for doc, found in zip(docs, suggester.suggest(docs), strict=True):
                        store.suggestions.replace(name, doc.doc_id, found)
                        total += len(found)
                        done += 1
                    progress.advance(task, len(chunk))
        except KeyboardInterrupt:
            raise fail(
                f"interrupted; suggestions for {done:,} of {len(doc_ids):,} document(s) are "
                "stored. Running the command again recomputes them all",
                130,
            ) from None
    console.print(
        f"stored {total} suggestion(s) from {suggester.name} for {len(doc_ids)} document(s) "
        f"of dataset {name!r}"
    )
