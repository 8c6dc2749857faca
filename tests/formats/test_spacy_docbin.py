"""spaCy DocBin: exports spaCy loads (spans, ents, cats, user_data; `spacy debug data` passes),
and DocBins spaCy wrote read back with their entities, span groups and categories."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import orjson
import pytest
import spacy
from annotated import SCHEMA, annotated_records, relation_keys, span_keys
from export_helpers import corpus, export, record, small_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import DocBin

from annotator.exporting import ExportError, ExportOptions, parse_split_spec, run_export
from annotator.formats.base import FormatError, IncomingRecord, ReadProblem
from annotator.formats.spacy_docbin import read_spacy, record_doc
from annotator.importing.run import import_paths
from annotator.schema.model import parse_schema
from annotator.store import open_store


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


@pytest.mark.slow
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


def _plain(value):
    """A user_data value as JSON data (msgpack gives sequences back as tuples)."""
    return orjson.loads(orjson.dumps(value))


def test_spacy_docbin_user_data_and_cats_carry_relations_attributes_and_doc_labels(tmp_path):
    """What a spaCy user reads back: relations resolve to spans of doc.spans["sc"] by `id_`, span
    attributes and document labels are in doc.user_data, and chosen labels are cats at 1.0."""
    (source,) = corpus()
    manifest = export([source], "spacy", tmp_path)
    assert manifest["dropped_parts"] == {}
    (doc,) = _docs(tmp_path / "train.spacy")
    by_id = {span.id_: span for span in doc.spans["sc"]}
    assert set(by_id) == {s.id for s in source.spans}
    relations = doc.user_data["relations"]
    assert len(relations) == len(source.relations) > 0
    for relation, expected in zip(relations, source.relations, strict=True):
        head, child = by_id[relation["head"]], by_id[relation["child"]]
        want_head = next(s for s in source.spans if s.id == expected.head)
        assert (head.start_char, head.end_char, head.label_) == want_head.key
        assert child.label_ in ("ACTOR", "COUNTRY", "TACTIC")
        assert relation["label"] == expected.label
    attrs = doc.user_data["span_attrs"]
    assert attrs == {s.id: s.attrs for s in source.spans if s.attrs}
    assert attrs[by_id["COUNTRY:85-91"].id_] == {"iso3": "RUS"}
    assert _plain(doc.user_data["doc_labels"]) == {
        "relevance": ["on-topic"],
        "stance": ["critical"],
    }
    assert doc.cats == {
        "relevance=on-topic": 1.0,
        "relevance=off-topic": 0.0,
        "stance=critical": 1.0,
        "stance=neutral": 0.0,
        "stance=supportive": 0.0,
    }


def test_spacy_docbin_discontinuous_span_written_as_extent_with_fragments_in_user_data(tmp_path):
    source = record("Kenya and Nepal sent men.", [("Kenya and Nepal", "COUNTRY")])
    (span,) = source.spans
    split = span.model_copy(update={"fragments": ((0, 5), (10, 15))})
    source = source.model_copy(update={"spans": (split,)})
    manifest = export([source], "spacy", tmp_path)
    (converted,) = manifest["converted"]
    assert "extent" in converted["reason"] and manifest["dropped_parts"] == {}
    (doc,) = _docs(tmp_path / "train.spacy")
    assert [s.text for s in doc.spans["sc"]] == ["Kenya and Nepal"]
    assert _plain(doc.user_data["fragments"]) == {span.id: [[0, 5], [10, 15]]}
    (back,) = read_spacy(tmp_path / "train.spacy")
    assert back.spans[0].fragments == ((0, 5), (10, 15))


# ---- reading DocBins: spaCy's own annotated test examples -------------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "spacy"
SPACY_SCHEMA = parse_schema(
    """
name = "spacy-tests"
version = "1.0.0"
"""
    + "".join(
        f"""
[[labels]]
name = "{label}"
severity = {{ overlap = "warning" }}
[[labels.attributes]]
name = "spans_key"
type = "str"
"""
        for label in ("PERSON", "LOC", "DOUBLE_LOC", "UNUSUAL_SPAN_LABEL")
    )
    + """
[[doc_labels]]
name = "cats"
values = ["POSITIVE", "NEGATIVE", "ANGRY", "CONFUSED", "HAPPY"]
multiple = true
"""
)


def _spacy_test_docbin(path: Path) -> Path:
    """A DocBin made with spaCy's API from spaCy's own test examples (see PROVENANCE.md): the
    examples of test_ner, test_spancat and test_textcat as `Example.from_dict` builds them, the
    doc test_serialize_docbin fills by hand, and one with unknown spaces."""
    from spacy.lang.en import English
    from spacy.tokens import Doc
    from spacy.training import Example

    nlp = English()
    examples = orjson.loads((FIXTURES / "spacy_test_examples.json").read_bytes())
    docs = [
        Example.from_dict(nlp.make_doc(e["text"]), e["annotations"]).reference for e in examples
    ]
    doc = nlp("Some text")
    doc.cats = {"A": 0.5}
    span = doc[0:2]
    span.label_ = "UNUSUAL_SPAN_LABEL"
    span.id_ = "UNUSUAL_SPAN_ID"
    span.kb_id_ = "UNUSUAL_SPAN_KB_ID"
    doc.spans["start"] = [span]
    docs.append(doc)
    docs.append(Doc(nlp.vocab, words=["that", "'s"]))
    DocBin(store_user_data=True, docs=docs).to_disk(path)
    return path


def _by_text(items) -> dict[str, IncomingRecord]:
    return {r.text: r for r in items if isinstance(r, IncomingRecord)}


def _span_view(record) -> list[tuple[str, str, dict]]:
    ordered = sorted(record.spans, key=lambda s: (s.start, -s.end, s.label))
    return [(record.text[s.start : s.end], s.label, s.attrs) for s in ordered]


def test_spacy_reads_ents_span_groups_and_cats(tmp_path):
    records = _by_text(read_spacy(_spacy_test_docbin(tmp_path / "tests.spacy")))
    assert len(records) == 10  # 11 docs; the NER and spancat examples share a text
    shaka = [r for r in read_spacy(tmp_path / "tests.spacy") if r.text == "Who is Shaka Khan?"]
    assert [_span_view(r) for r in shaka] == [
        [("Shaka Khan", "PERSON", {})],
        [("Shaka Khan", "PERSON", {"spans_key": "labeled_spans"})],
    ]
    assert [t["text"] for t in shaka[0].tokens] == ["Who", "is", "Shaka", "Khan", "?"]
    assert _span_view(records["I like London and Berlin."]) == [
        ("London", "LOC", {}),
        ("Berlin", "LOC", {}),
    ]
    group = {"spans_key": "labeled_spans"}
    assert _span_view(records["I like London and Berlin"]) == [
        ("London and Berlin", "DOUBLE_LOC", group),
        ("London", "LOC", group),
        ("Berlin", "LOC", group),
    ]
    assert records[""].spans == ()
    assert records["I'm so happy."].doc_labels == {"cats": ("POSITIVE",)}
    assert records["I'm so angry"].doc_labels == {"cats": ("NEGATIVE",)}
    assert records["I'm angry and confused"].doc_labels == {"cats": ("ANGRY", "CONFUSED")}
    serialized = records["Some text"]
    assert _span_view(serialized) == [("Some text", "UNUSUAL_SPAN_LABEL", {"spans_key": "start"})]
    assert serialized.meta == {"cats": {"A": 0.5}}  # a score, not a choice
    assert [(loss.kind, loss.count) for loss in serialized.losses] == [("spaCy span id_/kb_id_", 1)]
    unknown = records["that 's "]
    assert [(t["text"], t["ws"]) for t in unknown.tokens] == [("that", True), ("'s", True)]
    assert all(r.annotator is None and r.relations == () for r in records.values())


def test_spacy_reader_counts_what_it_cannot_keep(tmp_path):
    from spacy.lang.en import English

    nlp = English()
    doc = nlp("Kenya sent men.")
    doc.ents = [doc.char_span(0, 5, label="LOC")]
    doc.spans["sc"] = [doc.char_span(0, 5, label="LOC")]
    doc[0].tag_ = "NNP"
    doc[0].lemma_ = "kenya"
    doc.user_data["source"] = "wire"
    DocBin(store_user_data=True, docs=[doc]).to_disk(tmp_path / "x.spacy")
    (back,) = read_spacy(tmp_path / "x.spacy")
    assert _span_view(back) == [("Kenya", "LOC", {})]
    assert {loss.kind: loss.count for loss in back.losses} == {
        "spaCy span in more than one place": 1,
        "spaCy token layer": 2,
        "spaCy user_data entry": 1,
    }


def test_spacy_reader_refuses_a_file_that_is_not_a_docbin(tmp_path):
    path = tmp_path / "notes.spacy"
    path.write_text("not a DocBin", encoding="utf-8")
    (problem,) = read_spacy(path)
    assert isinstance(problem, ReadProblem)
    assert problem.path == str(path) and "not a spaCy DocBin" in problem.message


def test_spacy_import_then_export_gives_back_the_same_annotations(tmp_path):
    """spaCy's examples through the store and out as a DocBin: the same spans with their groups,
    the same categories; spaCy reads the groups back under their own keys."""
    source = _spacy_test_docbin(tmp_path / "tests.spacy")
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    try:
        summary = import_paths(store, "d", [source], schema=SPACY_SCHEMA)
        options = ExportOptions(
            format="spacy",
            out_dir=tmp_path / "out",
            schema=SPACY_SCHEMA,
            plan=parse_split_spec(None, 0),
        )
        run_export(lambda keep=None: store.annotations("d", keep=keep), options)
    finally:
        store.close()
    assert [(p.line, p.message.split(";")[0]) for p in summary.problems] == [
        (5, "the text is empty")
    ]
    assert summary.losses == {"spaCy span id_/kb_id_": 1}
    before = [r for r in read_spacy(source) if isinstance(r, IncomingRecord) and r.text]
    after = list(read_spacy(tmp_path / "out" / "train.spacy"))

    def view(records):
        return sorted(
            (r.text, repr(_span_view(r)), repr(sorted(r.doc_labels.items())), repr(r.meta))
            for r in records
        )

    texts = [r.text for r in before]
    unique = {text for text in texts if texts.count(text) == 1}  # the same text twice is one
    assert len(unique) == 8  # document: which annotation stays is the importer's (issue 14)
    assert view(r for r in after if r.text in unique) == view(r for r in before if r.text in unique)
    docs = {d.text: d for d in _docs(tmp_path / "out" / "train.spacy")}
    group = docs["I like London and Berlin"].spans["labeled_spans"]
    assert sorted(s.text for s in group) == ["Berlin", "London", "London and Berlin"]
    assert docs["I'm angry and confused"].cats["cats=CONFUSED"] == 1.0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_records())
def test_spacy_docbin_hypothesis_round_trip_keeps_every_part(source):
    """Write then read any fully annotated record: the same text and tokens, span ids, labels,
    attributes and fragments, relations and document labels; nothing dropped."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        manifest = export([source], "spacy", out, schema=SCHEMA)
        (back,) = read_spacy(out / "train.spacy")
    assert manifest["dropped_parts"] == {}
    assert back.text == source.text
    assert list(back.tokens) == [t.model_dump() for t in source.tokens]
    assert span_keys(back.spans) == span_keys(source.spans)
    assert sorted(s.id for s in back.spans) == sorted(s.id for s in source.spans)
    assert relation_keys(back.relations, back.spans) == relation_keys(
        source.relations, source.spans
    )
    assert back.doc_labels == source.doc_labels
    assert (back.annotator, back.meta, back.losses) == (source.annotator, source.meta, ())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300))
def test_spacy_any_bytes_give_records_or_a_located_problem(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.spacy"
        path.write_bytes(data)
        items = list(read_spacy(path))
    assert items and all(isinstance(i, IncomingRecord | ReadProblem) for i in items)
    assert all(i.path == str(path) for i in items)


@pytest.mark.parametrize(
    ("entry", "value", "message"),
    [
        ("relations", [{"head": "a"}], "relations.0.child: Field required"),
        ("span_attrs", ["not", "a", "map"], "span_attrs: Input should be a valid dictionary"),
        ("fragments", {"A:0-5": [[0]]}, "fragments.A:0-5.0"),
        ("meta", {"raw": b"\x00"}, "holds a value JSON cannot hold"),
    ],
)
def test_spacy_reader_refuses_user_data_it_did_not_write_that_way(tmp_path, entry, value, message):
    """A Doc marked as this tool's whose user_data entries are not what it writes: the Doc is
    refused with its number and the entry named, the other Docs are read."""
    source = record("Kenya sent men.", [("Kenya", "COUNTRY")])
    export([source, *small_corpus(1)], "spacy", tmp_path)
    docs = _docs(tmp_path / "train.spacy")
    docs[0].user_data[entry] = value
    DocBin(store_user_data=True, docs=docs).to_disk(tmp_path / "edited.spacy")
    problem, fine = read_spacy(tmp_path / "edited.spacy")
    assert isinstance(problem, ReadProblem) and isinstance(fine, IncomingRecord)
    assert problem.line == 1 and message in problem.message
