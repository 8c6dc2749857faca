"""Prodigy: db-out files read whole (relations, binary and choice answers, hashes), and written back."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import spacy
from export_helpers import corpus, export, keys, schema
from hypothesis import HealthCheck, given, settings
from roundtrip_helpers import annotated, invoke, relation_keys, schema_file
from spacy.tokens import Doc

from annotator.exporting.report import ExportReport
from annotator.formats.base import IncomingRecord, ReadProblem
from annotator.formats.jsonl import read_jsonl
from annotator.formats.prodigy import EXTRAS, prodigy_task, read_prodigy, task_record
from annotator.records.tokenization import doc_id_for
from annotator.schema.model import parse_schema
from annotator.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "prodigy"
GGP_SCHEMA = """
[[relations]]
name = "POS_REG"
head = ["GGP"]
child = ["GGP"]
[[relations]]
name = "NO_REL"
head = ["GGP"]
child = ["GGP"]
"""


def _read(path: Path) -> tuple[list[IncomingRecord], list[ReadProblem]]:
    items = list(read_prodigy(path))
    return (
        [i for i in items if isinstance(i, IncomingRecord)],
        [i for i in items if isinstance(i, ReadProblem)],
    )


def _lines(path: Path) -> list[dict]:
    return [orjson.loads(x) for x in path.read_bytes().splitlines() if x.strip()]


# Reading Prodigy's own files


def test_prodigy_rel_manual_relations_link_the_tasks_spans():
    (smad, bmp), problems = _read(FIXTURES / "rel_component_annotations.jsonl")
    assert problems == []
    assert len(smad.spans) == 5 and len(smad.tokens) == 25
    head = (13, 17, "GGP")
    assert relation_keys(smad) == [
        (head, (66, 69, "GGP"), "Pos-Reg"),
        (head, (79, 82, "GGP"), "Pos-Reg"),
        (head, (100, 103, "GGP"), "No-rel"),
        (head, (108, 111, "GGP"), "No-rel"),
    ]
    assert relation_keys(bmp) == [((135, 140, "GGP"), (21, 24, "GGP"), "Pos-Reg")]
    assert smad.meta == {
        "source": "BioNLP 2011 Genia Shared Task, PMC-1134658-00-TIAB.txt",
        EXTRAS: {"_input_hash": -13216227, "_task_hash": 1212627981},
    }  # Prodigy's hashes kept; the view id is the one the writer derives, so it is not kept
    assert smad.losses == ()


def test_prodigy_relation_end_with_no_span_becomes_one_or_is_reported(tmp_path):
    task = orjson.loads((FIXTURES / "rel_component_annotations.jsonl").read_bytes().splitlines()[1])
    relation = task["relations"][0]
    task["spans"] = []  # the ends are labelled: they become spans
    record = task_record(task, "x", 1)
    assert keys(record.spans) == [(21, 24, "GGP"), (135, 140, "GGP")]
    assert len(record.relations) == 1
    relation["child_span"]["label"] = None  # an end on bare tokens cannot be linked
    task["spans"] = [{"start": 135, "end": 140, "label": "GGP"}]
    record = task_record(task, "x", 1)
    assert record.relations == ()
    ((loss,),) = [record.losses]
    assert (loss.kind, loss.count) == ("Prodigy relation(s) on unlabelled tokens", 1)


def test_prodigy_binary_ner_answers_are_suggestions_with_decisions_never_gold():
    records, problems = _read(FIXTURES / "ner_teach_shape.jsonl")
    assert problems == []
    assert all(r.spans is None for r in records)
    decided = [
        (s.span.label, s.decision, s.source, s.score) for r in records for s in r.suggestions
    ]
    assert decided == [
        ("COUNTRY", "accept", "en_core_web_sm", 0.91),
        ("ACTOR", "reject", "en_core_web_sm", 0.43),
        ("FIGURE", None, "en_core_web_sm", 0.56),
    ]


def test_prodigy_binary_ner_import_stores_suggestions_and_rejections(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    result = invoke(
        "import", str(FIXTURES / "ner_teach_shape.jsonl"), "-f", "prodigy",
        "--db", url, "--dataset", "d",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "0 annotation(s) stored" in result.output
    assert "3 suggestion(s) stored" in result.output
    assert "not kept: 3 Prodigy ner.teach task key(s) (_task_hash, _view_id of the" in result.output
    doc_id = doc_id_for(_read(FIXTURES / "ner_teach_shape.jsonl")[0][0].text)
    store = open_store(url)
    try:
        assert list(store.annotations("d")) == []
        offered = {s.span.key for s in store.suggestions.get("d", doc_id, "news-kim")}
        rejected = store.suggestions.rejected("d", doc_id, "news-kim")
    finally:
        store.close()
    assert offered == {(85, 91, "COUNTRY"), (0, 10, "FIGURE")}
    assert rejected == {(138, 145, "ACTOR")}


def test_prodigy_choice_answers_become_document_labels():
    records, problems = _read(FIXTURES / "textcat_multi.jsonl")
    assert problems == []
    assert [(r.doc_labels, r.answer) for r in records[:3]] == [
        ({"choice": ("bar",)}, "accept"),
        ({}, "accept"),
        ({"choice": ("buz",)}, "accept"),
    ]
    assert [r.answer for r in records[7:]] == ["reject", "accept", "ignore"]
    assert all(r.spans == () for r in records)  # answered, no spans
    first = records[0]
    assert first.annotator == "2023-10-27_16-51-38"
    assert first.meta[EXTRAS]["config"] == {"choice_style": "single"}
    assert first.meta[EXTRAS]["_task_hash"] == -978533357


def test_prodigy_binary_textcat_answers_become_a_label_named_by_the_task():
    records, problems = _read(FIXTURES / "textcat_binary.jsonl")
    assert problems == []
    assert [(r.doc_labels, r.answer) for r in records] == [
        ({"foo": ("accept",)}, "accept"),
        ({"foo": ("reject",)}, "accept"),
        ({}, "ignore"),
        ({"foo": ("reject",)}, "accept"),
    ]
    assert records[2].meta[EXTRAS]["label"] == "foo"  # an ignored question keeps its label
    issues, _ = _read(FIXTURES / "github_issues_textcat.jsonl")
    assert [r.doc_labels for r in issues] == [
        {"DOCUMENTATION": ("reject",)},
        {"DOCUMENTATION": ("reject",)},
        {"DOCUMENTATION": ("accept",)},
    ]
    assert issues[0].meta["score"] == 0.6091532707
    assert issues[0].meta[EXTRAS]["priority"] == 0.6815195


@pytest.mark.parametrize(
    ("task", "message"),
    [
        ({"text": "Kenya", "spans": [{"start": 0, "end": 5, "label": "C", "answer": "maybe"}]},
         "spans[0]: answer 'maybe' must be accept, reject or ignore"),
        ({"text": "Kenya", "accept": [{"id": 1}]}, "'accept' must be a list of option ids"),
        ({"text": "Kenya", "relations": [{"label": "R", "head_span": 3}]},
         "relations[0].head_span must be an object"),
        ({"text": "Kenya", "relations": [{"label": "R", "head_span": {"start": 0, "end": 9, "label": "C"}}]},
         "relations[0].head_span: span [0, 9) C is empty or outside the text"),
        ({"text": "Kenya", "spans": [{"start": 0, "end": 5, "label": "C", "attrs": [1]}]},
         "spans[0]: 'attrs' must be an object"),
    ],
)  # fmt: skip
def test_prodigy_bad_task_names_the_field(task, message):
    found = task_record(task, "f.jsonl", 4)
    assert isinstance(found, ReadProblem)
    assert found.where() == "f.jsonl:4"
    assert found.message.startswith(message)


# Importing them and writing them back


def _round_trip(tmp_path: Path, source: Path, schema_path: Path) -> tuple[Path, str]:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    common = ("--db", url, "--dataset", "d", "--schema", str(schema_path))
    result = invoke("import", str(source), "-f", "prodigy", *common)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    result = invoke("export", "-f", "prodigy", "--out", str(out), "--answers",
                     "accept,reject,ignore", *common)  # fmt: skip
    assert result.exit_code == 0, result.output
    return out / "train.jsonl", url


def test_prodigy_choice_file_round_trips_with_its_options_and_hashes(tmp_path):
    source = FIXTURES / "textcat_multi.jsonl"
    doc_labels = '[[doc_labels]]\nname = "choice"\nvalues = ["foo", "bar", "buz"]\n'
    written, _ = _round_trip(tmp_path, source, schema_file(tmp_path, ["X"], doc_labels))
    by_text = {t["text"]: t for t in _lines(written)}
    for task in _lines(source):
        back = by_text[task["text"]]
        for key in ("accept", "answer", "options", "config", "_input_hash", "_task_hash",
                    "_view_id", "_annotator_id", "_session_id", "_timestamp"):  # fmt: skip
            assert back[key] == task[key], key


def test_prodigy_binary_textcat_round_trips(tmp_path):
    source = FIXTURES / "textcat_binary.jsonl"
    doc_labels = '[[doc_labels]]\nname = "foo"\nvalues = ["accept", "reject"]\n'
    written, _ = _round_trip(tmp_path, source, schema_file(tmp_path, ["X"], doc_labels))
    by_text = {t["text"]: t for t in _lines(written)}
    for task in _lines(source):
        back = by_text[task["text"]]
        assert "accept" not in back
        for key in ("label", "answer", "_input_hash", "_task_hash", "_view_id"):
            assert back[key] == task[key], key


def test_prodigy_rel_manual_round_trips_and_spacy_reads_therelation_keys(tmp_path):
    """The file's relation labels renamed to capitals, as the schema requires today."""
    raw = (FIXTURES / "rel_component_annotations.jsonl").read_text(encoding="utf-8")
    source = tmp_path / "annotations.jsonl"
    source.write_text(raw.replace("Pos-Reg", "POS_REG").replace("No-rel", "NO_REL"), "utf-8")
    written, _ = _round_trip(tmp_path, source, schema_file(tmp_path, ["GGP"], GGP_SCHEMA))
    by_text = {t["text"]: t for t in _lines(written)}
    nlp = spacy.blank("en")
    for task in _lines(source):
        back = by_text[task["text"]]
        assert [t["text"] for t in back["tokens"]] == [t["text"] for t in task["tokens"]]
        assert [(s["start"], s["end"], s["label"]) for s in back["spans"]] == [
            (s["start"], s["end"], s["label"]) for s in task["spans"]
        ]
        assert (back["_input_hash"], back["_task_hash"]) == (
            task["_input_hash"],
            task["_task_hash"],
        )
        assert back["_view_id"] == "relations"
        shape = ("head", "child", "head_span", "child_span", "label")
        assert sorted([{k: r[k] for k in shape} for r in back["relations"]], key=str) == sorted(
            [{k: r[k] for k in shape} for r in task["relations"]], key=str
        )
        # What spaCy's rel_component (parse_data.py) does with an export: tokens as a Doc, each
        # relation found by its ends' last tokens.
        doc = Doc(nlp.vocab, words=[t["text"] for t in back["tokens"]],
                  spaces=[t["ws"] for t in back["tokens"]])  # fmt: skip
        assert doc.text == back["text"]
        ends = {s["token_end"]: doc.char_span(s["start"], s["end"]) for s in back["spans"]}
        for relation in back["relations"]:
            assert (
                ends[relation["head"]].text
                == back["text"][relation["head_span"]["start"] : relation["head_span"]["end"]]
            )
            assert relation["child"] in ends


def test_prodigy_export_of_the_corpus_reads_back_whole(tmp_path):
    manifest = export(corpus(), "prodigy", tmp_path)
    (task,) = _lines(tmp_path / "train.jsonl")
    (source,) = corpus()
    assert task["_view_id"] == "relations"
    assert sorted(task["accept"]) == ["relevance:on-topic", "stance:critical"]
    assert {o["id"] for o in task["options"]} == {
        "relevance:on-topic", "relevance:off-topic", "stance:critical", "stance:neutral",
        "stance:supportive",
    }  # fmt: skip
    assert manifest["dropped_parts"] == {} and manifest["converted"] == []
    ((back,), problems) = _read(tmp_path / "train.jsonl")
    assert problems == []
    assert keys(back.spans) == keys(source.spans)
    assert relation_keys(back) == relation_keys(source)
    assert back.doc_labels == source.doc_labels
    assert {(s.start, s.end, s.label): s.attrs for s in back.spans} == {
        s.key: s.attrs for s in source.spans
    }
    assert back.meta == source.meta  # nothing kept under _prodigy: all of it is derived


HYPO_SCHEMA = parse_schema(
    'name = "t"\nversion = "1.0.0"\n[[labels]]\nname = "A"\n'
    '[[doc_labels]]\nname = "relevance"\nvalues = ["a"]\n'
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated())
def test_prodigy_hypothesis_round_trip_keeps_spans_relations_attributes_labels(record):
    task = orjson.loads(orjson.dumps(prodigy_task(record, ExportReport("prodigy", HYPO_SCHEMA))))
    back = task_record(task, "x", 1)
    assert back.text == record.text
    assert back.meta == record.meta
    assert (back.annotator, back.answer) == (record.annotator, record.answer)
    assert list(back.tokens) == [t.model_dump() for t in record.tokens]
    assert keys(back.spans) == keys(record.spans)
    assert {(s.start, s.end, s.label): s.attrs for s in back.spans} == {
        s.key: s.attrs for s in record.spans
    }
    assert relation_keys(back) == relation_keys(record)
    assert back.doc_labels == record.doc_labels


def test_prodigy_textcat_verdict_round_trips_through_the_writer():
    (source,) = corpus()
    verdict = source.model_copy(
        update={"spans": (), "relations": (), "doc_labels": {"X": ("reject",)}}
    )
    task = prodigy_task(verdict, ExportReport("prodigy", schema()))
    assert (task["label"], task["answer"], task["_view_id"]) == ("X", "reject", "classification")
    back = task_record(orjson.loads(orjson.dumps(task)), "x", 1)
    assert (back.doc_labels, back.answer) == ({"X": ("reject",)}, "accept")


def test_prodigy_tasks_read_as_jsonl_keep_relations_and_choices_retokenized():
    for name in ("rel_component_annotations.jsonl", "textcat_multi.jsonl"):
        as_prodigy, _ = _read(FIXTURES / name)
        as_jsonl = list(read_jsonl(FIXTURES / name))
        assert all(isinstance(r, IncomingRecord) and r.tokens is None for r in as_jsonl)
        for one, other in zip(as_prodigy, as_jsonl, strict=True):
            assert keys(one.spans) == keys(other.spans)
            assert relation_keys(one) == relation_keys(other)
            assert (one.doc_labels, one.meta) == (other.doc_labels, other.meta)
