"""Shared helpers for hostile-input tests: run the CLI in a child process with a time limit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTROL = {chr(c) for c in range(0x20)} - {"\n"} | {"\x7f"} | {chr(c) for c in range(0x80, 0xA0)}
# Escape sequences and invisible characters a hostile file can hold.
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\u200b\u202e"


def run_cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m annotator ARGS` in `cwd`; TimeoutExpired fails the test (a hang)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    for name in ("ANNOTATOR_DB", "ANNOTATOR_DATASET", "ANNOTATOR_NAME"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env=env,
    )


def assert_clean_exit(proc: subprocess.CompletedProcess, code: int) -> str:
    """The exit code is `code`, no traceback was printed; return stdout+stderr."""
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out, out[-3000:]
    assert proc.returncode == code, out[-3000:]
    return out


def assert_no_controls(out: str) -> None:
    """No raw control character (other than line breaks) nor invisible format character."""
    found = sorted({c for c in out if c in CONTROL or c in "\u200b\u202e"})
    assert not found, (found, out[-2000:])


def write_jsonl(path: Path, *records: dict) -> Path:
    """Write records as JSONL."""
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def schema_toml(must_match: str, name: str = "hostile") -> str:
    """A one-label schema whose FIGURE spans must match `must_match` (TOML literal string)."""
    return (
        f'name = "{name}"\nversion = "1.0.0"\n\n[[labels]]\nname = "FIGURE"\nkey = "f"\n'
        f"must_match = '{must_match}'\n"
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """An empty working folder."""
    return tmp_path
