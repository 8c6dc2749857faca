"""`annotator export` end to end on a SQLite store, and import(export(x)) through `annotator import`."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from formats.export_helpers import CORPUS, corpus, small_corpus
from typer.testing import CliRunner

from annotator.cli import app
from annotator.records.models import CanonicalRecord
from annotator.store import open_store

runner = CliRunner()


def _invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def db(tmp_path):
    """A SQLite store holding the sample corpus plus 12 small documents, as dataset 'news'."""
    url = f"sqlite:///{tmp_path / 'a.db'}"
    store = open_store(url)
    records = [*corpus(), *small_corpus(12)]
    store.add_documents("news", [r.document for r in records])
    for r in records:
        store.add_annotation("news", r.annotation)
    store.close()
    return url


def _canonical_lines(folder: Path) -> dict[str, CanonicalRecord]:
    out = {}
    for path in sorted(folder.glob("*.jsonl")):
        for raw in path.read_bytes().splitlines():
            rec = CanonicalRecord.model_validate_json(raw)
            out[rec.doc_id] = rec
    return out


def test_export_cli_jsonl_is_lossless_against_the_imported_corpus(tmp_path):
    url = f"sqlite:///{tmp_path / 'b.db'}"
    result = _invoke("import", str(CORPUS), "--db", url, "--dataset", "news")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    result = _invoke("export", "-f", "jsonl", "--out", str(out), "--db", url, "--dataset", "news")
    assert result.exit_code == 0, result.output
    (exported,) = _canonical_lines(out).values()
    (source,) = corpus()
    assert exported.document == source.document
    ann, want = exported.annotation, source.annotation
    assert ann.model_dump(exclude={"revision"}) == want.model_dump(exclude={"revision"})
    manifest = orjson.loads((out / "manifest.json").read_bytes())
    assert manifest["command"].startswith("annotator export --format jsonl --out ")
    assert manifest["dataset"] == "news"


@pytest.mark.parametrize("fmt", ["prodigy", "brat", "doccano", "labelstudio"])
def test_export_cli_import_of_an_export_gives_back_the_spans(tmp_path, db, fmt):
    out = tmp_path / fmt
    result = _invoke("export", "-f", fmt, "--out", str(out), "--db", db, "--dataset", "news")
    assert result.exit_code == 0, result.output
    url = f"sqlite:///{tmp_path / 'c.db'}"
    result = _invoke("import", str(out), "-f", fmt, "--db", url, "--dataset", "back")
    assert result.exit_code == 0, result.output
    again = tmp_path / "again"
    result = _invoke("export", "-f", "jsonl", "--out", str(again), "--db", url, "--dataset", "back")
    assert result.exit_code == 0, result.output
    back = _canonical_lines(again)
    sources = {r.doc_id: r for r in [*corpus(), *small_corpus(12)]}
    assert set(back) == set(sources)
    for doc_id, rec in back.items():
        assert sorted(s.key for s in rec.spans) == sorted(s.key for s in sources[doc_id].spans)


def test_export_cli_splits_and_summary(tmp_path, db):
    out = tmp_path / "out"
    args = ["export", "-f", "hf", "--out", str(out), "--db", db, "--dataset", "news"]
    result = _invoke(*args, "--split", "train=0.5,dev=0.25,test=0.25", "--seed", "4")
    assert result.exit_code == 0, result.output
    assert "train" in result.output and "manifest.json" in result.output
    manifest = orjson.loads((out / "manifest.json").read_bytes())
    assert sum(s["documents"] for s in manifest["splits"].values()) == 13


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        (["-f", "xml"], 2, "unknown format 'xml'"),
        (["-f", "hf", "--split", "train=0.5"], 2, "add up to 0.5"),
        (["-f", "hf", "--merge", "vote"], 2, "unknown merge policy"),
        (["-f", "hf", "--answers", "yes"], 2, "--answers"),
        (["-f", "hf", "--answers", "reject"], 1, "no reject answers"),
        (["-f", "hf", "--dataset", "nope"], 2, "no dataset 'nope'"),
    ],
)
def test_export_cli_bad_input_exit_codes(tmp_path, db, extra, code, message):
    args = ["export", "--out", str(tmp_path / "out"), "--db", db, "--dataset", "news", *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert message in " ".join(result.output.split())
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_export_cli_refuses_non_empty_out_without_force(tmp_path, db):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x", encoding="utf-8")
    args = ["export", "-f", "conll", "--out", str(out), "--db", db, "--dataset", "news"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "--force" in result.output
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert (out / "keep.txt").exists() and (out / "train.conll").exists()
