"""`annotator import` and `annotator db ...` as a user runs them: messages and exit codes."""

from __future__ import annotations

import orjson
from typer.testing import CliRunner

from annotator.bundled import SAMPLE_CORPUS
from annotator.cli import app
from annotator.store import open_store

CORPUS = SAMPLE_CORPUS
runner = CliRunner()


def test_store_cli_import_exit_codes_and_quiet_output(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    ok = runner.invoke(app, ["import", str(CORPUS), "--db", db, "--dataset", "ff"])
    assert ok.exit_code == 0, ok.output
    assert "1 new document(s)" in ok.output
    assert "\x1b[" not in ok.output and "━" not in ok.output
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"text": "Kenya sent 17 men."}\n{"text": 5}\n')
    partly = runner.invoke(app, ["import", str(bad), "--db", db, "--dataset", "ff"])
    assert partly.exit_code == 1
    assert f"{bad}:2: field 'text' must be a string" in partly.output
    missing = runner.invoke(app, ["import", "nope.jsonl", "--db", db])
    assert missing.exit_code == 2
    assert "nope.jsonl: no such file" in missing.output
    unknown = runner.invoke(app, ["import", str(bad), "--format", "xml", "--db", db])
    assert unknown.exit_code == 2
    assert "Traceback" not in unknown.output


def test_store_cli_import_summary_counts_records_imported_and_skipped(tmp_path):
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_bytes(
        b'{"text": "Kenya sent 17 men.", "spans": [{"start": 0, "end": 5, "label": "COUNTRY"}]}\n'
        b'{"text": "Kenya sent 18 men.", "spans": [{"start": 0, "end": 6, "label": "COUNTRY"}]}\n'
        b"{not json\n"
        b'{"text": "Chad sent 9 men.", "spans": [{"start": 0, "end": 99, "label": "COUNTRY"}]}\n'
    )
    result = runner.invoke(app, ["import", str(tasks), "--db", "sqlite:///t.db"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    order = [next(i for i, x in enumerate(lines) if f"tasks.jsonl:{n}:" in x) for n in (2, 3, 4)]
    assert order == sorted(order)
    assert "4 record(s) read from 1 file(s); 1 imported" in result.output
    assert "3 line(s) skipped" in result.output


def test_store_cli_default_database_is_created_in_the_current_folder(tmp_path):
    result = runner.invoke(app, ["import", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "annotator.db").is_file()
    info = runner.invoke(app, ["db", "info", "--json"])
    data = orjson.loads(info.output)
    assert data["datasets"]["sample"]["documents"] == 1
    assert data["datasets"]["sample"]["annotators"] == {"lead": {"accept": 1}}


def test_store_cli_corrupt_database_is_a_clear_error(tmp_path):
    (tmp_path / "bad.db").write_bytes(b"garbage" * 1000)
    result = runner.invoke(app, ["db", "info", "--db", "sqlite:///bad.db"])
    assert result.exit_code == 2
    assert "not a usable annotator database" in result.output
    assert "Traceback" not in result.output


def test_store_cli_backup_and_restore_round_trip(any_store_url, tmp_path):
    assert runner.invoke(app, ["import", str(CORPUS), "--db", any_store_url]).exit_code == 0
    store = open_store(any_store_url)
    doc_id = store.document_ids("sample")[0]
    store.append_edit("sample", doc_id, "lead", {"op": "add", "start": 0})
    store.suggestions.reject("sample", doc_id, "lead", 0, 10, "FIGURE")
    before = [(d, a) for d, a in store.annotations("sample")]
    store.close()
    backup = tmp_path / "backup.bin"
    made = runner.invoke(app, ["db", "backup", str(backup), "--db", any_store_url])
    assert made.exit_code == 0, made.output
    again = runner.invoke(app, ["db", "backup", str(backup), "--db", any_store_url])
    assert again.exit_code == 2 and "exists" in again.output
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    restored = runner.invoke(app, ["db", "restore", str(backup), "--db", target])
    assert restored.exit_code == 0, restored.output
    copy = open_store(target)
    assert list(copy.annotations("sample")) == before
    assert [e.op for e in copy.journal("sample", doc_id, "lead")] == [{"op": "add", "start": 0}]
    assert copy.suggestions.rejected("sample", doc_id, "lead") == {(0, 10, "FIGURE")}
    copy.close()
    refused = runner.invoke(app, ["db", "restore", str(backup), "--db", target])
    assert refused.exit_code == 1
    assert "already holds" in refused.output


def test_store_cli_restore_refusal_suggests_a_database_that_does_not_exist(tmp_path):
    assert runner.invoke(app, ["import", str(CORPUS), "--db", "sqlite:///a.db"]).exit_code == 0
    assert (
        runner.invoke(app, ["db", "backup", "backup.db", "--db", "sqlite:///a.db"]).exit_code == 0
    )
    first = runner.invoke(app, ["db", "restore", "backup.db", "--db", "sqlite:///restored.db"])
    assert first.exit_code == 0, first.output
    refused = runner.invoke(app, ["db", "restore", "backup.db", "--db", "sqlite:///restored.db"])
    assert refused.exit_code == 1
    suggested = refused.output.split("--db ")[-1].split()[0]
    assert suggested.startswith("sqlite:///") and suggested != "sqlite:///restored.db"
    assert not (tmp_path / suggested.removeprefix("sqlite:///")).exists()
    again = runner.invoke(app, ["db", "restore", "backup.db", "--db", suggested])
    assert again.exit_code == 0, again.output


def test_store_cli_failed_restore_leaves_no_new_database_file(tmp_path):
    (tmp_path / "notes.md").write_text("# Notes\n\nnot a backup\n")
    failed = runner.invoke(app, ["db", "restore", "notes.md", "--db", "sqlite:///r2.db"])
    assert failed.exit_code == 1
    assert "not a line of an annotator dump" in failed.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]
