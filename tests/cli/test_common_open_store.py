"""Commands that only read a database refuse a SQLite file that does not exist, and create none."""

from __future__ import annotations

import pytest

from annotator.bundled import SAMPLE_CORPUS

from .conftest import invoke

CORPUS = SAMPLE_CORPUS
READ_ONLY = [
    ["export", "--format", "jsonl", "--out", "out"],
    ["stats"],
    ["agreement"],
    ["review", "--auto-accept-unanimous"],
    ["db", "info"],
    ["db", "backup", "copy.db"],
    ["suggest"],
    ["train", "--out", "model", "--dataset", "sample"],
]


@pytest.mark.parametrize("command", READ_ONLY, ids=lambda c: " ".join(c[:2]))
def test_store_open_read_only_commands_refuse_a_missing_sqlite_file(tmp_path, command):
    result = invoke(*command, "--db", "sqlite:///new.db")
    assert result.exit_code == 2, result.output
    assert "no database at new.db (create one with annotator import or annotator annotate)" in (
        result.text
    )
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_store_open_import_still_creates_the_database(tmp_path):
    assert invoke("import", str(CORPUS), "--db", "sqlite:///new.db").exit_code == 0
    assert (tmp_path / "new.db").is_file()
    assert invoke("stats", "--db", "sqlite:///new.db").exit_code == 0
