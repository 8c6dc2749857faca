"""An export that runs out of space: one message, no "Exception ignored" noise, nothing left behind."""

from __future__ import annotations

import resource
import signal

import pytest

from .conftest import digest, fill, run_child

LIMIT_BYTES = 96 * 1024


def _small_file_limit() -> None:
    """In the child: files may not grow past LIMIT_BYTES (writes then fail, as on a full disk)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT_BYTES, LIMIT_BYTES))


@pytest.mark.parametrize("fmt", ["conll", "hf", "brat", "jsonl"])
def test_hostile_export_out_of_space_is_one_clean_message(tmp_path, fmt):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    fill(url, count=1500, annotators=("ann",))
    before = digest(tmp_path / "a.db")
    out = tmp_path / "out"
    args = ["export", "-f", fmt, "--out", str(out), "-d", "news", "--db", url]
    result = run_child(args, tmp_path, preexec_fn=_small_file_limit)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "cannot write" in result.stderr and "File too large" in result.stderr
    assert "Exception ignored" not in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert not out.exists()
    assert digest(tmp_path / "a.db") == before
