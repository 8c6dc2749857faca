"""`annotator validate` through its real entry points: exit codes, formats, hostile input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from record_helpers import build_record

ROOT = Path(__file__).resolve().parents[2]
GOOD = orjson.dumps(build_record())


def run(*args: str, script: bool = False) -> subprocess.CompletedProcess:
    """Run the CLI in a child process from the repository root."""
    exe = (
        [str(Path(sys.executable).with_name("annotator"))]
        if script
        else [sys.executable, "-m", "annotator"]
    )
    return subprocess.run(
        [*exe, "validate", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    """Assert the child printed no Python traceback."""
    assert "Traceback" not in proc.stdout + proc.stderr


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """One file per hostile-input case."""
    warn = build_record()
    warn["_input_hash"] = 1
    cases = {
        "good": GOOD + b"\n",
        "warning": orjson.dumps(warn) + b"\n",
        "invalid_json": b"{not json\n",
        "not_object": b"[1, 2]\n",
        "bad_utf8": b'{"text": "\xff\xfe"}\n',
        "bom": b"\xef\xbb\xbf" + GOOD + b"\n",
        "lone_surrogate": GOOD.replace(b"Nearly", b"\\ud800early", 1) + b"\n",
        "empty": b"",
    }
    out = {}
    for name, body in cases.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(body)
        out[name] = path
    return out


def test_cli_validate_clean_file_exits_0_via_script(files):
    """The installed `annotator` script passes a clean file."""
    proc = run(str(files["good"]), script=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok: 1 records" in proc.stdout


@pytest.mark.parametrize(
    ("case", "code", "exit_code"),
    [
        ("invalid_json", "E100", 1),
        ("not_object", "E101", 1),
        ("bad_utf8", "E102", 1),
        ("bom", "W106", 0),
        ("lone_surrogate", "E109", 1),
        ("empty", "W105", 0),
    ],
)
def test_cli_validate_hostile_input_reported(files, case, code, exit_code):
    """Each bad input gets its code at file:line and the right exit code, never a traceback."""
    proc = run(str(files[case]), "--format", "json")
    no_traceback(proc)
    assert proc.returncode == exit_code, proc.stdout + proc.stderr
    issues = orjson.loads(proc.stdout)["issues"]
    assert [i["code"] for i in issues] == [code]
    assert issues[0]["path"] == str(files[case])
    if case != "empty":
        assert issues[0]["line"] == 1


def test_cli_validate_warnings_fail_only_when_strict(files):
    """Warnings alone exit 0; --strict makes them exit 1."""
    assert run(str(files["warning"])).returncode == 0
    assert run(str(files["warning"]), "--strict").returncode == 1


def test_cli_validate_text_format_groups_by_file(files):
    """Human output names the file, the location, the code, a fix and a summary."""
    proc = run(str(files["invalid_json"]), str(files["good"]))
    assert proc.returncode == 1
    assert f"{files['invalid_json']}:1: E100" in proc.stdout
    assert "fix:" in proc.stdout
    assert "failed: 2 records in 2 file(s), 1 error(s)" in proc.stdout


def test_cli_validate_github_format(files):
    """GitHub format prints workflow commands with file and line."""
    proc = run(str(files["not_object"]), str(files["bom"]), "--format", "github")
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(f"::error file={files['not_object']},line=1,title=E101::")
    assert lines[1].startswith(f"::warning file={files['bom']},line=1,title=W106::")
    assert proc.returncode == 1


def test_cli_validate_missing_path_and_empty_folder_exit_2(tmp_path):
    """A missing file or a folder with no JSONL is a usage error (exit 2), with a message."""
    (tmp_path / "readme.txt").write_text("nothing here")
    for target, code in ((tmp_path / "missing.jsonl", "E107"), (tmp_path, "E108")):
        proc = run(str(target))
        no_traceback(proc)
        assert proc.returncode == 2
        assert code in proc.stdout


def test_cli_validate_a_named_file_that_is_not_jsonl_is_one_issue_exit_2(tmp_path, files):
    """A README named by mistake gets one E111 saying what validate reads, not an E100 per line."""
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\n" + "Some prose.\n" * 200)
    proc = run(str(readme), str(files["good"]))
    no_traceback(proc)
    assert proc.returncode == 2
    assert proc.stdout.count("E111") == 1 and "E100" not in proc.stdout
    assert "is not JSONL or a schema TOML" in proc.stdout


def test_cli_validate_bad_schema_exits_2(tmp_path, files):
    """A broken --schema is reported with its line and exits 2."""
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nversion = "one"\n[[labels]]\nname = "A"\n')
    proc = run(str(files["good"]), "--schema", str(bad))
    no_traceback(proc)
    assert proc.returncode == 2
    assert "bad.toml:2" in proc.stderr and "E507" in proc.stderr


def test_cli_validate_schema_file_as_input(tmp_path):
    """Schema TOML files given as paths are checked too."""
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nversion = "1.0.0"\n[[labels]]\nname = "A"\ncolor = "red"\n')
    proc = run(str(bad), "--format", "json")
    assert proc.returncode == 1
    assert [(i["code"], i["line"]) for i in orjson.loads(proc.stdout)["issues"]] == [("E506", 5)]


def test_cli_validate_huge_single_line(tmp_path):
    """A 50 MB line is read and reported without a traceback."""
    path = tmp_path / "huge.jsonl"
    record = build_record()
    record["meta"] = {"blob": "x" * 50_000_000}
    record["answer"] = "perhaps"
    path.write_bytes(orjson.dumps(record) + b"\n")
    proc = run(str(path), "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 1
    issues = orjson.loads(proc.stdout)["issues"]
    assert [(i["code"], i["field"], i["line"]) for i in issues] == [("E103", "answer", 1)]
    assert len(proc.stdout) < 10_000
