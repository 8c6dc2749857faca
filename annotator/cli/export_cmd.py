"""`annotator export`: write a dataset as files an ML team loads as they are, with a manifest."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from annotator.cli import app
from annotator.cli.common import (
    SKIP_BAD_HELP,
    console,
    err_console,
    fail,
    load_schema_or_exit,
    open_store_or_exit,
    print_issue,
    report_skipped,
)

if TYPE_CHECKING:
    from annotator.store import Store

MAX_SHOWN_ISSUES = 20


def _redact(url: str) -> str:
    """Hide a password in a database URL before it goes into the manifest."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def _command_line(options: dict[str, object]) -> str:
    """The export command as it would be typed to repeat it, with database passwords hidden."""
    words = ["annotator", "export"]
    for flag, value in options.items():
        if value is True:
            words.append(flag)
        elif value not in (None, False):
            words += [flag, str(value)]
    return _redact(shlex.join(words))


def _answers(value: str) -> tuple[str, ...]:
    """Parse --answers accept[,reject,ignore]; exit 2 naming a bad value."""
    from annotator.records.models import ANSWERS

    answers = tuple(dict.fromkeys(a.strip() for a in value.split(",") if a.strip()))
    bad = [a for a in answers if a not in ANSWERS]
    if bad or not answers:
        raise fail(f"--answers {value!r}: use accept, reject and/or ignore, comma-separated")
    return answers


def _summary(manifest: dict, out: Path) -> None:
    """Print a table of what was written, per split."""
    from rich.table import Table

    table = Table(title=f"{manifest['format']} export in {out}")
    for column in ("split", "documents", "records", "spans", "written", "dropped"):
        table.add_column(column, justify="left" if column == "split" else "right")
    for name, stats in manifest["splits"].items():
        table.add_row(
            name,
            str(stats["documents"]),
            str(stats["records"]),
            str(stats["spans"]),
            str(stats["spans_written"]),
            str(stats["spans_dropped"]),
        )
    console.print(table)
    leak = manifest["leakage"]
    console.print(
        f"{len(manifest['files'])} file(s), {len(manifest['converted'])} span(s) converted; "
        f"{leak['test_span_texts_in_train']} of {leak['test_span_texts']} test span texts also "
        f"occur in train; details in {out / 'manifest.json'}",
        soft_wrap=True,
        markup=False,
    )


@app.command("export")
def export_command(
    format_name: str = typer.Option(
        ..., "--format", "-f", help="Output format, for example jsonl, spacy, hf."
    ),
    out: Path = typer.Option(
        ..., "--out", "-o", help="Output folder (must be empty unless --force)."
    ),
    dataset: str | None = typer.Option(None, "--dataset", "-d", help="Dataset to export."),
    split: str | None = typer.Option(
        None,
        "--split",
        help="Shares per split, e.g. train=0.8,dev=0.1,test=0.1 (default: all train).",
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the per-document split hash."),
    merge: str = typer.Option("all", "--merge", help="all, annotator:NAME, majority or reviewed."),
    answers: str = typer.Option(
        "accept", "--answers", help="Answers to export: accept[,reject,ignore]."
    ),
    force: bool = typer.Option(False, "--force", help="Replace a previous export in --out."),
    db: str | None = typer.Option(None, "--db", help="Database URL (default from settings)."),
    schema: Path | None = typer.Option(
        None, "--schema", "-s", help="Schema TOML to validate against."
    ),
    offsets: str | None = typer.Option(
        None,
        "--offsets",
        help="labelstudio: how offsets count, codepoints (default) or utf16 (Label Studio 1.x).",
    ),
    skip_bad: bool = typer.Option(False, "--skip-bad", help=SKIP_BAD_HELP),
    skip_invalid: bool = typer.Option(
        False,
        "--skip-invalid",
        help="Leave out answers with schema errors (each is listed and counted in the manifest).",
    ),
) -> None:
    """Export a dataset; exit 0 done, 1 nothing or invalid to export, 2 bad usage."""
    from annotator.config import ConfigError, load_settings
    from annotator.exporting import (
        ExportError,
        ExportOptions,
        MergePolicyError,
        SplitSpecError,
        parse_merge,
        parse_split_spec,
        run_export,
    )
    from annotator.formats import get_format
    from annotator.store import BadRowError, SkippedRows, StoreError

    try:
        spec = get_format(format_name)
    except KeyError as exc:
        raise fail(str(exc.args[0])) from None
    if spec.writer is None:
        raise fail(f"format {format_name!r} can be read but not written")
    format_options = _format_options(spec, offsets)
    try:
        plan = parse_split_spec(split, seed)
        policy = parse_merge(merge)
    except (SplitSpecError, MergePolicyError) as exc:
        raise fail(str(exc)) from None
    wanted = _answers(answers)
    label_schema = load_schema_or_exit(schema)
    try:
        settings = load_settings(db=db, dataset=dataset)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    options = ExportOptions(
        format=format_name,
        out_dir=out,
        schema=label_schema,
        plan=plan,
        merge=policy,
        answers=wanted,
        force=force,
        dataset=settings.dataset,
        store=_redact(settings.db),
        command=_command_line(
            {
                "--format": format_name,
                "--out": out,
                "--dataset": settings.dataset,
                "--split": split,
                "--seed": seed,
                "--merge": str(policy),
                "--answers": ",".join(wanted),
                "--force": force,
                "--db": settings.db,
                "--schema": schema,
                "--offsets": offsets,
                "--skip-bad": skip_bad,
                "--skip-invalid": skip_invalid,
            }
        ),
        format_options=format_options,
        skip_invalid=skip_invalid,
    )
    store = open_store_or_exit(settings.db, read_only=True)
    skipped = SkippedRows() if skip_bad else None
    try:
        if settings.dataset not in store.datasets():
            known = ", ".join(store.datasets()) or "none yet"
            raise fail(f"no dataset {settings.dataset!r} in {options.store} (datasets: {known})")
        manifest = _run(run_export, store, options, settings.dataset, wanted, skipped)
    except ExportError as exc:
        for issue in exc.issues[:MAX_SHOWN_ISSUES]:
            print_issue(issue)
        if len(exc.issues) > MAX_SHOWN_ISSUES:
            err_console.print(f"... and {len(exc.issues) - MAX_SHOWN_ISSUES} more problem(s)")
        raise fail(str(exc), exc.code) from None
    except BadRowError as exc:
        raise fail(f"{exc}; nothing was written", 1) from None
    except StoreError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        raise fail(
            f"interrupted before the export finished; run it again. An export in {out} is "
            "complete only when its manifest.json is there",
            130,
        ) from None
    except OSError as exc:
        where = exc.filename or out
        raise fail(
            f"cannot write {where}: {exc.strerror or exc}; choose an --out folder you can write to",
            1,
        ) from None
    finally:
        store.close()
    report_skipped(skipped)
    _report_invalid(manifest["skipped_invalid"])
    _summary(manifest, out)


def _report_invalid(invalid: dict) -> None:
    """Name the answers --skip-invalid left out, with their first error."""
    answers = invalid["answers"]
    for entry in answers[:MAX_SHOWN_ISSUES]:
        err_console.print(
            f"skipped invalid: doc {entry['doc_id']} by {entry['annotator']} "
            f"(revision {entry['revision']}): {entry['errors'][0]}",
            markup=False,
            soft_wrap=True,
        )
    if len(answers) > MAX_SHOWN_ISSUES:
        err_console.print(f"... and {len(answers) - MAX_SHOWN_ISSUES} more skipped")
    if answers:
        err_console.print(
            f"{invalid['count']} invalid answer(s) left out; listed in manifest.json "
            "under skipped_invalid",
            markup=False,
        )


def _format_options(spec, offsets: str | None) -> dict[str, str]:
    """Format-specific flags (--offsets) as writer options; exit 2 when they do not apply."""
    from annotator.records.tokenization import OFFSET_UNITS

    if offsets is None:
        return {}
    if "offsets" not in spec.options:
        raise fail(f"--offsets does not apply to the {spec.name} format; leave it out")
    if offsets not in OFFSET_UNITS:
        raise fail(f"--offsets {offsets!r}: use {' or '.join(OFFSET_UNITS)}")
    return {"offsets": offsets}


PROGRESS_EVERY = 500


def _run(
    run_export, store: Store, options, dataset: str, answers: tuple[str, ...], skipped
) -> dict:
    """Run the export, with a Rich progress bar when stderr is a terminal."""

    def source(keep=None):
        return store.annotations(dataset, answers, keep=keep, views=True, skip_bad=skipped)

    def warn(text: str) -> None:
        err_console.print(f"warning: {text}", markup=False, soft_wrap=True)

    if not err_console.is_terminal:
        return run_export(source, options, on_warning=warn)
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} records"),
    )
    with Progress(*columns, TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task(f"exporting {options.format}", total=None)
        counted = 0

        def tick() -> None:  # the bar moves every PROGRESS_EVERY records (~2 us per advance)
            nonlocal counted
            counted += 1
            if counted == PROGRESS_EVERY:
                bar.advance(task, counted)
                counted = 0

        return run_export(source, options, on_record=tick, on_warning=warn)
