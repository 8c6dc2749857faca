"""The README's opening commands use a venv, and its test command is exactly what `.ci/run` runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _opening_commands() -> list[str]:
    """The commands of the README's first code block, without their comments."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", readme, re.S)
    assert block, "README.md has no bash block"
    return [line.split("  #")[0].strip() for line in block[1].splitlines() if line.strip()]


def test_ci_command_readme_commands_install_into_their_own_venv():
    """Each opening command makes .venv and runs pip and the program from it, never a global one."""
    commands = _opening_commands()
    assert len(commands) == 2
    for command in commands:
        steps = [step.strip() for step in command.split("&&")]
        assert steps[0] == "python3 -m venv .venv"
        assert all(step.startswith(".venv/bin/") for step in steps[1:]), command


def test_ci_command_ci_runs_the_readme_test_command_verbatim():
    """`.ci/run` has a line running the README's test command, character for character."""
    test_command = _opening_commands()[1]
    assert test_command.endswith(".venv/bin/pytest")
    run_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith(test_command + " ") or line == test_command for line in run_lines)
