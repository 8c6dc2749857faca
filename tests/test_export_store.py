"""Exports read from a store: each split decodes only its own documents; counts stay whole."""

from __future__ import annotations

from formats.export_helpers import record, schema, small_corpus

from annotator.exporting import ExportOptions, parse_merge, parse_split_spec, run_export
from annotator.store import open_store, sql


def _store_with(tmp_path, records):
    """A SQLite store holding the records' documents and annotations in dataset 'd'."""
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    store.add_documents("d", [r.document for r in records])
    store.add_annotations("d", [r.annotation for r in records])
    return store


def test_export_store_split_export_decodes_each_document_once(tmp_path, monkeypatch):
    """With three splits, a store-backed export decodes every document once, not once per split."""
    records = list(small_corpus(30))
    store = _store_with(tmp_path, records)
    decoded: list[str] = []
    real = sql.decode_document

    def counting(doc_id, sha, body):
        decoded.append(doc_id)
        return real(doc_id, sha, body)

    monkeypatch.setattr(sql, "decode_document", counting)
    options = ExportOptions(
        format="jsonl",
        out_dir=tmp_path / "out",
        schema=schema(),
        plan=parse_split_spec("train=0.6,dev=0.2,test=0.2", 3),
    )
    manifest = run_export(lambda keep=None: store.annotations("d", keep=keep), options)
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
