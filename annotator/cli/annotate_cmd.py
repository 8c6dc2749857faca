"""`annotator annotate`: open the annotation screen on the next task of a dataset."""

from __future__ import annotations

import io
import os
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

import typer

from annotator.cli import app
from annotator.cli.common import console, fail, load_schema_or_exit, open_store_or_exit
from annotator.errors import Refusal


@app.command()
def annotate(
    db: str | None = typer.Option(
        None, "--db", help="Store URL (sqlite:///file.db or postgresql://...)."
    ),
    dataset: str | None = typer.Option(None, "--dataset", "-d", help="Dataset to annotate."),
    annotator: str | None = typer.Option(None, "--annotator", "-a", help="Your annotator name."),
    schema: Path | None = typer.Option(None, "--schema", "-s", help="Schema TOML file."),
    suggest: str | None = typer.Option(
        None,
        "--suggest",
        help="Show suggestions: 'stored' (from annotator suggest), 'patterns' or 'model:PATH'. "
        "Without it none are shown, so annotators stay independent.",
    ),
    claim_minutes: float | None = typer.Option(
        None,
        "--claim-minutes",
        min=1.0,
        help="How long a document you open stays yours unanswered (default: settings, 60); "
        "once a claim expires, the next annotator who asks is handed the document.",
    ),
    screenshot: Path | None = typer.Option(
        None, "--screenshot", help="Save an SVG of the first screen to this path.", hidden=True
    ),
) -> None:
    """Annotate spans keyboard-only; every edit is saved as you go (press ? for keys)."""
    os.environ.setdefault("TEXTUAL_FPS", "240")  # frames follow keys within ~4 ms, not 16
    from annotator.config import ConfigError, load_settings
    from annotator.store import StoreError

    try:
        settings = load_settings(db, dataset, annotator)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    label_schema = load_schema_or_exit(
        schema or (Path(settings.schema) if settings.schema else None)
    )
    from annotator.tui.bindings import KeymapError, build_keymap

    try:
        keymap = build_keymap(label_schema, settings.keys)
    except KeymapError as exc:
        raise fail(f"{settings.source}: key clash\n{exc}") from None
    suggester = None
    if suggest and suggest != "stored":
        from annotator.suggest import SuggesterError, get_suggester

        try:
            suggester = get_suggester(suggest, label_schema)
        except SuggesterError as exc:
            raise fail(f"--suggest: {exc}") from None
    from annotator.tui.flow import import_sample

    store = open_store_or_exit(settings.db, create=True, check_now=False)
    try:
        empty = store.dataset_size(settings.dataset) == 0
        others = [name for name in store.datasets() if name != settings.dataset] if empty else []
        if others:
            raise fail(
                f"dataset {settings.dataset!r} has no documents in {store.display_url()} "
                f"(datasets: {', '.join(others)}); pick one with --dataset NAME, or add documents "
                f"with: annotator import FILE --dataset {settings.dataset}"
            )
        if empty:
            added = import_sample(store, settings.dataset)
            if added:
                console.print(f"imported the sample ({added} document) into {settings.dataset!r}")
        from annotator.tui.app import AnnotatorApp
        from annotator.tui.flow import TaskFlow

        store.check_before_writing()  # begun on open, it ran while the app was imported
        flow = TaskFlow(
            store,
            settings.dataset,
            settings.annotator,
            label_schema,
            settings.overlap,
            round(claim_minutes * 60) if claim_minutes else settings.claim_seconds,
            suggester,
            show_suggestions=bool(suggest),
        )
        _run_app(AnnotatorApp(flow, keymap, screenshot))
    except StoreError as exc:
        raise fail(str(exc)) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        log = _write_crash_log(traceback.format_exc())
        raise fail(Refusal.CRASHED.format(summary=_one_line(exc), log=log), 1) from None
    finally:
        store.close()


def _run_app(app) -> None:
    """Run the app; if it crashed, exit 1 with one line and the log file holding the traceback.

    Textual prints a crash's traceback through `error_console` once the screen is restored, and
    keeps the exception (read with `crash_of`); the traceback goes to the log, not the terminal.
    """
    from rich.console import Console

    from annotator.store import StoreError
    from annotator.tui.compat import crash_of

    captured = io.StringIO()
    app.error_console = Console(
        file=captured, width=120, color_system=None, markup=False, highlight=False
    )
    app.run()
    if not app.return_code:
        return
    error = crash_of(app)
    log = _write_crash_log(captured.getvalue())
    if isinstance(error, StoreError):
        raise fail(f"{error}; the traceback is in {log}", 1)
    summary = _one_line(error) if error is not None else f"exit code {app.return_code}"
    raise fail(Refusal.CRASHED.format(summary=summary, log=log), 1)


def _one_line(error: BaseException) -> str:
    """An exception as 'Type: first line of its message', kept short."""
    text = str(error).strip().splitlines()
    summary = f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
    return summary if len(summary) <= 200 else summary[:197] + "..."


def crash_log_folder() -> Path:
    """Where crash logs go: $XDG_STATE_HOME/annotator, else ~/.local/state/annotator."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "annotator"


def _write_crash_log(text: str) -> Path:
    """Write a traceback to a new log file (the temp folder if the state folder is not writable)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"annotate-crash-{stamp}-{os.getpid()}.log"
    for folder in (crash_log_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return Path(os.devnull)
