"""The command line's layout: one module per command, named after it, listed in a fixed order."""

from __future__ import annotations

import re

import typer.main

from annotator.cli import app

from .conftest import invoke

HELP_ORDER = [
    "annotate",
    "export",
    "serve",
    "import",
    "suggest",
    "train",
    "evaluate",
    "agreement",
    "stats",
    "review",
    "validate",
    "schema",
    "db",
]


def test_commands_are_listed_in_help_in_their_fixed_order():
    """`annotator --help` lists the commands in the order users know, groups last."""
    group = typer.main.get_command(app)
    assert list(group.list_commands(None)) == HELP_ORDER
    panel = invoke("--help").output.split("Commands")[1]
    listed = re.findall(r"^│ ([a-z]+) ", panel, flags=re.MULTILINE)
    assert listed == HELP_ORDER


def test_commands_each_live_in_a_module_named_after_the_command():
    """The code of `annotator X` (and of every `annotator X Y`) is in annotator/cli/X_cmd.py."""
    group = typer.main.get_command(app)
    misplaced = []
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        callbacks = [command.callback]
        if hasattr(command, "commands"):
            callbacks = [sub.callback for sub in command.commands.values()]
        misplaced += [
            (name, callback.__module__)
            for callback in callbacks
            if callback.__module__ != f"annotator.cli.{name}_cmd"
        ]
    assert not misplaced
