"""Shared fixtures for CLI tests: a clean working folder and a runner that reads one line."""

from __future__ import annotations

import pytest
from cli_runner import invoke, runner  # noqa: F401  (the CLI tests' runner)


@pytest.fixture(autouse=True)
def _in_tmp(in_empty_folder):
    """Run every test in an empty folder with no settings from the environment."""
