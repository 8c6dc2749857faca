"""The action registry: every action documented, and the README's key table generated from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from annotator.schema.model import default_schema_path, load_schema
from annotator.session.actions import (
    ACTIONS,
    KEYS_END,
    KEYS_START,
    key_display,
    key_entry,
    keys_markdown,
)

ROOT = Path(__file__).resolve().parents[2]


def test_actions_readme_key_table_is_generated_from_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(KEYS_START)
    block = readme[start : readme.index(KEYS_END, start) + len(KEYS_END)]
    assert block == keys_markdown(load_schema(default_schema_path())), (
        "README.md's key table is stale: run `python docs/keys_table.py`"
    )


def test_actions_key_table_lists_every_action_with_its_keys_and_help_line():
    rows = {row.split(" | ")[0].strip("| "): row for row in keys_markdown().splitlines()}
    for action in ACTIONS:
        keys = " ".join(f"`{key_display(k)}`" for k in action.keys)
        assert key_entry(action) == f"{keys} {action.description}"
        assert key_entry(action) in rows[action.group], action.id


def test_actions_key_display_reads_as_typed():
    assert key_display("left_parenthesis") == "("
    assert key_display("dollar_sign") == "$"
    assert key_display("shift+left") == "shift+←"
    assert key_display("ctrl+home") == "ctrl+home"
    assert key_display("escape") == "escape" and key_display("space") == "space"


def test_actions_keys_table_script_check_fails_on_a_stale_readme(tmp_path):
    script = ROOT / "docs" / "keys_table.py"
    (tmp_path / "docs").mkdir()
    copy = tmp_path / "docs" / "keys_table.py"
    copy.write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n{KEYS_START}\n| old | table |\n{KEYS_END}\n", encoding="utf-8")
    check = [sys.executable, str(copy), "--check"]
    stale = subprocess.run(check, capture_output=True, text=True)
    assert stale.returncode == 1 and "python docs/keys_table.py" in stale.stdout
    subprocess.run([sys.executable, str(copy)], check=True)
    assert "| Edit | `u` `ctrl+z` Undo the last edit" in readme.read_text(encoding="utf-8")
    assert subprocess.run(check).returncode == 0
