"""The textual wall: the core, including the CLI, never imports textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import pkgutil, sys, importlib
import annotator
names = [m.name for m in pkgutil.walk_packages(annotator.__path__, "annotator.")
         if not m.name.startswith("annotator.tui") and m.name != "annotator.__main__"]
for name in names:
    importlib.import_module(name)
from annotator.cli import app
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(len(names), loaded)
assert not loaded, loaded
"""

RUN_VALIDATE = """
import sys
from annotator.bundled import SAMPLE_CORPUS
from annotator.cli import main
sys.argv = ["annotator", "validate", str(SAMPLE_CORPUS)]
try:
    main()
except SystemExit:
    pass
assert "textual" not in sys.modules
"""


def test_walls_core_modules_do_not_import_textual():
    """Importing every module outside annotator.tui leaves textual unloaded."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.split()[0]) >= 10


def test_walls_validate_command_does_not_import_textual():
    """Running `annotator validate` does not load the TUI."""
    proc = subprocess.run(
        [sys.executable, "-c", RUN_VALIDATE], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
