"""Ctrl-C during import, export and suggest: a message saying what was kept and how to finish, exit 130."""

from __future__ import annotations

import annotator.importing as importing
from annotator.store import open_store

from .conftest import invoke


def test_interrupts_ctrl_c_says_what_is_kept(tmp_path, monkeypatch):
    """An interrupt after one committed batch reports it and exits 130 without a traceback."""
    real_import = importing.import_paths

    def import_then_interrupt(store, dataset, paths, *args, on_progress=None, **kwargs):
        real_import(store, dataset, paths, *args, on_progress=on_progress, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(importing, "import_paths", import_then_interrupt)
    article = tmp_path / "a.txt"
    article.write_text("Kenya said 17 men were recruited.", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'a.db'}"
    result = invoke("import", str(article), "--db", db, "-d", "news")
    assert result.exit_code == 130, result.output
    assert "interrupted; at least 1 new document(s) committed" in result.text
    assert "Run the same command again" in result.text
    store = open_store(db)
    try:
        assert len(store.document_ids("news")) == 1
    finally:
        store.close()


def _dataset(tmp_path, texts: list[str]) -> str:
    """A store with one dataset 'news' holding the given texts; returns its URL."""
    db = f"sqlite:///{tmp_path / 'a.db'}"
    for number, text in enumerate(texts):
        article = tmp_path / f"a{number}.txt"
        article.write_text(text, encoding="utf-8")
    assert invoke("import", str(tmp_path), "--db", db, "-d", "news").exit_code == 0
    return db


def test_interrupts_ctrl_c_during_export_says_it_is_incomplete(tmp_path, monkeypatch):
    """Ctrl-C during export exits 130 and says an export is whole only with its manifest."""
    import annotator.exporting as exporting

    db = _dataset(tmp_path, ["Kenya said 17 men were recruited."])

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(exporting, "run_export", interrupted)
    out = tmp_path / "out"
    result = invoke(
        "export",
        "-f",
        "jsonl",
        "--out",
        str(out),
        "--db",
        db,
        "-d",
        "news",
        "--answers",
        "accept,reject,ignore",
    )
    assert result.exit_code == 130, result.output
    assert "complete only when its manifest.json is there" in result.text


def test_interrupts_ctrl_c_during_suggest_counts_done_documents(tmp_path, monkeypatch):
    """Ctrl-C during suggest exits 130 saying how many documents already have suggestions."""
    import annotator.suggest as suggest

    db = _dataset(tmp_path, ["Kenya said 17 men were recruited.", "India sent 44 men."])

    class StopsAfterOne:
        name = "stub"

        def suggest(self, docs):
            yield []
            raise KeyboardInterrupt

    monkeypatch.setattr(suggest, "get_suggester", lambda spec, schema: StopsAfterOne())
    result = invoke("suggest", "--db", db, "-d", "news", "--with", "patterns")
    assert result.exit_code == 130, result.output
    assert "suggestions for 1 of 2 document(s) are stored" in result.text
