"""Exports read from a store: each split decodes only its own documents; counts stay whole."""

from __future__ import annotations

import pytest
from formats.export_helpers import corpus, record, schema, small_corpus

from annotator.exporting import (
    ExportError,
    ExportOptions,
    parse_merge,
    parse_split_spec,
    run_export,
)
from annotator.store import open_store, sql


def _store_with(tmp_path, records):
    """A SQLite store holding the records' documents and annotations in dataset 'd'."""
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    store.add_documents("d", [r.document for r in records])
    store.add_annotations("d", [r.annotation for r in records])
    return store


@pytest.mark.parametrize("views", [False, True])
def test_export_store_split_export_decodes_each_document_once(tmp_path, monkeypatch, views):
    """With three splits, a store-backed export decodes every document once, not once per split."""
    records = list(small_corpus(30))
    store = _store_with(tmp_path, records)
    decoded: list[str] = []
    name = "decode_document_view" if views else "decode_document"
    real = getattr(sql, name)

    def counting(doc_id, sha, body):
        decoded.append(doc_id)
        return real(doc_id, sha, body)

    monkeypatch.setattr(sql, name, counting)
    options = ExportOptions(
        format="jsonl",
        out_dir=tmp_path / "out",
        schema=schema(),
        plan=parse_split_spec("train=0.6,dev=0.2,test=0.2", 3),
    )
    manifest = run_export(lambda keep=None: store.annotations("d", keep=keep, views=views), options)
    store.close()
    assert manifest["totals"]["records"] == len(records)
    assert sorted(decoded) == sorted(r.doc_id for r in records)
    assert all(manifest["splits"][name]["documents"] > 0 for name in ("train", "dev", "test"))


def test_export_store_merge_skips_are_counted_over_every_split(tmp_path):
    """Documents an annotator:NAME merge leaves out are counted in every split, not just the first."""
    texts = [f"Kenya sent {n} men to Nepal." for n in range(2, 42)]
    records = [record(t, [("Kenya", "COUNTRY")], annotator="amy") for t in texts]
    records += [record(t, [("Nepal", "COUNTRY")], annotator="bob") for t in texts[:10]]
    store = _store_with(tmp_path, records)
    options = ExportOptions(
        format="jsonl",
        out_dir=tmp_path / "out",
        schema=schema(),
        plan=parse_split_spec("train=0.5,test=0.5", 1),
        merge=parse_merge("annotator:bob"),
    )
    manifest = run_export(lambda keep=None: store.annotations("d", keep=keep), options)
    store.close()
    assert manifest["merge_skipped"] == {"no answer by bob": 30}
    assert manifest["totals"]["records"] == 10


def _export_files(store, views: bool, fmt: str, out) -> tuple[dict, dict]:
    """Export dataset 'd' read as models or as views; (manifest without its time, file bytes)."""
    options = ExportOptions(
        format=fmt, out_dir=out, schema=schema(), plan=parse_split_spec("train=0.7,test=0.3", 2)
    )
    manifest = run_export(lambda keep=None: store.annotations("d", keep=keep, views=views), options)
    manifest.pop("created_at")
    return manifest, {rel: (out / rel).read_bytes() for rel in manifest["files"]}


@pytest.mark.parametrize("fmt", ["jsonl", "hf", "brat"])
def test_export_store_views_write_exactly_what_models_write(tmp_path, fmt):
    """Documents read with their tokens flat (what `annotator export` does) give the same files
    and manifest as documents read as models, for the exporter's own lines and for writers."""
    records = [*corpus(), *small_corpus(25)]
    store = _store_with(tmp_path, records)
    as_models = _export_files(store, False, fmt, tmp_path / "models")
    as_views = _export_files(store, True, fmt, tmp_path / "views")
    store.close()
    assert as_views == as_models
    assert as_views[0]["totals"]["records"] == len(records)


def test_export_store_views_refuse_bad_records_as_models_do(tmp_path):
    """A stored record the checks refuse is refused, located the same, when read as a view."""
    bad = record("Kenya sent 12 men.", [("Kenya", "COUNTRY"), ("men", "FIGURE")])
    store = _store_with(tmp_path, [*small_corpus(3), bad])
    found = []
    for views in (False, True):
        with pytest.raises(ExportError) as caught:
            _export_files(store, views, "jsonl", tmp_path / f"out{views}")
        found.append([(i.code, i.path, i.span_text) for i in caught.value.issues])
    store.close()
    assert found[0] == found[1] and found[0][0][0] == "E301"


def test_export_store_views_build_each_document_once_for_all_its_annotators(tmp_path, monkeypatch):
    """With five annotators on each document, a writer that needs Document models gets them
    built once per document, not once per annotation."""
    from annotator.records import line_writer

    texts = [f"Kenya sent {n} men to Nepal." for n in range(2, 12)]
    records = [
        record(t, [("Kenya", "COUNTRY")], annotator=name)
        for t in texts
        for name in ("amy", "bo", "cy", "di", "ed")
    ]
    store = _store_with(tmp_path, records)
    built: list[str] = []
    real = line_writer.tokens_from_flat

    def counting(text, flat):
        built.append(text)
        return real(text, flat)

    monkeypatch.setattr(line_writer, "tokens_from_flat", counting)
    manifest, _ = _export_files(store, True, "hf", tmp_path / "out")
    store.close()
    assert manifest["totals"]["records"] == len(records)
    assert sorted(built) == sorted(texts)
