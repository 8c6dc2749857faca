"""`annotator db info|backup|restore`: what the database holds, and keeping it safe."""

from __future__ import annotations

from pathlib import Path

import orjson
import typer
from rich.table import Table

from annotator.cli import app
from annotator.cli.common import (
    DB_HELP,
    console,
    fail,
    open_store_or_exit,
    settings_or_exit,
)
from annotator.errors import Refusal

db_app = typer.Typer(help="Database: counts, backup and restore.", no_args_is_help=True)

app.add_typer(db_app, name="db")


@db_app.command("info")
def info_command(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Show the backend, schema version, and counts per dataset and annotator."""
    from annotator.store import StoreError

    settings = settings_or_exit(db)
    store = open_store_or_exit(settings.db, read_only=True)
    try:
        info = store.info()
    except StoreError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    if as_json:
        typer.echo(orjson.dumps(info, option=orjson.OPT_INDENT_2).decode())
        return
    console.print(
        f"{info['backend']} {info['url']}, schema version {info['schema_version']}", markup=False
    )
    if not info["datasets"]:
        console.print("no datasets yet: annotator import FILE --dataset NAME", markup=False)
        return
    from annotator.records.models import ANSWERS

    table = Table("dataset", "documents", "answered", "annotator", *ANSWERS)
    for name, data in info["datasets"].items():
        first = True
        rows = data["annotators"].items() or [("-", {})]
        for who, counts in rows:
            table.add_row(
                name if first else "",
                f"{data['documents']:,}" if first else "",
                f"{data['answered_documents']:,}" if first else "",
                who,
                *(str(counts.get(a, 0)) for a in ANSWERS),
            )
            first = False
    console.print(table)


@db_app.command("backup")
def backup_command(
    path: Path = typer.Argument(..., help="Backup file to write (must not exist)."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Back up the database: an online SQLite copy, or a consistent JSONL dump for PostgreSQL."""
    from annotator.store import StoreError

    settings = settings_or_exit(db)
    store = open_store_or_exit(settings.db, read_only=True)
    try:
        kind = store.backup(path)
    except StoreError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    console.print(f"backed up {store.display_url()} to {path} ({kind})", markup=False)


@db_app.command("restore")
def restore_command(
    path: Path = typer.Argument(..., help="A backup made by `annotator db backup`."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Restore a backup into an empty database (it refuses to overwrite existing data)."""
    from annotator.store import StoreError

    settings = settings_or_exit(db)
    if path.is_dir():
        raise fail(f"{path} is a folder; give the backup file `annotator db backup` wrote")
    if not path.is_file():
        raise fail(f"{path}: no such backup file")
    store = open_store_or_exit(settings.db, create=True)
    try:
        counts = store.restore(path)
    except BaseException as exc:
        store.discard_if_created()
        target = store.display_url()
        if isinstance(exc, StoreError):
            raise fail(Refusal.RESTORE_FAILED.format(detail=exc, target=target), 1) from None
        if isinstance(exc, KeyboardInterrupt):
            detail = "interrupted"
            raise fail(Refusal.RESTORE_FAILED.format(detail=detail, target=target), 130) from None
        if isinstance(exc, OSError):
            detail = f"cannot read {path}: {exc.strerror or exc}"
            raise fail(Refusal.RESTORE_FAILED.format(detail=detail, target=target), 1) from None
        raise
    store.close()
    summary = ", ".join(f"{n:,} {kind}" for kind, n in counts.items())
    console.print(
        f"restored {path} into {store.display_url()}: {summary}", markup=False, soft_wrap=True
    )
