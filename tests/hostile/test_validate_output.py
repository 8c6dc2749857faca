"""`validate --format json` streams its issues; `--format github` escapes file names and data."""

from __future__ import annotations

import os
import subprocess
import sys

import orjson
import pytest
from typer.testing import CliRunner

from annotator.cli import app

from .conftest import ESCAPES, ROOT, assert_clean_exit, assert_no_controls, run_cli

PEAK_RSS = """
import resource, sys
from annotator.cli import main
try:
    main()
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def peak_kb_of_json_validate(path) -> int:
    """Peak resident memory (KB) of `annotator validate PATH --format json`, output discarded."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, "validate", str(path), "--format", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    return int(proc.stderr.strip().splitlines()[-1])


@pytest.mark.slow
def test_json_output_memory_does_not_grow_with_the_number_of_issues(work):
    small, large = work / "small.jsonl", work / "large.jsonl"
    small.write_bytes(b"[1]\n" * 20_000)
    large.write_bytes(b"[1]\n" * 200_000)
    grown = peak_kb_of_json_validate(large) - peak_kb_of_json_validate(small)
    assert grown < 40_000, f"peak memory grew by {grown} KB for 180,000 more issues"


def test_json_output_is_one_document_with_every_issue_and_the_summary(work):
    path = work / "in.jsonl"
    path.write_bytes(b"[1]\n{bad\n" + b"\n")
    result = CliRunner().invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    data = orjson.loads(result.stdout)
    assert [(i["code"], i["line"]) for i in data["issues"]] == [
        ("E101", 1),
        ("E100", 2),
        ("W110", 3),
    ]
    assert data["summary"]["errors"] == 2 and data["summary"]["records"] == 2


def test_json_output_without_issues_is_valid_json(work):
    from record_helpers import build_record

    path = work / "in.jsonl"
    path.write_bytes(orjson.dumps(build_record()) + b"\n")
    result = CliRunner().invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.stdout)["issues"] == []


def test_github_output_escapes_file_names_per_the_workflow_command_rules(work):
    folder = work / "data"
    folder.mkdir()
    name = "a,line=99\n::error file=x::forged%:\r.jsonl"
    (folder / name).write_bytes(b"[1]\n")
    proc = run_cli("validate", str(folder), "--format", "github", cwd=work)
    out = assert_clean_exit(proc, 1)
    lines = [line for line in proc.stdout.splitlines() if line]
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.startswith("::error file=")
    props, _, message = line[len("::error ") :].partition("::")
    assert "a%2Cline=99%0A%3A%3Aerror file=x%3A%3Aforged%25%3A%0D.jsonl" in props
    assert props.count(",") == 2 and "line=1" in props.split(",")
    assert "%0A" in message and "\r" not in out


def test_github_output_makes_control_characters_in_data_visible(work):
    path = work / f"x{ESCAPES}.jsonl"
    path.write_bytes(b"[1]\n")
    proc = run_cli("validate", str(path), "--format", "github", cwd=work)
    assert_no_controls(assert_clean_exit(proc, 1))
