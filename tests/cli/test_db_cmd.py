"""`annotator db restore` given a folder: says it is a folder, creates nothing."""

from __future__ import annotations

from .conftest import invoke


def test_store_cmd_restore_folder_says_folder(tmp_path):
    """A folder instead of a backup file is named as a folder, and no database is created."""
    target = tmp_path / "r.db"
    result = invoke("db", "restore", str(tmp_path), "--db", f"sqlite:///{target}")
    assert result.exit_code == 2, result.output
    assert "is a folder" in result.text
    assert not target.exists()
