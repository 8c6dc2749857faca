"""`annotator import`: documents and their spans into a dataset, from any format."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
import typer

from annotator.cli import app
from annotator.cli.common import (
    DB_HELP,
    console,
    err_console,
    fail,
    load_schema_or_exit,
    open_store_or_exit,
    print_problem,
    settings_or_exit,
)
from annotator.errors import ImportMessage


def _progress_callbacks() -> tuple[Any, Any, Any]:
    """A Rich progress display on a terminal, nothing when piped: (context, on_progress)."""
    from contextlib import nullcontext

    if not sys.stdout.isatty():
        return nullcontext(), None, None
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task("importing", total=None)

    def update(summary) -> None:
        progress.update(
            task,
            description=f"importing: {summary.records:,} read, {summary.added:,} new documents",
        )

    return progress, update, progress


@app.command("import")
def import_command(
    paths: list[Path] = typer.Argument(..., help="Files or folders to import."),
    format_name: str | None = typer.Option(
        None, "--format", "-f", help="jsonl, text, prodigy, doccano, ... (default: by suffix)."
    ),
    dataset: str | None = typer.Option(None, "--dataset", "-d", help="Dataset to import into."),
    annotator: str | None = typer.Option(
        None,
        "--annotator",
        help="Annotator of imported spans (default: the record's, or 'import').",
    ),
    answer: str = typer.Option("accept", "--answer", help="Answer when a record has none."),
    split: str | None = typer.Option(
        None, "--split", help="'paragraphs': one document per paragraph of text files."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    schema: Path | None = typer.Option(None, "--schema", "-s", help="Schema TOML for spans."),
    offsets: str | None = typer.Option(
        None,
        "--offsets",
        help="labelstudio: how offsets count, codepoints (default) or utf16 (Label Studio 1.x).",
    ),
    labels: Path | None = typer.Option(
        None,
        "--labels",
        help="doccano 1.x: doccano's label export (JSON list of {id, text}) naming label ids.",
    ),
    scheme: str | None = typer.Option(
        None,
        "--scheme",
        help="conll: tag scheme, auto (found from the tags, the default), iob1, iob2 or bioes.",
    ),
    tag_column: str | None = typer.Option(
        None,
        "--tag-column",
        help="conll: tag column(s) from 0 (the token); -1, the last, by default; 1,2: two layers.",
    ),
    label_map: str | None = typer.Option(
        None,
        "--label-map",
        help="Rename or drop labels on the way in: Person=PER,Misc= or a file of OLD=NEW lines.",
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Exit 1 when anything is not kept, not only on skipped lines."
    ),
    report: Path | None = typer.Option(
        None, "--report", help="Write a JSON report: counts, every problem, every loss."
    ),
) -> None:
    """Import documents (and their spans); exit 0 all imported, 1 some lines skipped (or with
    --strict anything not kept), 2 usage."""
    from annotator.importing.label_map import LabelMapError, parse_label_map
    from annotator.importing.run import (
        ImportUsageError,
        import_paths,
        reader_options,
        resolve_inputs,
    )
    from annotator.store import StoreError

    label_schema = load_schema_or_exit(schema)
    try:
        mapping = parse_label_map(label_map) if label_map is not None else {}
    except LabelMapError as exc:
        raise fail(f"--label-map: {exc}") from None
    settings = settings_or_exit(db, dataset)
    given = {"offsets": offsets, "labels": labels, "scheme": scheme, "tag_column": tag_column}
    options = {name: str(value) for name, value in given.items() if value is not None}
    try:
        reader_options(resolve_inputs(paths, format_name), options)
    except ImportUsageError as exc:
        raise fail(str(exc)) from None
    store = open_store_or_exit(settings.db, create=True)
    display, on_progress, live = _progress_callbacks()

    def on_problem(problem) -> None:
        print_problem(problem, live.console if live is not None else err_console)

    committed: list = []

    def on_batch(summary) -> None:
        committed[:] = [summary.added]
        if on_progress is not None:
            on_progress(summary)

    try:
        with display:
            summary = import_paths(
                store,
                settings.dataset,
                paths,
                format_name,
                schema=label_schema,
                annotator=annotator,
                answer=answer,
                split=split,
                on_progress=on_batch,
                on_problem=on_problem,
                options=options,
                label_map=mapping,
            )
    except KeyboardInterrupt:
        kept = f"at least {committed[0]:,} new document(s)" if committed else "batches"
        raise fail(
            f"interrupted; {kept} committed before the stop are kept. Run the same command again to "
            "finish: documents already imported are skipped",
            130,
        ) from None
    except ImportUsageError as exc:
        raise fail(str(exc)) from None
    except StoreError as exc:
        raise fail(f"{exc}; batches committed before this point are kept", 1) from None
    finally:
        store.close()
    console.print(
        f"{settings.dataset}: {summary.records:,} record(s) read from {summary.files} file(s); "
        f"{summary.imported:,} imported ({summary.added:,} new document(s), "
        f"{summary.duplicates:,} already there), {summary.skipped:,} line(s) skipped; "
        f"{summary.annotations:,} annotation(s) stored, {summary.unchanged:,} unchanged",
        markup=False,
        soft_wrap=True,
    )
    if summary.suggestions:
        console.print(f"{summary.suggestions:,} suggestion(s) stored apart from the annotations")
    for kind, count in sorted(summary.losses.items()):
        detail = summary.loss_details.get(kind)
        console.print(
            f"not kept: {count:,} {kind}" + (f" ({detail})" if detail else ""),
            markup=False,
            soft_wrap=True,
        )
    if summary.newline_twins:
        console.print(
            ImportMessage.NEWLINE_TWINS.format(count=summary.newline_twins),
            markup=False,
            soft_wrap=True,
        )
    if summary.token_splits:
        console.print(
            ImportMessage.TOKEN_SPLITS.format(
                tokens=summary.token_splits, documents=summary.split_documents
            ),
            markup=False,
            soft_wrap=True,
        )
    for note, count in sorted(summary.notes.items()):
        console.print(f"note: {count:,} {note}", markup=False, soft_wrap=True)
    for line in summary.label_map.lines():
        console.print(f"--label-map: {line}", markup=False, soft_wrap=True)
    if summary.replaced:
        console.print(
            ImportMessage.REPLACED.format(count=summary.replaced),
            markup=False,
            soft_wrap=True,
        )
    if report is not None:
        _write_report(report, summary)
    if summary.skipped or (strict and summary.losses):
        raise typer.Exit(1)


def _write_report(path: Path, summary) -> None:
    """Write the import's JSON report; exit 2 if the file cannot be written (the data is in)."""
    from annotator.importing.report import import_report

    try:
        path.write_bytes(orjson.dumps(import_report(summary), option=orjson.OPT_INDENT_2))
    except OSError as exc:
        raise fail(
            f"cannot write the report {path}: {exc.strerror or exc}; the import itself is done"
        ) from None
    console.print(f"report: {path}", markup=False, soft_wrap=True)
