"""`annotator annotate`: until the TUI lands, validate the bundled sample and summarise it."""

from __future__ import annotations

from pathlib import Path

import typer

from annotator.cli import app


@app.command()
def annotate(
    schema: Path | None = typer.Option(None, "--schema", "-s", help="Schema TOML file."),
) -> None:
    """Open the annotation screen (for now: print the bundled sample's validation summary)."""
    from annotator.cli.validate_cmd import OutputFormat, validate

    sample = Path("corpus")
    if not sample.is_dir():
        sample = Path(__file__).resolve().parents[2] / "corpus"
    validate([sample], schema, OutputFormat.text, False)
