"""doccano: the exports doccano wrote (1.x and current, JSONL and JSON) read whole, and written back."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from export_helpers import T0, corpus, export, keys, schema
from hypothesis import HealthCheck, given, settings
from roundtrip_helpers import annotated, invoke, relation_keys, schema_file

from annotator.exporting.report import ExportReport
from annotator.formats.base import FormatError, IncomingRecord, ReadProblem
from annotator.formats.doccano import doccano_line, doccano_records, load_label_names, read_doccano
from annotator.records.models import Annotation, Relation, canonical, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import parse_schema
from annotator.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "doccano"


def _read(path: Path, **options) -> tuple[list[IncomingRecord], list[ReadProblem]]:
    items = list(read_doccano(path, **options))
    return (
        [i for i in items if isinstance(i, IncomingRecord)],
        [i for i in items if isinstance(i, ReadProblem)],
    )


# Reading doccano's own files


def test_doccano_v1_label_ids_become_names_and_each_user_a_record():
    records, problems = _read(FIXTURES / "labeling_multi_users.jsonl")
    assert problems == []
    assert [(r.line, r.annotator, len(r.spans)) for r in records] == [
        (1, "user_1", 5),
        (1, "user_2", 5),
        (2, "user_2", 6),
    ]
    first = records[0]
    assert keys(first.spans) == [
        (9, 14, "LABEL_12"),
        (31, 36, "LABEL_13"),
        (58, 69, "LABEL_13"),
        (70, 76, "LABEL_12"),
        (79, 99, "LABEL_12"),
    ]
    assert first.meta == {"id": 2578, "annotation_approver": None}
    lost = [loss for r in records for loss in r.losses]
    assert sum(loss.count for loss in lost) == 16
    assert "--labels" in lost[0].detail


def test_doccano_v1_label_file_names_ids_as_label_name_does():
    named, _ = _read(FIXTURES / "download_sequence_labeling.jsonl")
    by_id, problems = _read(
        FIXTURES / "sequence_labeling_label_ids.jsonl", labels={1: "PERSON", 2: "ORG"}
    )
    assert problems == []
    assert [keys(r.spans) for r in by_id] == [keys(r.spans) for r in named]
    assert [keys(r.spans) for r in named] == [
        [(0, 2, "ORG")],
        [(0, 15, "PERSON")],
        [(10, 15, "PERSON")],
    ]
    assert all(r.losses == () for r in by_id)
    assert {r.annotator for r in named} == {"user1"}  # user_name
    assert {r.annotator for r in by_id} == {"user_1"}  # user id only
    assert named[0].meta == {"id": 1, "annotation_approver": "supervisor"}


def test_doccano_v1_categories_timestamps_and_what_cannot_be_kept():
    line = {
        "text": "Kenya sent men.",
        "annotations": [
            {"label": 3, "user": 1, "created_at": "2021-04-01T10:00:00Z", "prob": 0.0},
            {"label": 1, "start_offset": 0, "end_offset": 5, "user": 1, "prob": 0.8,
             "updated_at": "2021-04-02T10:00:00Z"},
            {"text": "Kenia envoie des hommes.", "user": 2},
        ],
    }  # fmt: skip
    (first,) = doccano_records(line, "x", 1, {1: "COUNTRY", 3: "news"})
    assert (first.annotator, keys(first.spans), first.doc_labels) == (
        "user_1", [(0, 5, "COUNTRY")], {"category": ("news",)},
    )  # fmt: skip
    assert (first.created_at.day, first.updated_at.day) == (1, 2)
    assert sorted(loss.kind for loss in first.losses) == [
        "doccano 1.x annotation prob",
        "doccano 1.x label-free annotation",
    ]
    line["annotations"] = line["annotations"][2:]  # nothing kept: the document alone
    ((alone,),) = [doccano_records(line, "x", 1)]
    assert (alone.spans, alone.annotator, len(alone.losses)) == (None, None, 1)


def test_doccano_label_file_is_read_from_doccanos_label_export(tmp_path):
    assert load_label_names(str(FIXTURES / "valid_labels.json")) == {44: "Dog", 45: "Cat"}
    bad = tmp_path / "labels.json"
    bad.write_text('[{"id": "7", "text": "Dog"}]', encoding="utf-8")
    with pytest.raises(FormatError, match=r"labels\.json: label 0 needs an integer 'id'"):
        load_label_names(str(bad))
    with pytest.raises(FormatError, match="cannot read the label file"):
        load_label_names(str(tmp_path / "missing.json"))


@pytest.mark.parametrize("name", ["relation_extraction.jsonl", "relation_extraction_pretty.jsonl"])
def test_doccano_relation_export_keeps_entities_andrelation_keys(name):
    (record,), problems = _read(FIXTURES / name)
    assert problems == []
    org, date, page, brin = (0, 6, "ORG"), (22, 39, "DATE"), (44, 54, "PERSON"), (59, 70, "PERSON")
    assert keys(record.spans) == [org, date, page, brin]
    assert relation_keys(record) == [
        (org, date, "foundedAt"),
        (org, page, "foundedBy"),
        (org, brin, "foundedBy"),
    ]
    assert record.line == (2 if "pretty" in name else 1)


def test_doccano_json_array_export_is_read_with_each_records_line():
    records, problems = _read(FIXTURES / "labeling.json")
    assert problems == []
    assert [(r.line, r.meta, keys(r.spans)) for r in records] == [
        (2, {"wikiPageID": 1}, [(0, 1, "LOC"), (0, 2, "ORG")]),
        (3, {"wikiPageID": 2}, [(0, 1, "LOC")]),
        (4, {"wikiPageID": 3}, [(0, 1, "PER")]),
    ]


def test_doccano_top_level_metadata_and_comments_are_kept():
    contracts, problems = _read(FIXTURES / "contracts_admin.jsonl")
    assert problems == []
    assert contracts[0].meta == {"id": 60329, "Section": None, "Subsection": None, "Comments": []}
    assert keys(contracts[0].spans) == [(97, 126, "legal_entity"), (146, 162, "signatory")]
    uie, problems = _read(FIXTURES / "uie_admin.jsonl")
    assert problems == []
    assert [r.meta for r in uie] == [{"id": 100, "Comments": []}, {"id": 113, "Comments": []}]
    assert [len(r.spans) for r in uie] == [3, 0]  # an answered line without entities
    assert uie[0].text[slice(*keys(uie[0].spans)[1][:2])] == "13800138000"


def test_doccano_categories_become_document_labels():
    records, problems = _read(FIXTURES / "text_classification.jsonl")
    assert problems == []
    assert [r.doc_labels for r in records] == [
        {"category": ("positive",)},
        {"category": ("positive", "negative")},
        {"category": ("negative",)},
        {"category": ("neutral",)},
    ]
    intent, problems = _read(FIXTURES / "intent.jsonl")
    assert [(keys(r.spans or ()), r.doc_labels) for r in intent] == [
        ([(0, 1, "LOC")], {"category": ("positive",)}),
        ([], {"category": ("positive",)}),
        ([(0, 1, "LOC")], {}),
        ([], {}),
    ]
    assert intent[3].spans is None  # a text with no annotation field is a document only
    ((problem,),) = [problems]
    assert (problem.line, problem.message) == (5, "a doccano line needs a non-empty 'text' string")


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (
            '{"text": "Kenya", "entities": [{"id": 1, "start_offset": 0, "end_offset": 5, '
            '"label": "C"}], "relations": [{"from_id": 1, "to_id": 9, "type": "R"}]}\n',
            1,
            "relations[0]: to_id 9 names no entity of the line",
        ),
        ('{"text": "Kenya", "label": [[0, 5]]}\n', 1, "label[0] must be [start, end, label]"),
        ('{"text": "Kenya", "cats": [1]}\n', 1, "'cats' must be a list of category names"),
        ('{"text": "Kenya", "span_attrs": [[0, 5, "C"]]}\n', 1, "span_attrs[0] must be"),
        (
            '{"text": "Kenya", "annotations": [{"label": 1.5, "start_offset": 0, '
            '"end_offset": 5}]}\n',
            1,
            "annotations[0]: 'label' must be a label id or name",
        ),
        ('[\n  {"text": "Kenya"},\n  {"text": "Nepal"\n]\n', 3, "invalid JSON"),
        ('[\n  {"text": "Kenya"},\n  "Nepal"\n]\n', 3, "a record must be a JSON object"),
        ('[\n  {"text": "Kenya"}\n', 3, "expected ',' or ']'"),
    ],
)
def test_doccano_bad_input_names_line_and_field(tmp_path, content, line, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    _, problems = _read(path)
    assert problems and problems[-1].line == line, problems
    assert message in problems[-1].message
    assert problems[-1].path == str(path)


def test_doccano_label_file_among_the_inputs_is_named_not_imported(tmp_path):
    (tmp_path / "labels.json").write_bytes((FIXTURES / "valid_labels.json").read_bytes())
    (tmp_path / "data.jsonl").write_bytes((FIXTURES / "relation_extraction.jsonl").read_bytes())
    records, problems = _read(tmp_path)
    assert [r.text[:6] for r in records] == ["Google"]
    assert [(p.line, p.message) for p in problems] == [
        (2, "this is a doccano label definition, not a document; pass its file with --labels"),
        (11, "this is a doccano label definition, not a document; pass its file with --labels"),
    ]


def test_doccano_pretty_printed_detection_keeps_jsonl_line_recovery(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(
        '{"text": "Kenya", "label": [\n{"text": "Nepal", "label": []}\n', encoding="utf-8"
    )
    records, problems = _read(path)
    assert [p.line for p in problems] == [1]
    assert [r.text for r in records] == ["Nepal"]


# Importing them


def test_doccano_import_v1_with_label_file_stores_every_users_spans(tmp_path):
    labels = tmp_path / "labels.json"
    labels.write_text(
        '[{"id": 12, "text": "LOC"}, {"id": 13, "text": "PER"}, {"id": 14, "text": "MISC"}]',
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'a.db'}"
    result = invoke(
        "import", str(FIXTURES / "labeling_multi_users.jsonl"), "-f", "doccano",
        "--labels", str(labels), "--schema", str(schema_file(tmp_path, ["LOC", "PER", "MISC"])),
        "--db", url, "--dataset", "conll",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "not kept" not in result.output
    store = open_store(url)
    try:
        stored = [(a.annotator, keys(a.spans)) for _, a in store.annotations("conll")]
    finally:
        store.close()
    assert sorted((who, len(spans)) for who, spans in stored) == [
        ("user_1", 5),
        ("user_2", 5),
        ("user_2", 6),
    ]
    assert ("user_1", [(9, 14, "LOC"), (31, 36, "PER"), (58, 69, "PER"), (70, 76, "LOC"),
                       (79, 99, "LOC")]) in stored  # fmt: skip


def test_doccano_import_v1_without_label_file_says_the_names_are_ids(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    schema_path = schema_file(tmp_path, ["LABEL_12", "LABEL_13", "LABEL_14"])
    result = invoke(
        "import", str(FIXTURES / "labeling_multi_users.jsonl"), "-f", "doccano",
        "--schema", str(schema_path), "--db", url, "--dataset", "conll",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 annotation(s) stored" in result.output
    assert "not kept: 16 doccano 1.x label name(s), given as ids only" in result.output


def test_doccano_import_labels_option_is_a_usage_error_elsewhere(tmp_path):
    result = invoke(
        "import", str(FIXTURES / "intent.jsonl"), "-f", "prodigy", "--labels",
        str(FIXTURES / "valid_labels.json"), "--db", f"sqlite:///{tmp_path / 'a.db'}",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--labels does not apply to the prodigy format" in result.output


def test_doccano_import_bad_label_file_is_a_usage_error_before_any_write(tmp_path):
    labels = tmp_path / "labels.json"
    labels.write_text('{"12": "LOC"}', encoding="utf-8")
    result = invoke(
        "import", str(FIXTURES / "labeling_multi_users.jsonl"), "-f", "doccano",
        "--labels", str(labels), "--db", f"sqlite:///{tmp_path / 'a.db'}",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--labels " in result.output and "a JSON list of {id, text} objects" in result.output
    assert not (tmp_path / "a.db").exists()


def test_doccano_import_then_export_gives_back_the_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    source = FIXTURES / "download_sequence_labeling.jsonl"
    schema_path = schema_file(tmp_path, ["ORG", "PERSON"])
    common = ("--db", url, "--dataset", "d", "--schema", str(schema_path))
    assert invoke("import", str(source), "-f", "doccano", *common).exit_code == 0
    result = invoke("export", "-f", "doccano", "--out", str(tmp_path / "out"), *common)
    assert result.exit_code == 0, result.output
    back, problems = _read(tmp_path / "out" / "train.jsonl")
    original, _ = _read(source)
    assert problems == []
    assert sorted((r.text, keys(r.spans), r.annotator, r.meta) for r in back) == sorted(
        (r.text, keys(r.spans), r.annotator, r.meta) for r in original
    )


# Writing


def test_doccano_export_writes_relations_attributes_and_categories_doccano_keeps(tmp_path):
    manifest = export(corpus(), "doccano", tmp_path)
    (line,) = [orjson.loads(x) for x in (tmp_path / "train.jsonl").read_bytes().splitlines()]
    (source,) = corpus()
    assert {"title", "source", "language"} <= line.keys()  # metadata at the top level
    assert [e["id"] for e in line["entities"]] == list(range(len(source.spans)))
    first = line["relations"][0]
    assert first.keys() == {"id", "from_id", "to_id", "type"}
    assert line["text"][line["entities"][first["from_id"]]["start_offset"]] != " "
    assert sorted(line["cats"]) == ["relevance:on-topic", "stance:critical"]
    assert len(line["span_attrs"]) == sum(1 for s in source.spans if s.attrs)
    assert manifest["dropped_parts"] == {}
    (back,), problems = _read(tmp_path / "train.jsonl")
    assert problems == []
    assert keys(back.spans) == keys(source.spans)
    assert relation_keys(back) == relation_keys(source)
    assert back.doc_labels == source.doc_labels
    assert {(s.start, s.end, s.label): s.attrs for s in back.spans} == {
        s.key: s.attrs for s in source.spans
    }
    assert back.meta == source.meta


def test_doccano_export_names_fragments_and_relation_attributes_it_cannot_hold(tmp_path):
    text = "Kenya and Nepal sent men to Russia."
    doc = make_document(text, tokenize(text), tokenizer_id())
    kenya = make_span(doc, 0, 5, "A")
    both = make_span(doc, 0, 15, "B").model_copy(update={"fragments": ((0, 5), (10, 15))})
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator="ann",
        answer="accept",
        spans=(kenya, both),
        relations=(Relation(head=kenya.id, child=both.id, label="R", attrs={"sure": True}),),
        schema="t@1.0.0",
        created_at=T0,
        updated_at=T0,
    )
    fitting = parse_schema(
        'name = "t"\nversion = "1.0.0"\n[[labels]]\nname = "A"\n[[labels]]\nname = "B"\n'
        'may_contain = ["A"]\n[[relations]]\nname = "R"\nhead = ["A"]\n'
        'child = ["B"]\n[[relations.attributes]]\nname = "sure"\ntype = "bool"\n'
    )
    manifest = export([canonical(doc, ann)], "doccano", tmp_path, schema=fitting)
    assert manifest["dropped_parts"] == {
        "fragments": {"count": 1, "reason": "doccano spans are continuous; the whole extent is written"},
        "relation attributes": {"count": 1, "reason": "doccano relations hold a type only"},
    }  # fmt: skip


def test_doccano_export_metadata_named_like_a_doccano_field_stays_nested(tmp_path):
    (source,) = corpus()
    odd = source.model_copy(update={"meta": {"text": "a title", "label": 3, "Comments": ["ok"]}})
    line = doccano_line(odd, ExportReport("doccano", schema()))
    assert line["meta"] == {"text": "a title", "label": 3}
    assert line["Comments"] == ["ok"]
    (back,) = doccano_records(orjson.loads(orjson.dumps(line)), "x", 1)
    assert back.meta == odd.meta and back.text == odd.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated())
def test_doccano_hypothesis_round_trip_keeps_spans_relations_attributes_labels(record):
    line = orjson.loads(orjson.dumps(doccano_line(record, ExportReport("doccano", schema()))))
    (back,) = doccano_records(line, "x", 1)
    assert back.text == record.text
    assert back.meta == record.meta
    assert back.annotator == record.annotator
    assert keys(back.spans) == keys(record.spans)
    assert {(s.start, s.end, s.label): s.attrs for s in back.spans} == {
        s.key: s.attrs for s in record.spans
    }
    assert relation_keys(back) == relation_keys(record)
    assert back.doc_labels == record.doc_labels


def test_doccano_intent_file_imports_with_split_tokens_and_round_trips(tmp_path):
    """doccano's intent fixture marks `e` inside `exampleA`: the token is split there, and an
    export to doccano gives back the same entities and categories."""
    from annotator.importing.run import import_paths
    from annotator.schema.infer import infer_schema

    records, _ = _read(FIXTURES / "intent.jsonl")
    fitting = parse_schema(infer_schema(records).toml("intent"))
    url = f"sqlite:///{tmp_path / 'a.db'}"
    store = open_store(url)
    try:
        summary = import_paths(store, "d", [FIXTURES / "intent.jsonl"], "doccano", schema=fitting)
        pairs = list(store.annotations("d"))
    finally:
        store.close()
    assert [p.line for p in summary.problems] == [5]  # the line without text
    assert (summary.token_splits, summary.split_documents) == (2, 2)
    first_doc = pairs[0][0]
    assert [t.text for t in first_doc.tokens] == ["e", "xampleA"]
    export([canonical(doc, ann) for doc, ann in pairs], "doccano", tmp_path / "out", schema=fitting)
    back, problems = _read(tmp_path / "out" / "train.jsonl")
    assert problems == []
    assert sorted((r.text, keys(r.spans or ()), r.doc_labels) for r in back) == [
        ("exampleA", [(0, 1, "LOC")], {"category": ("positive",)}),
        ("exampleB", [], {"category": ("positive",)}),
        ("exampleC", [(0, 1, "LOC")], {}),
    ]
