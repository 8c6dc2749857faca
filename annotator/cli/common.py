"""Helpers shared by command modules: the console, settings, schema and store loading, error exits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from annotator.display import safe_lines, safe_text
from annotator.errors import Issue

if TYPE_CHECKING:
    from annotator.config import Settings
    from annotator.store import SkippedRows, Store


class SafeConsole(Console):
    """A console that passes every string it renders through `safe_text`, line breaks kept.

    Markup is off unless a call asks for it, so text from data (labels, names, titles, paths)
    can never open a style or a hyperlink; messages that quote data sanitise it themselves too,
    so a line break inside data cannot start a line that looks like another message.
    """

    def render_str(self, text: str, **options: Any) -> Text:
        """Render a string as Rich does, then replace unsafe characters one for one."""
        rendered = super().render_str(text, **options)
        plain = rendered.plain
        safe = safe_lines(plain)
        if safe != plain:
            rendered.plain = safe
        return rendered


console = SafeConsole(highlight=False, markup=False)
err_console = SafeConsole(stderr=True, highlight=False, markup=False)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print an error line to stderr (the message as plain, safe text); return an Exit to raise."""
    err_console.print(
        f"[bold red]error:[/] {escape(safe_lines(message))}", markup=True, soft_wrap=True
    )
    return typer.Exit(code)


def print_issue(issue: Issue, out: Console = err_console) -> None:
    """Print one issue as 'where: CODE message (hint)', every part from data made safe."""
    colour = "red" if issue.severity == "error" else "yellow"
    where, message = escape(safe_text(issue.where())), escape(safe_text(issue.message))
    out.print(f"{where}: [{colour}]{issue.code}[/] {message}", markup=True, soft_wrap=True)
    out.print(f"    fix: {safe_text(issue.hint)}", style="dim", markup=False, soft_wrap=True)


def print_problem(problem: Any, out: Console = err_console) -> None:
    """Print a reader's or importer's problem as 'path:line: message', made safe."""
    out.print(safe_text(f"{problem.where()}: {problem.message}"), markup=False, soft_wrap=True)


def load_schema_or_exit(path: Path | None):
    """Load --schema, else annotator.toml's [schema] path, else the default; exit 2 on problems."""
    from annotator.config import ConfigError, load_settings
    from annotator.schema.model import SchemaError, default_schema_path, load_schema

    if path is None:
        try:
            configured = load_settings().schema
        except ConfigError as exc:
            raise fail(str(exc)) from None
        path = Path(configured) if configured else None
    target = path or default_schema_path()
    try:
        return load_schema(target)
    except SchemaError as exc:
        for issue in exc.issues:
            print_issue(issue)
        raise fail(f"the schema {target} has {len(exc.issues)} problem(s)") from None


def open_store_or_exit(
    url: str, create: bool = False, read_only: bool = False, check_now: bool = True
) -> Store:
    """Open the store or exit 2 with its message.

    Only commands that write pass create=True; commands that only read pass read_only=True, so
    they never change the file they are given (nor give another application's file our tables).
    A writer waits for the store's check of the file here, unless `check_now` is False (it then
    calls `check_before_writing` itself, having done other work meanwhile).
    """
    from annotator.store import StoreError, open_store

    try:
        store = open_store(url, create=create, read_only=read_only)
    except StoreError as exc:
        raise fail(str(exc)) from None
    if not read_only and check_now:
        try:
            store.check_before_writing()
        except StoreError as exc:
            store.close()
            raise fail(str(exc)) from None
    return store


SKIP_BAD_HELP = "Leave out stored rows that cannot be read (each is named and counted)."
SHOWN_SKIPPED = 5


def report_skipped(skipped: SkippedRows | None) -> None:
    """Warn on stderr about unreadable stored rows a `--skip-bad` run left out."""
    from annotator.errors import Refusal

    if not skipped:
        return
    named = [f"{what} ({detail})" for what, detail in skipped.rows.items()]
    rows = "; ".join(named[:SHOWN_SKIPPED])
    if len(named) > SHOWN_SKIPPED:
        rows += f"; and {len(named) - SHOWN_SKIPPED} more"
    err_console.print(
        f"warning: {Refusal.SKIPPED_ROWS.format(count=len(named), rows=rows)}",
        markup=False,
        soft_wrap=True,
    )


@contextmanager
def dataset_store(
    db: str | None, dataset: str | None, none_yet: str = "none yet", read_only: bool = False
) -> Iterator[tuple[Store, Settings]]:
    """Open the configured store and check the dataset exists; exit 2 with the fix if not.

    A stored row that cannot be read exits 1 with the row named.
    """
    from annotator.config import ConfigError, load_settings
    from annotator.store import BadRowError, StoreError

    try:
        settings = load_settings(db=db, dataset=dataset)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    store = open_store_or_exit(settings.db, read_only=read_only)
    try:
        known = store.datasets()
        if settings.dataset not in known:
            raise fail(
                f"no dataset {settings.dataset!r} in {store.display_url()} "
                f"(datasets: {', '.join(known) or none_yet}); pass --dataset NAME"
            )
        yield store, settings
    except BadRowError as exc:
        raise fail(str(exc), 1) from None
    except StoreError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()


DB_HELP = "Database URL: sqlite:///file.db or postgresql://user@host/db (default from settings)."

NO_DATASETS = "none yet; add documents first"


def settings_or_exit(db: str | None, dataset: str | None = None, annotator: str | None = None):
    """Resolved settings, or exit 2 with the config problem."""
    from annotator.config import ConfigError, load_settings

    try:
        return load_settings(db=db, dataset=dataset, annotator=annotator)
    except ConfigError as exc:
        raise fail(str(exc)) from None


def suggester_or_exit(spec: str, schema: Any) -> Any:
    """Build a suggester from a spec, turning a bad spec into a clear error exit."""
    from annotator.suggest import SuggesterError, get_suggester

    try:
        return get_suggester(spec, schema)
    except SuggesterError as exc:
        raise fail(str(exc)) from None


def percent(value: float | None) -> str:
    """A ratio as a percentage, or a dash when undefined."""
    return "-" if value is None else f"{100 * value:.1f}"


class ReportFormat(StrEnum):
    """How a team report is printed."""

    text = "text"
    json = "json"


def print_json(data: Any) -> None:
    """Write one JSON document to stdout."""
    typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode())
