"""The `annotator` command line: a Typer app whose commands live in one module per area."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="annotator",
    help="Keyboard-driven span annotation for news articles, with schema validation and ML exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each module registers its commands on `app` when imported.
from annotator.cli import (  # noqa: E402, F401
    annotate_cmd,
    export_cmd,
    schema_cmd,
    serve_cmd,
    store_cmd,
    suggest_cmd,
    team_cmd,
    validate_cmd,
)


def main() -> None:
    """Entry point of the console script and `python -m annotator`."""
    app()
