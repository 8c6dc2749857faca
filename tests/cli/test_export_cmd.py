"""`annotator export` and `annotator schema json` into a place that cannot be written: a message, not a traceback."""

from __future__ import annotations

from pathlib import Path

from .conftest import invoke

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "foreign_fighters.jsonl"


def test_export_cmd_unwritable_out_exits_1_with_message(tmp_path):
    """An --out under a file (so no folder can be made there) names the path and the fix."""
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert invoke("import", str(CORPUS), "--db", db, "--dataset", "ff").exit_code == 0
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = invoke(
        "export", "--format", "jsonl", "--out", str(blocker / "out"), "--db", db, "-d", "ff"
    )
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "cannot write" in result.text and "--out" in result.text


def test_export_cmd_schema_json_unwritable_exits_2(tmp_path):
    """`schema json --out` pointing at a folder says it cannot write there."""
    result = invoke("schema", "json", "--out", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "cannot write" in result.text
