"""Shared fixtures for CLI tests: a clean working folder and a runner that reads one line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from annotator.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Run every test in an empty folder with no settings from the environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("ANNOTATOR_DB", "ANNOTATOR_DATASET", "ANNOTATOR_NAME"):
        monkeypatch.delenv(name, raising=False)


def invoke(*args: str):
    """Run the CLI in-process; the result's `text` is stdout+stderr with wrapping undone."""
    result = runner.invoke(app, list(args))
    result.text = " ".join(result.output.split())
    return result
