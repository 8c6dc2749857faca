"""Label Studio files as Label Studio writes them: offsets in code points (UTF-16 for 1.x, found
from value.text), the text field results point at, relations, per-region and document choices,
predictions, and every other result counted as not kept."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import orjson
import pytest
from export_helpers import corpus, export, keys, record

from annotator.formats.base import IncomingRecord, ReadProblem
from annotator.formats.labelstudio import read_labelstudio
from annotator.records.models import Relation

FIXTURES = Path(__file__).parent / "fixtures" / "labelstudio"
EMOJI_TEXT = "🐱 Warning: This is a test text"  # Label Studio's emoji.ts / emoji.cy.ts


def _read(path: Path, **options) -> tuple[list[IncomingRecord], list[ReadProblem]]:
    items = list(read_labelstudio(path, **options))
    return (
        [i for i in items if isinstance(i, IncomingRecord)],
        [i for i in items if isinstance(i, ReadProblem)],
    )


def _spans(rec: IncomingRecord) -> list[tuple[str, str]]:
    return [(rec.text[s.start : s.end], s.label) for s in rec.spans]


def _losses(records: list[IncomingRecord]) -> dict[str, int]:
    found: dict[str, int] = {}
    for rec in records:
        for loss in rec.losses:
            found[loss.kind] = found.get(loss.kind, 0) + loss.count
    return found


def _without_text(source: Path, target: Path) -> Path:
    """A copy of a fixture folder's tasks with every value.text removed."""
    target.mkdir()
    tasks = orjson.loads((source / "tasks.json").read_bytes())
    for task in tasks:
        for annotation in task["annotations"]:
            for item in annotation["result"]:
                item["value"].pop("text", None)
    (target / "tasks.json").write_bytes(orjson.dumps(tasks))
    return target / "tasks.json"


# ------------------------------------------------------------------------------------ offsets


def test_labelstudio_export_counts_code_points_like_current_label_studio(tmp_path):
    source = record(EMOJI_TEXT, [("test", "ACTOR")])
    manifest = export([source], "labelstudio", tmp_path / "cp")
    (task,) = orjson.loads((tmp_path / "cp" / "train.json").read_bytes())
    (item,) = task["annotations"][0]["result"]
    assert (item["value"]["start"], item["value"]["end"], item["value"]["text"]) == (21, 25, "test")
    assert manifest["offset_unit"] == "code points, end-exclusive"
    manifest = export(
        [source], "labelstudio", tmp_path / "u16", format_options={"offsets": "utf16"}
    )
    (task,) = orjson.loads((tmp_path / "u16" / "train.json").read_bytes())
    (item,) = task["annotations"][0]["result"]
    assert (item["value"]["start"], item["value"]["end"]) == (22, 26)
    assert manifest["offset_unit"].startswith("UTF-16 code units")


def test_labelstudio_reads_code_points_and_says_how_it_knows():
    records, problems = _read(FIXTURES / "emoji")
    assert problems == []
    assert [_spans(r) for r in records] == [
        [("test", "region")],
        [("Warning:\n🐱 This is a test", "region")],
    ]
    assert [s.id for r in records for s in r.spans] == ["emoji_text", "emoji_multiline"]
    assert all("code points (value.text)" in r.notes[0] for r in records)


def test_labelstudio_reads_label_studio_1x_utf16_offsets_and_says_so():
    records, problems = _read(FIXTURES / "emoji_utf16")
    assert problems == []
    assert [_spans(r) for r in records] == [
        [("test", "region")],
        [("Warning:\n🐱 This is a test", "region")],
    ]
    assert all("UTF-16 code units (Label Studio 1.x)" in r.notes[0] for r in records)
    # --offsets utf16 agrees; a file that says otherwise wins over the flag, with a note
    again, _ = _read(FIXTURES / "emoji_utf16", offsets="utf16")
    assert [_spans(r) for r in again] == [_spans(r) for r in records]
    current, _ = _read(FIXTURES / "emoji", offsets="utf16")
    assert _spans(current[0]) == [("test", "region")]
    assert "although --offsets utf16 was given" in current[0].notes[0]


def test_labelstudio_without_value_text_reads_the_asked_unit_and_says_so(tmp_path):
    path = _without_text(FIXTURES / "emoji_utf16", tmp_path / "bare")
    guessed, problems = _read(path)
    assert problems == []
    assert "no value.text" in guessed[0].notes[0] and "--offsets utf16" in guessed[0].notes[0]
    told, _ = _read(path, offsets="utf16")
    assert [_spans(r) for r in told] == [
        [("test", "region")],
        [("Warning:\n🐱 This is a test", "region")],
    ]


def test_labelstudio_plain_text_needs_no_note():
    records, _ = _read(FIXTURES / "nested")
    assert records[0].notes == ()


def test_labelstudio_results_in_both_units_are_refused_by_name(tmp_path):
    text = "😀 Kenya and 😀 Nepal"
    result = [
        {
            "id": "a",
            "type": "labels",
            "value": {"start": 2, "end": 7, "text": "Kenya", "labels": ["C"]},
        },
        {
            "id": "b",
            "type": "labels",
            "value": {"start": 16, "end": 21, "text": "Nepal", "labels": ["C"]},
        },
    ]
    path = tmp_path / "mixed.json"
    path.write_bytes(orjson.dumps([{"data": {"text": text}, "annotations": [{"result": result}]}]))
    records, (problem,) = _read(path)
    assert records == []
    assert "code points (result[0])" in problem.message
    assert "UTF-16 code units (result[1])" in problem.message


def test_labelstudio_offset_inside_a_surrogate_pair_is_refused(tmp_path):
    task = {
        "data": {"text": "😀 Kenya"},
        "annotations": [
            {"result": [{"type": "labels", "value": {"start": 1, "end": 8, "labels": ["C"]}}]}
        ],
    }
    path = tmp_path / "split.json"
    path.write_bytes(orjson.dumps([task]))
    _, (problem,) = _read(path, offsets="utf16")
    assert "task 0 annotation 0 result[0]" in problem.message
    assert "surrogate pair" in problem.message


def test_labelstudio_unknown_offset_unit_is_refused():
    with pytest.raises(ValueError, match="codepoints or utf16"):
        list(read_labelstudio(FIXTURES / "emoji", offsets="bytes"))


# ------------------------------------------------------------------------ which text, which field


def test_labelstudio_to_name_finds_the_text_through_the_labeling_config():
    (rec,), problems = _read(FIXTURES / "nested")
    assert problems == []
    assert rec.text.startswith("Not much to write about here")  # data.reviewText, via my_text
    assert _spans(rec) == [("amazon", "Person"), ("Not", "Time")]
    assert rec.spans[0].attrs == {
        "description": "huge corp",
        "gender": "Male",
        "sentiment2": "Negative",
    }
    assert rec.spans[1].attrs == {"sentiment2": "Positive"}
    assert rec.doc_labels == {"sentiment": ("Neutral",)}
    assert rec.losses == () and rec.meta == {}


def test_labelstudio_without_a_config_the_single_string_field_is_the_text(tmp_path):
    shutil.copy(FIXTURES / "nested" / "tasks.json", tmp_path / "tasks.json")
    (alone,), _ = _read(tmp_path / "tasks.json")
    (with_config,), _ = _read(FIXTURES / "nested")
    assert (alone.text, alone.spans, alone.doc_labels) == (
        with_config.text,
        with_config.spans,
        with_config.doc_labels,
    )


def test_labelstudio_regions_on_another_field_are_counted_not_moved(tmp_path):
    task = {
        "data": {"title": "Kenya recalls envoy", "text": "Nepal sent men."},
        "annotations": [
            {
                "result": [
                    {
                        "id": "t",
                        "type": "labels",
                        "from_name": "l",
                        "to_name": "title",
                        "value": {"start": 0, "end": 5, "text": "Kenya", "labels": ["COUNTRY"]},
                    },
                    {
                        "id": "x",
                        "type": "labels",
                        "from_name": "l",
                        "to_name": "text",
                        "value": {"start": 0, "end": 5, "text": "Nepal", "labels": ["COUNTRY"]},
                    },
                ]
            }
        ],
    }
    path = tmp_path / "two_fields.json"
    path.write_bytes(orjson.dumps([task]))
    (rec,), problems = _read(path)
    assert problems == []
    assert rec.text == "Nepal sent men." and _spans(rec) == [("Nepal", "COUNTRY")]
    assert rec.meta == {"title": "Kenya recalls envoy"}
    assert _losses([rec]) == {"result on another data field": 1}


def test_labelstudio_task_without_a_text_field_names_the_fields_and_the_fix(tmp_path):
    path = tmp_path / "which.json"
    path.write_bytes(orjson.dumps([{"data": {"title": "a", "body": "b"}}]))
    _, (problem,) = _read(path)
    assert "string fields: title, body" in problem.message
    assert "labeling_config.xml" in problem.message


def test_labelstudio_text_loaded_from_a_url_is_refused(tmp_path):
    (tmp_path / "labeling_config.xml").write_text(
        '<View><Text name="text" value="$url" valueType="url"/></View>', encoding="utf-8"
    )
    path = tmp_path / "tasks.json"
    path.write_bytes(orjson.dumps([{"data": {"url": "https://example.org/a.txt"}}]))
    _, (problem,) = _read(path)
    assert "data.url must hold the text itself" in problem.message


def test_labelstudio_broken_labeling_config_is_reported_and_skipped(tmp_path):
    (tmp_path / "labeling_config.xml").write_text("<View><Text", encoding="utf-8")
    shutil.copy(FIXTURES / "nested" / "tasks.json", tmp_path / "tasks.json")
    records, (problem,) = _read(tmp_path)
    assert problem.path.endswith("labeling_config.xml") and "not valid XML" in problem.message
    assert records[0].text.startswith("Not much")


# -------------------------------------------------------------- choices, predictions, bad results


def test_labelstudio_choices_are_document_labels_and_predictions_are_counted():
    records, problems = _read(FIXTURES / "data_manager")
    assert problems == []
    assert [r.text for r in records] == [
        "Test example phrase 1",
        "x2",
        "x2",
        "yoyo",
        "zzz",
        "vivi",
        "opop",
    ]
    assert [r.doc_labels for r in records[:4]] == [{"text_class": ("class_A",)}] * 3 + [
        {"text_class": ("class_TESTING",)}
    ]
    assert all(r.spans == () for r in records[:4])
    assert [r.spans for r in records[4:]] == [None, None, None]  # tasks with no annotation
    assert records[0].meta == {"int_field": 1} and records[3].meta == {"int_field": "99"}
    assert records[0].duration_s == 3.0
    assert [records[1].annotator, records[2].annotator] == [
        "labelstudio:annotation-1",
        "labelstudio:annotation-2",
    ]
    assert _losses(records) == {"prediction document choice": 3}


def test_labelstudio_predictions_become_suggestions_with_model_and_score():
    records, problems = _read(FIXTURES / "predictions")
    assert problems == []
    first, second = records
    assert first.spans is None
    got = [
        (first.text[s.span.start : s.span.end], s.span.label, s.source, s.score)
        for s in first.suggestions
    ]
    assert got[:2] == [("27", "Date", "one", 0.70), ("Jerusalem", "Location", "one", 0.65)]
    assert ("Passover", "Date", "two", 0.96) in got and len(got) == 7
    assert ("27", "Date", "two", 0.55) not in got  # model one was surer of the same span
    # no score on the span or the prediction: 1.0
    assert {s.score for s in second.suggestions} == {1.0}
    assert {s.source for s in second.suggestions} == {"one", "two"}


def test_labelstudio_result_that_is_not_a_list_is_refused_not_stored_empty(tmp_path):
    tasks = [
        {"data": {"text": "Kenya sent men."}, "annotations": [{"result": "COUNTRY 0 5"}]},
        {"data": {"text": "Nepal sent men."}, "annotations": "none"},
        {"data": {"text": "Chad sent men."}, "annotations": [{"result": [7]}]},
    ]
    path = tmp_path / "bad.json"
    path.write_bytes(orjson.dumps(tasks))
    records, problems = _read(path)
    assert records == []
    assert [p.message for p in problems] == [
        "task 0 annotation 0 result must be a list of result objects, not str",
        "task 1: annotations must be a list of objects",
        "task 2 annotation 0 result[0] must be an object",
    ]


def test_labelstudio_value_text_that_matches_no_unit_is_refused_with_both():
    records, (problem,) = _read(FIXTURES / "references")
    assert records == []
    assert problem.message.startswith("task 0 annotation 0 result[0]: value.text 'faith'")
    assert "'fait'" in problem.message


def test_labelstudio_other_result_types_are_counted_by_type():
    records, problems = _read(FIXTURES / "converter_csv")
    assert problems == []
    assert [r.text[:20] for r in records] == ["Calif. wildfires sig", "The Supreme Court wo"]
    assert all(r.spans == () for r in records)
    assert records[0].annotator == "labelstudio:hakan@heartex.com"
    assert set(records[0].meta) == {"audio", "image"}
    assert _losses(records) == {
        "rectanglelabels result": 3,
        "prediction rectanglelabels result": 2,
        "Label Studio review": 2,
    }


# ---------------------------------------------------------------------------------- relations


def test_labelstudio_relation_without_a_label_is_counted():
    (rec,), problems = _read(FIXTURES / "ner_text")
    assert problems == []
    assert _spans(rec) == [
        ("Alice", "Person"),
        ("But I don’t want to go among mad people", "Words"),
        ("come", "Person"),
    ]
    assert [s.id for s in rec.spans] == ["abcdef", "qwerty", "WpqCf9g_3z"]
    assert rec.relations == ()
    assert _losses([rec]) == {"relation without a label": 1}


def test_labelstudio_labelled_relations_keep_direction_and_notes(tmp_path):
    tasks = orjson.loads((FIXTURES / "ner_text" / "tasks.json").read_bytes())
    result = tasks[0]["annotations"][0]["result"]
    result[3]["labels"] = ["SPEAKER"]
    result.append(
        {
            "from_id": "qwerty",
            "to_id": "abcdef",
            "type": "relation",
            "direction": "left",
            "labels": ["SAID_BY", "QUOTES"],
            "notes": "inverted",
        }
    )
    result.append({"from_id": "abcdef", "to_id": "gone", "type": "relation", "labels": ["X"]})
    path = tmp_path / "tasks.json"
    path.write_bytes(orjson.dumps(tasks))
    (rec,), _ = _read(path)
    assert [(r.head, r.child, r.label, r.attrs) for r in rec.relations] == [
        ("abcdef", "WpqCf9g_3z", "SPEAKER", {}),
        ("abcdef", "qwerty", "SAID_BY", {"notes": "inverted"}),
        ("abcdef", "qwerty", "QUOTES", {"notes": "inverted"}),
    ]
    assert _losses([rec]) == {"relation to a region not kept": 1}


def test_labelstudio_region_with_two_labels_gives_two_spans_with_unique_ids(tmp_path):
    task = {
        "data": {"text": "Kenya sent men."},
        "annotations": [
            {
                "result": [
                    {
                        "id": "r1",
                        "type": "labels",
                        "value": {"start": 0, "end": 5, "labels": ["A", "B"]},
                    },
                    {
                        "id": "r1",
                        "type": "labels",
                        "from_name": "other",
                        "value": {"start": 0, "end": 5, "labels": ["A"]},
                    },
                ]
            }
        ],
    }
    path = tmp_path / "two.json"
    path.write_bytes(orjson.dumps([task]))
    (rec,), _ = _read(path)
    assert [(s.label, s.id) for s in rec.spans] == [("A", "r1"), ("B", "r1-2")]


# -------------------------------------------------------------------------------------- export


def test_labelstudio_export_writes_relations_attributes_and_document_choices(tmp_path):
    (source,) = corpus()
    manifest = export([source], "labelstudio", tmp_path)
    (task,) = orjson.loads((tmp_path / "train.json").read_bytes())
    result = task["annotations"][0]["result"]
    kinds = {}
    for item in result:
        kinds[item["type"]] = kinds.get(item["type"], 0) + 1
    attrs = sum(len(s.attrs) for s in source.spans)
    doc_labels = len(source.doc_labels)
    assert kinds == {
        "labels": len(source.spans),
        "relation": len(source.relations),
        "choices": sum(1 for s in source.spans for v in s.attrs.values() if type(v) is bool)
        + doc_labels,
        "number": sum(1 for s in source.spans for v in s.attrs.values() if type(v) in (int, float)),
        "textarea": sum(1 for s in source.spans for v in s.attrs.values() if type(v) is str),
    }
    assert sum(kinds.values()) == len(source.spans) + len(source.relations) + attrs + doc_labels
    relation = next(item for item in result if item["type"] == "relation")
    assert set(relation) == {"from_id", "to_id", "type", "direction", "labels"}
    assert relation["direction"] == "right" and len(relation["labels"]) == 1
    regions = {item["id"]: item for item in result if item["type"] == "labels"}
    assert all(re_id.replace("_", "").replace("-", "").isalnum() for re_id in regions)
    for item in result:
        if item["type"] in ("number", "textarea") or (item["type"] == "choices" and "id" in item):
            assert item["value"]["start"] == regions[item["id"]]["value"]["start"]
    assert manifest["dropped_parts"] == {}


def test_labelstudio_labeling_config_declares_every_control_the_tasks_use(tmp_path):
    (source,) = corpus()
    export([source], "labelstudio", tmp_path)
    root = ElementTree.fromstring((tmp_path / "labeling_config.xml").read_bytes())
    controls = {e.get("name"): e for e in root.iter() if e.get("toName") == "text"}
    objects = {e.get("name"): e.get("value") for e in root.iter() if e.tag == "Text"}
    assert objects == {"text": "$text"}
    relation_values = {e.get("value") for e in root.iter("Relation")}
    (task,) = orjson.loads((tmp_path / "train.json").read_bytes())
    for item in task["annotations"][0]["result"]:
        if item["type"] == "relation":
            assert set(item["labels"]) <= relation_values
            continue
        control = controls[item["from_name"]]
        assert item["to_name"] == "text"
        values = {e.get("value") for e in control}
        assert (
            control.tag.lower()
            == {
                "labels": "labels",
                "choices": "choices",
                "number": "number",
                "textarea": "textarea",
            }[item["type"]]
        )
        for value in item["value"].get("labels", []) + item["value"].get("choices", []):
            assert value in values
        per_region = "id" in item and item["type"] != "labels"
        assert (control.get("perRegion") == "true") == per_region


def test_labelstudio_export_names_what_it_cannot_hold(tmp_path):
    text = "Kenya sent 17 men and Nepal sent 12."
    source = record(text, [("Kenya", "COUNTRY"), ("17 men and Nepal", "FIGURE")])
    figure = source.spans[1].model_copy(update={"fragments": ((11, 17), (22, 27))})
    relations = (
        Relation(
            head=figure.id,
            child=source.spans[0].id,
            label="COUNTS",
            attrs={"notes": "n", "weight": 2},
        ),
    )
    spans = (
        source.spans[0].model_copy(update={"attrs": {"iso3": "KEN", "free": {"a": 1}}}),
        figure,
    )
    source = source.model_copy(update={"spans": spans, "relations": relations})
    manifest = export([source], "labelstudio", tmp_path)
    assert manifest["dropped_parts"] == {
        "fragments": {"count": 1, "reason": manifest["dropped_parts"]["fragments"]["reason"]},
        "relation attributes": {
            "count": 1,
            "reason": manifest["dropped_parts"]["relation attributes"]["reason"],
        },
        "span attributes": {
            "count": 1,
            "reason": manifest["dropped_parts"]["span attributes"]["reason"],
        },
    }
    (task,) = orjson.loads((tmp_path / "train.json").read_bytes())
    relation = next(i for i in task["annotations"][0]["result"] if i["type"] == "relation")
    assert relation["notes"] == "n"
    (back,), _ = _read(tmp_path / "train.json")
    assert back.relations[0].attrs == {"notes": "n"}
    assert back.spans[0].attrs == {"iso3": "KEN"}


def test_labelstudio_corpus_roundtrip_keeps_every_part(tmp_path):
    (source,) = corpus()
    export([source], "labelstudio", tmp_path)
    (back,), problems = _read(tmp_path / "train.json")
    assert problems == [] and back.losses == () and back.notes == ()
    assert keys(back.spans) == keys(source.spans)
    by_key = {(s.start, s.end, s.label): s for s in source.spans}
    assert all(s.attrs == by_key[(s.start, s.end, s.label)].attrs for s in back.spans)
    key_of = {s.id: (s.start, s.end, s.label) for s in back.spans}
    source_key = {s.id: (s.start, s.end, s.label) for s in source.spans}
    assert sorted((key_of[r.head], key_of[r.child], r.label) for r in back.relations) == sorted(
        (source_key[r.head], source_key[r.child], r.label) for r in source.relations
    )
    assert back.doc_labels == source.doc_labels and back.meta == source.meta
    assert (back.annotator, back.answer, back.created_at) == (
        source.annotator,
        source.answer,
        source.created_at,
    )
