"""The CLI run in-process, as the CLI and hostile-input tests call it."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner, Result

from annotator.cli import app

runner = CliRunner()


def invoke(*args: Any) -> Result:
    """Run the CLI in-process; the result's `text` is stdout+stderr with wrapping undone."""
    result = runner.invoke(app, [str(a) for a in args])
    result.text = " ".join(result.output.split())  # type: ignore[attr-defined]
    return result
