"""Ctrl-C and kill -9 during import, export (and `export --force`) and suggest: what is kept, exit 130."""

from __future__ import annotations

import pytest

import annotator.importing.run as importing
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


def _answered(tmp_path, count: int) -> str:
    """Dataset 'news' of `count` documents, each accepted with a COUNTRY span; the store's URL."""
    from datetime import UTC, datetime

    from annotator.records.models import Annotation, make_document, make_span
    from annotator.records.tokenization import tokenize, tokenizer_id

    url = f"sqlite:///{tmp_path / 'a.db'}"
    texts = [f"Kenya said {10 + i % 80} men were recruited in week {i}." for i in range(count)]
    docs = [make_document(t, tokenize(t), tokenizer_id(), {}) for t in texts]
    stamp = datetime(2026, 1, 2, tzinfo=UTC)
    store = open_store(url)
    store.add_documents("news", docs)
    store.add_annotations(
        "news",
        [
            Annotation(
                doc_id=d.doc_id,
                annotator="ann",
                answer="accept",
                spans=(make_span(d, 0, 5, "COUNTRY"),),
                schema="foreign-fighters@1.0.0",
                created_at=stamp,
                updated_at=stamp,
            )
            for d in docs
        ],
    )
    store.close()
    return url


def _export_args(db: str, out, fmt: str, *more: str) -> list[str]:
    return ["export", "-f", fmt, "--out", str(out), "-d", "news", "--db", db, *more]


def _manifest_holds(out) -> None:
    """Whenever manifest.json exists, every file it lists is there with its sha256."""
    import hashlib

    import orjson

    manifest = out / "manifest.json"
    if not manifest.exists():
        return
    for rel, entry in orjson.loads(manifest.read_bytes())["files"].items():
        path = out / rel
        assert path.is_file(), f"manifest.json lists {rel}, which is gone"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], rel


def _data_files(folder) -> dict[str, bytes]:
    """Every file of an export but its manifest (whose times differ), with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def _finish_and_compare(db: str, out, fresh) -> None:
    """Run `--force` again to the end: the folder holds exactly a fresh export, nothing else."""
    result = invoke(*_export_args(db, out, "jsonl", "--force"))
    assert result.exit_code == 0, result.output
    _manifest_holds(out)
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "train.jsonl"]
    assert _data_files(out) == _data_files(fresh)


def test_interrupts_ctrl_c_while_force_removes_the_previous_export(tmp_path, monkeypatch):
    """Ctrl-C amid the deletions of `--force`: no manifest lists a gone file; a rerun finishes."""
    from pathlib import Path

    db = _answered(tmp_path, 6)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    assert invoke(*_export_args(db, out, "brat")).exit_code == 0
    assert invoke(*_export_args(db, fresh, "jsonl")).exit_code == 0
    real_unlink = Path.unlink
    deleted: list[str] = []

    def unlink_then_interrupt(self, missing_ok=False):
        if out in self.parents and self.suffix in (".txt", ".ann"):
            deleted.append(self.name)
            if len(deleted) == 3:
                raise KeyboardInterrupt
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink_then_interrupt)
    result = invoke(*_export_args(db, out, "jsonl", "--force"))
    monkeypatch.setattr(Path, "unlink", real_unlink)
    assert result.exit_code == 130, result.output
    assert "complete only when its manifest.json is there" in result.text
    assert len(deleted) == 3
    _manifest_holds(out)
    _finish_and_compare(db, out, fresh)


def _kill_when(argv: list[str], cwd, ready, delay: float) -> None:
    """Start `annotator ARGV` in a child process and SIGKILL it `delay` s after `ready()` holds."""
    import signal
    import subprocess
    import sys
    import time

    child = subprocess.Popen(
        [sys.executable, "-m", "annotator", *argv],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not ready():
            assert child.poll() is None, "the export ended before the moment to kill it"
            assert time.monotonic() < deadline, "the export never reached the moment to kill it"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()


@pytest.mark.slow
def test_interrupts_kill_9_while_force_removes_the_previous_export(tmp_path):
    """kill -9 as `--force` starts dismantling the previous export, at several moments."""
    import shutil

    db = _answered(tmp_path, 400)
    template, fresh = tmp_path / "template", tmp_path / "fresh"
    assert invoke(*_export_args(db, template, "brat")).exit_code == 0
    assert invoke(*_export_args(db, fresh, "jsonl")).exit_code == 0
    first = sorted((template / "train").iterdir())[0]
    assert first.is_file()
    midway = 0
    for round_number, delay in enumerate((0.0, 0.002, 0.01)):
        out = tmp_path / f"out{round_number}"
        shutil.copytree(template, out)
        watched = out / first.relative_to(template)

        def dismantling(out=out, watched=watched) -> bool:
            return not (out / "manifest.json").exists() or not watched.exists()

        _kill_when(_export_args(db, out, "jsonl", "--force"), tmp_path, dismantling, delay)
        midway += not (out / "manifest.json").exists()
        _manifest_holds(out)
        _finish_and_compare(db, out, fresh)
    assert midway, "no kill landed while the previous export was being replaced"


@pytest.mark.slow
def test_interrupts_kill_9_while_staging_then_force_cleans_up(tmp_path):
    """A killed export leaves its staging folder; the previous export stays whole; the next cleans."""
    db = _answered(tmp_path, 400)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    assert invoke(*_export_args(db, out, "brat")).exit_code == 0
    assert invoke(*_export_args(db, fresh, "jsonl")).exit_code == 0

    def staging_started() -> bool:
        return any(
            p.name.startswith(".export-staging-") and any(p.iterdir()) for p in out.iterdir()
        )

    _kill_when(_export_args(db, out, "jsonl", "--force"), tmp_path, staging_started, 0.0)
    assert any(p.name.startswith(".export-staging-") for p in out.iterdir())
    _manifest_holds(out)
    assert (out / "manifest.json").is_file()
    _finish_and_compare(db, out, fresh)
