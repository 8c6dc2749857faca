"""spaCy DocBin export: reloaded docs match the records; `spacy debug data` finds no errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy
from export_helpers import corpus, export, record, small_corpus
from spacy.tokens import DocBin

from annotator.exporting import ExportError
from annotator.formats.base import FormatError
from annotator.formats.spacy_docbin import record_doc


def _docs(path):
    """Docs of a DocBin, rebuilt with a blank English vocab."""
    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def test_spacy_docbin_spans_match_source_records(tmp_path):
    from srsly.msgpack import msgpack_encoders

    records = [*corpus(), *small_corpus(5)]
    manifest = export(records, "spacy", tmp_path)
    assert "get_all" not in vars(msgpack_encoders)  # srsly's lookup is as the export found it
    docs = _docs(tmp_path / "train.spacy")
    assert len(docs) == len(records)
    left_out = {(c["doc_id"], c["start"], c["end"], c["label"]) for c in manifest["converted"]}
    for doc, source in zip(docs, records, strict=True):
        assert doc.text == source.text
        assert doc.user_data["doc_id"] == source.doc_id
        got = sorted((s.start_char, s.end_char, s.label_, s.text) for s in doc.spans["sc"])
        assert got == sorted((s.start, s.end, s.label, s.text) for s in source.spans)
        ents = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        for span in source.spans:
            key = (span.start, span.end, span.label)
            assert (key in ents) != ((source.doc_id, *key) in left_out)


def test_spacy_docbin_ents_keep_the_spans_inside_a_quote(tmp_path):
    manifest = export(small_corpus(1), "spacy", tmp_path)
    (doc,) = _docs(tmp_path / "train.spacy")
    labels = [e.label_ for e in doc.ents]
    assert "QUOTE" not in labels
    assert labels.count("COUNTRY") == 3
    (left,) = manifest["converted"]
    assert left["label"] == "QUOTE" and "doc.ents" in left["reason"]


def test_spacy_docbin_keeps_newlines_and_double_spaces(tmp_path):
    text = "Kenya  said:\n\n  Nearly 200   left.\t"
    export([record(text, [("Kenya", "COUNTRY"), ("Nearly 200", "FIGURE")])], "spacy", tmp_path)
    (doc,) = _docs(tmp_path / "train.spacy")
    assert doc.text == text
    assert [e.text for e in doc.ents] == ["Kenya", "Nearly 200"]


def test_spacy_docbin_unaligned_span_fails_naming_it(tmp_path):
    good = record("Kenya and Nepal sent men.", [("Kenya", "COUNTRY")])
    span = good.spans[0].model_copy(update={"end": 3, "text": "Ken"})
    bad = good.model_construct(**{**dict(good), "spans": (span,)})
    with pytest.raises(FormatError, match=r"\[0, 3\) COUNTRY 'Ken' does not align"):
        record_doc(bad, spacy.blank("en").vocab, None)
    with pytest.raises(ExportError) as caught:
        export([bad], "spacy", tmp_path / "out")
    assert any(i.code == "E204" and i.span_text == "Ken" for i in caught.value.issues)
    assert not (tmp_path / "out" / "train.spacy").exists()


def test_spacy_docbin_passes_spacy_debug_data(tmp_path):
    out = tmp_path / "out"
    export(small_corpus(150), "spacy", out, split="train=0.8,dev=0.2")
    config = tmp_path / "config.cfg"
    init = [sys.executable, "-m", "spacy", "init", "config", str(config)]
    subprocess.run(
        [*init, "--lang", "en", "--pipeline", "ner,spancat"], check=True, capture_output=True
    )
    result = subprocess.run(
        [
            *(sys.executable, "-m", "spacy", "debug", "data", str(config)),
            *("--paths.train", str(out / "train.spacy"), "--paths.dev", str(out / "dev.spacy")),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "✘" not in result.stdout, result.stdout[-3000:]
    assert "spans_key 'sc'" in result.stdout


def test_spacy_docbin_srsly_shortcut_nests_and_restores_what_it_found():
    """Overlapping spaCy exports share the one-time encoder lookup; the last to finish puts
    back exactly what srsly's registry had (its own method, or a patch someone else made)."""
    from srsly.msgpack import msgpack_encoders

    from annotator.formats.spacy_docbin import _msgpack_encoders_looked_up_once

    def theirs():
        return {}

    for before in (None, theirs):
        if before is not None:
            msgpack_encoders.get_all = before
        try:
            with _msgpack_encoders_looked_up_once():
                shortcut = vars(msgpack_encoders)["get_all"]
                with _msgpack_encoders_looked_up_once():
                    assert vars(msgpack_encoders)["get_all"] is shortcut
                assert vars(msgpack_encoders)["get_all"] is shortcut  # the outer export still runs
            assert vars(msgpack_encoders).get("get_all") is before
        finally:
            vars(msgpack_encoders).pop("get_all", None)
