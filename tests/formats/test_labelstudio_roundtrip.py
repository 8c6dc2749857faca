"""Label Studio files through the store and back: import -> export -> read gives the same spans,
attributes, relations and document labels (region ids may be renamed), on Label Studio's own
files and on random documents."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from export_helpers import export
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.exporting import ExportOptions, run_export
from annotator.formats.base import IncomingRecord, ReadProblem
from annotator.formats.labelstudio import read_labelstudio
from annotator.importing.run import import_paths
from annotator.records.models import Annotation, Relation, canonical, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import LabelSchema, parse_schema
from annotator.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "labelstudio"


def fitting_schema(labels: dict[str, list[dict]], **parts) -> LabelSchema:
    """A schema holding a fixture's own label names (like `Person`), built as a model: schema
    files take capitals only until the cross-format import work relaxes label names."""
    return LabelSchema.model_validate(
        {
            "name": "fixture",
            "version": "1.0.0",
            "labels": [
                {"name": name, "attributes": attributes, "severity": {"overlap": "warning"}}
                for name, attributes in labels.items()
            ],
            **parts,
        }
    )


def _read(path: Path, **options) -> list[IncomingRecord]:
    items = list(read_labelstudio(path, **options))
    assert [i for i in items if isinstance(i, ReadProblem)] == []
    return [i for i in items if isinstance(i, IncomingRecord) and i.spans is not None]


def _content(records: list[IncomingRecord]) -> list[tuple]:
    """What must survive a round trip, with span ids replaced by the spans they name."""
    found = []
    for rec in records:
        key_of = {s.id: (s.start, s.end, s.label) for s in rec.spans}
        spans = sorted((s.start, s.end, s.label, tuple(sorted(s.attrs.items()))) for s in rec.spans)
        relations = sorted(
            (key_of[r.head], key_of[r.child], r.label, tuple(sorted(r.attrs.items())))
            for r in rec.relations
        )
        found.append((rec.text, spans, relations, rec.doc_labels, rec.meta, rec.answer))
    return sorted(found, key=repr)


def _through_store(path: Path, schema: LabelSchema, out: Path, **export_options) -> Path:
    """Import a Label Studio file into a fresh store and export the dataset as Label Studio."""
    store = open_store(f"sqlite:///{out.parent / (out.name + '.db')}")
    try:
        summary = import_paths(store, "ls", [path], "labelstudio", schema=schema)
        assert summary.problems == [], summary.problems
        options = ExportOptions(format="labelstudio", out_dir=out, schema=schema, **export_options)
        run_export(lambda keep=None: store.annotations("ls", ("accept",), keep=keep), options)
    finally:
        store.close()
    return out / "train.json"


def test_labelstudio_roundtrip_emoji_tasks_keep_offsets_in_either_unit(tmp_path):
    schema = fitting_schema({"region": []})
    first = _read(FIXTURES / "emoji")
    again = _read(_through_store(FIXTURES / "emoji", schema, tmp_path / "cp"))
    assert _content(again) == _content(first)
    # a Label Studio 1.x file comes back as 1.x wrote it when asked for UTF-16
    written = _through_store(
        FIXTURES / "emoji_utf16", schema, tmp_path / "u16", format_options={"offsets": "utf16"}
    )
    values = [
        (item["value"]["start"], item["value"]["end"])
        for task in orjson.loads(written.read_bytes())
        for item in task["annotations"][0]["result"]
    ]
    assert values == [(22, 26), (3, 29)]
    assert _content(_read(written, offsets="utf16")) == _content(first)


def test_labelstudio_roundtrip_per_region_and_document_choices(tmp_path):
    sentiment = {"name": "sentiment2", "type": "enum", "values": ["Positive", "Negative"]}
    schema = fitting_schema(
        {
            "Person": [
                {"name": "description", "type": "str"},
                {"name": "gender", "type": "enum", "values": ["Female", "Male"]},
                sentiment,
            ],
            "Time": [sentiment],
        },
        doc_labels=[{"name": "sentiment", "values": ["Positive", "Negative", "Neutral"]}],
    )
    first = _read(FIXTURES / "nested")
    again = _read(_through_store(FIXTURES / "nested", schema, tmp_path / "out"))
    assert _content(again) == _content(first)
    assert again[0].spans[0].attrs == {
        "description": "huge corp",
        "gender": "Male",
        "sentiment2": "Negative",
    }


def test_labelstudio_roundtrip_relations(tmp_path):
    tasks = orjson.loads((FIXTURES / "ner_text" / "tasks.json").read_bytes())
    tasks[0]["annotations"][0]["result"][3]["labels"] = ["SPEAKER"]
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(FIXTURES / "ner_text" / "labeling_config.xml", source)
    (source / "tasks.json").write_bytes(orjson.dumps(tasks))
    schema = fitting_schema(
        {"Person": [], "Words": []},
        relations=[{"name": "SPEAKER", "head": ["Person"], "child": ["Person"]}],
    )
    first = _read(source)
    assert len(first[0].relations) == 1
    again = _read(_through_store(source / "tasks.json", schema, tmp_path / "out"))
    assert _content(again) == _content(first)


def test_labelstudio_roundtrip_document_choices_of_label_studio_tests(tmp_path):
    schema = fitting_schema(
        {"region": []},
        doc_labels=[{"name": "text_class", "values": ["class_A", "class_TESTING"]}],
    )
    first = _read(FIXTURES / "data_manager")
    again = _read(_through_store(FIXTURES / "data_manager", schema, tmp_path / "out"))
    assert _content(again) == _content(first)
    assert len(again) == 4  # both annotations of task 1 are kept apart


def test_labelstudio_predictions_are_stored_as_suggestions(tmp_path):
    schema = fitting_schema({"Date": [], "Location": []})
    store = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        summary = import_paths(
            store, "ls", [FIXTURES / "predictions"], "labelstudio", schema=schema
        )
        stored = {
            (s.span.text, s.span.label, s.source, round(s.score, 2))
            for doc_id in store.document_ids("ls")
            for s in store.suggestions.get("ls", doc_id)
        }
    finally:
        store.close()
    assert summary.problems == [] and summary.added == 2 and summary.annotations == 0
    # two models predicting one span: the surer prediction is the suggestion, the other counted
    assert ("27", "Date", "one", 0.7) in stored and ("Passover", "Date", "two", 0.96) in stored
    assert ("Niyati", "Person", "one", 1.0) in stored
    assert len(stored) == summary.suggestions == 16
    assert summary.losses == {"prediction of a span another prediction also made": 4}


# ------------------------------------------------------------------------------- hypothesis

SCHEMA = parse_schema(
    """
name = "ls-hypo"
version = "1.0.0"

[[labels]]
name = "A"
key = "a"
severity = { overlap = "warning" }

[[labels.attributes]]
name = "n"
type = "float"

[[labels.attributes]]
name = "flag"
type = "bool"

[[labels.attributes]]
name = "code"
type = "str"

[[labels.attributes]]
name = "kind"
type = "enum"
values = ["x", "y", "z"]

[[labels]]
name = "B"
key = "d"
severity = { overlap = "warning" }

[[relations]]
name = "R"
head = ["A"]
child = ["B"]

[[relations]]
name = "U"
head = ["A", "B"]
child = ["A", "B"]
directed = false

[[doc_labels]]
name = "topic"
values = ["on", "off"]

[[doc_labels]]
name = "tags"
values = ["p", "q", "r"]
multiple = true
"""
)
WORDS = ["Kenya", "men", "😀", "𝔘𝔨", "said", "200", ".", "“", "”", "é", "🇷🇺"]
SEPARATORS = [" ", " ", "\n", "  ", "\t"]
ATTRIBUTES = {
    "n": st.floats(allow_nan=False, allow_infinity=False, width=32),
    "flag": st.booleans(),
    "code": st.text(min_size=1, max_size=8),
    "kind": st.sampled_from(["x", "y", "z"]),
}


@st.composite
def annotated(draw):
    """A record with random spans, attributes on A spans, relations and document labels."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
    text = words[0]
    for word in words[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + word
    doc = make_document(text, tokenize(text), tokenizer_id(), {"n": draw(st.integers(0, 9))})
    n = len(doc.tokens)
    spans = {}
    for first, width, label in draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, 3), st.sampled_from("AB")), max_size=8
        )
    ):
        start, end = doc.tokens[first].start, doc.tokens[min(n - 1, first + width)].end
        attrs = {}
        if label == "A":
            names = draw(st.lists(st.sampled_from(sorted(ATTRIBUTES)), unique=True))
            attrs = {name: draw(ATTRIBUTES[name]) for name in names}
        spans[(start, end, label)] = make_span(doc, start, end, label, attrs)
    made = list(spans.values())
    relations = {}
    for i, j, undirected in draw(
        st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.booleans()), max_size=6)
    ):
        if i < len(made) and j < len(made) and i != j:
            head, child = made[i], made[j]
            label = "U" if undirected or (head.label, child.label) != ("A", "B") else "R"
            relations[(head.id, child.id, label)] = Relation(
                head=head.id, child=child.id, label=label
            )
    doc_labels = {}
    if draw(st.booleans()):
        doc_labels["topic"] = (draw(st.sampled_from(["on", "off"])),)
    tags = draw(st.lists(st.sampled_from(["p", "q", "r"]), unique=True))
    if tags:
        doc_labels["tags"] = tuple(tags)
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator="ana",
        answer="accept",
        spans=tuple(made),
        relations=tuple(relations.values()),
        doc_labels=doc_labels,
        schema=SCHEMA.ref,
        created_at=datetime(2025, 1, 1, tzinfo=UTC),
        updated_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    return canonical(doc, ann)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(annotated(), min_size=1, max_size=3, unique_by=lambda r: r.doc_id), st.booleans())
def test_labelstudio_roundtrip_hypothesis_relations_and_attributes(records, utf16):
    unit = "utf16" if utf16 else "codepoints"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        manifest = export(
            records, "labelstudio", out, schema=SCHEMA, format_options={"offsets": unit}
        )
        assert manifest["dropped_parts"] == {}
        back = _read(out / "train.json", offsets=unit)
    expected = [
        IncomingRecord(
            text=r.text,
            path="",
            meta=r.meta,
            spans=tuple(r.spans),  # type: ignore[arg-type]
            relations=r.relations,
            doc_labels=r.doc_labels,
            answer=r.answer,
        )
        for r in records
    ]
    assert _content(back) == _content(expected)


@pytest.mark.parametrize("unit", ["codepoints", "utf16"])
def test_labelstudio_roundtrip_undirected_relations_are_written_both_ways(tmp_path, unit):
    text = "Kenya and Nepal"
    doc = make_document(text, tokenize(text), tokenizer_id())
    a, b = make_span(doc, 0, 5, "A"), make_span(doc, 10, 15, "B")
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator="ana",
        answer="accept",
        spans=(a, b),
        relations=(
            Relation(head=a.id, child=b.id, label="U"),
            Relation(head=a.id, child=b.id, label="R"),
        ),
        schema=SCHEMA.ref,
        created_at=datetime(2025, 1, 1, tzinfo=UTC),
        updated_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    export(
        [canonical(doc, ann)],
        "labelstudio",
        tmp_path,
        schema=SCHEMA,
        format_options={"offsets": unit},
    )
    (task,) = orjson.loads((tmp_path / "train.json").read_bytes())
    directions = {
        item["labels"][0]: item["direction"]
        for item in task["annotations"][0]["result"]
        if item["type"] == "relation"
    }
    assert directions == {"U": "bi", "R": "right"}
