"""`annotator serve`: the annotation app in a web browser, served by textual-serve on localhost."""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

import typer

from annotator.cli import app
from annotator.cli.common import console, fail
from annotator.errors import Refusal


def annotate_command(
    db: str | None,
    dataset: str | None,
    annotator: str | None,
    schema: Path | None,
    suggest: str | None,
) -> str:
    """The shell command each browser session runs: `annotate` with the same options."""
    args = [sys.executable, "-m", "annotator", "annotate"]
    for flag, value in (
        ("--db", db),
        ("--dataset", dataset),
        ("--annotator", annotator),
        ("--schema", str(schema) if schema else None),
        ("--suggest", suggest),
    ):
        if value:
            args += [flag, value]
    return shlex.join(args)


@app.command()
def serve(
    db: str | None = typer.Option(
        None, "--db", help="Store URL (sqlite:///file.db or postgresql://...)."
    ),
    dataset: str | None = typer.Option(None, "--dataset", "-d", help="Dataset to annotate."),
    annotator: str | None = typer.Option(None, "--annotator", "-a", help="Your annotator name."),
    schema: Path | None = typer.Option(None, "--schema", "-s", help="Schema TOML file."),
    suggest: str | None = typer.Option(
        None, "--suggest", help="Pre-annotate with a suggester: 'patterns' or 'model:PATH'."
    ),
    host: str = typer.Option("localhost", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the annotation app to a web browser on this machine (each tab runs `annotate`)."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise fail(Refusal.SERVE_MISSING) from None
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise fail(Refusal.SERVE_PORT.format(host=host, port=port, why=exc.strerror)) from None
    command = annotate_command(db, dataset, annotator, schema, suggest)
    console.print(f"serving annotator on http://{host}:{port} (ctrl+c stops)")
    Server(command, host=host, port=port, title="annotator").serve()
