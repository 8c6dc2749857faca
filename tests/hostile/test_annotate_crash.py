"""`annotate` that crashes: exit 1, one line naming the log file that holds the traceback."""

from __future__ import annotations

import pytest

from annotator.store import open_store

from .conftest import fill, invoke, rows


@pytest.fixture
def headless(monkeypatch, tmp_path):
    """Run the app without a terminal, crash logs under tmp_path/state."""
    import textual.constants

    monkeypatch.setattr(
        textual.constants, "DRIVER", "textual.drivers.headless_driver:HeadlessDriver"
    )
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state" / "annotator"


def _logs(folder):
    return sorted(folder.glob("annotate-crash-*.log")) if folder.exists() else []


def _without_claims(snapshot: dict) -> dict:
    """Stored data other than claims (opening a task claims it, as it should)."""
    kept = {table: found for table, found in snapshot.items() if table != "claims"}
    kept["dataset_docs"] = [row[:4] for row in kept["dataset_docs"]]  # not claim_expires
    return kept


def test_hostile_annotate_crash_exits_1_with_the_log_path(tmp_path, headless, monkeypatch):
    from annotator.tui.flow import TaskFlow

    url = f"sqlite:///{tmp_path / 'a.db'}"
    fill(url, count=2, annotators=())

    def boom(self):
        raise RuntimeError("boom while opening the next task\nsecond line")

    monkeypatch.setattr(TaskFlow, "next_document", boom)
    before = rows(url)
    result = invoke("annotate", "--db", url, "-d", "news", "-a", "kim")
    assert result.exit_code == 1, result.output
    (log,) = _logs(headless)
    assert result.output.count("\n") == 1, result.output
    assert (
        "annotate stopped on an unexpected error (RuntimeError: boom while opening the next "
        "task); every edit shown as saved is kept. The traceback is in " + str(log)
    ) in result.text
    assert "Traceback" not in result.output
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "boom while opening the next task" in text
    assert _without_claims(rows(url)) == _without_claims(before)


def test_hostile_annotate_unreadable_row_met_by_the_screen(tmp_path, headless):
    """A damaged journal row met inside the app: the row is named, the traceback logged."""
    url = f"sqlite:///{tmp_path / 'a.db'}"
    (doc, _) = fill(url, count=2, annotators=())
    store = open_store(url)
    store.append_edit("news", doc.doc_id, "kim", {"op": "noop"})
    with store._write():
        store._exec("UPDATE journal SET op = '{broken' WHERE annotator = 'kim'")
    store.close()
    before = rows(url)
    result = invoke("annotate", "--db", url, "-d", "news", "-a", "kim")
    assert result.exit_code == 1, result.output
    (log,) = _logs(headless)
    assert f"stored edit 1 of doc {doc.doc_id} by kim in dataset 'news' cannot be read" in (
        result.text
    )
    assert f"the traceback is in {log}" in result.text
    assert "Traceback" not in result.output
    assert "BadRowError" in log.read_text(encoding="utf-8")
    assert _without_claims(rows(url)) == _without_claims(before)


def test_hostile_annotate_clean_quit_writes_no_log(tmp_path, headless, monkeypatch):
    """An app that ends normally exits 0 and leaves no crash log."""
    from annotator.tui.app import AnnotatorApp

    url = f"sqlite:///{tmp_path / 'a.db'}"
    fill(url, count=1, annotators=())
    monkeypatch.setattr(AnnotatorApp, "on_ready", lambda self: self.exit(), raising=False)
    result = invoke("annotate", "--db", url, "-d", "news", "-a", "kim")
    assert result.exit_code == 0, result.output
    assert _logs(headless) == []
