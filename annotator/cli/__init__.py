"""The `annotator` command line: a Typer app with one module per command, named after it."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="annotator",
    help="Keyboard-driven span annotation for news articles, with schema validation and ML exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each module registers its command on `app` when imported; `annotator --help` lists commands in
# this order, then the groups (schema, db).
from annotator.cli import (  # noqa: E402, F401, I001
    annotate_cmd,
    export_cmd,
    schema_cmd,
    serve_cmd,
    import_cmd,
    db_cmd,
    suggest_cmd,
    train_cmd,
    evaluate_cmd,
    agreement_cmd,
    stats_cmd,
    review_cmd,
    validate_cmd,
)


def main() -> None:
    """Entry point of the console script and `python -m annotator`."""
    app()
