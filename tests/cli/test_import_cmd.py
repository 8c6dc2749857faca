"""Ctrl-C during `annotator import`: a message saying what was kept and how to finish, exit 130."""

from __future__ import annotations

import annotator.importing as importing
from annotator.store import open_store

from .conftest import invoke


def test_import_cmd_ctrl_c_says_what_is_kept(tmp_path, monkeypatch):
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
