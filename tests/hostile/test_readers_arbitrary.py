"""Arbitrary JSON values, text and bytes through every registered reader and the validator."""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_budget import examples

from annotator.errors import Issue
from annotator.formats import load_all
from annotator.formats.base import IncomingRecord, ReadProblem
from annotator.schema.model import default_schema_path, load_schema
from annotator.validation.validate import validate_jsonl

# Keys the readers look for, so generated objects reach past the first checks.
KEYS = [
    *("text", "data", "label", "labels", "entities", "spans", "start", "end", "meta", "tokens"),
    *("_timestamp", "answer", "annotations", "completions", "result", "value", "id", "type"),
    *("from_name", "lead_time", "created_at", "updated_at", "annotator", "completed_by"),
    *("was_cancelled", "start_offset", "end_offset", "doc_id", "text_sha256", "tokenizer"),
    *("token_start", "token_end", "ws", "attrs", "revision", "schema", "sources", "duration_s"),
    "_annotator_id",
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([0, 1, 5, -1, 1e20, -1e20, 2**63, "accept", "FIGURE", "Nearly 200"])
    | st.text(max_size=12)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=6)
    ),
    max_leaves=30,
)
TEXTS = st.text(min_size=1, max_size=30) | st.just("Nearly 200 fighters came.")
OFFSETS = st.integers(min_value=-2, max_value=30) | st.sampled_from([2**63, 1e20, "3", None])
SPAN = st.fixed_dictionaries(
    {"start": OFFSETS, "end": OFFSETS, "label": st.sampled_from(["FIGURE", "", 5]) | JSON},
    optional={"attrs": JSON, "token_start": OFFSETS, "token_end": OFFSETS, "text": JSON},
)
SPANS = st.lists(SPAN | JSON, max_size=3) | JSON
# Records shaped like each reader's input, with any field replaced by any value.
OBJECTS = st.fixed_dictionaries(
    {"text": TEXTS | JSON},
    optional={"spans": SPANS, "label": SPANS, "entities": SPANS, "meta": JSON}
    | {key: JSON for key in KEYS if key not in ("text", "spans", "label", "entities", "meta")},
)
RESULTS = st.lists(
    st.fixed_dictionaries(
        {"value": st.fixed_dictionaries({}, optional={k: JSON | OFFSETS for k in KEYS[:12]})}
    )
    | JSON,
    max_size=3,
)
ANNOTATIONS = st.lists(
    st.fixed_dictionaries({}, optional={"result": RESULTS | JSON} | {k: JSON for k in KEYS[12:20]})
    | JSON,
    max_size=2,
)
TASKS = st.fixed_dictionaries(
    {"data": st.fixed_dictionaries({"text": TEXTS}, optional={"meta": JSON}) | JSON},
    optional={"annotations": ANNOTATIONS | JSON, "completions": ANNOTATIONS | JSON},
)
LINE_READERS = ("jsonl", "prodigy", "doccano")
FAST = settings(
    max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SCHEMA = load_schema(default_schema_path())


def _read(name: str, path: Path) -> list:
    """Everything a registered reader yields for a path, each checked for its type."""
    items = list(load_all()[name].reader(path))  # type: ignore[misc]
    for item in items:
        assert isinstance(item, IncomingRecord | ReadProblem), item
        if isinstance(item, ReadProblem):
            assert item.path and item.message
    return items


def test_every_reader_is_covered():
    """A new reader must be added to this file's strategies."""
    readers = {name for name, spec in load_all().items() if spec.reader is not None}
    assert readers == {
        *LINE_READERS,
        "labelstudio",
        "brat",
        "text",
        "conll",
        "spacy",
    }  # conll and spacy: their own arbitrary-input tests


@FAST
@given(lines=st.lists(OBJECTS | JSON, min_size=1, max_size=4))
def test_hostile_json_lines_give_records_or_located_problems(lines):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.jsonl"
        path.write_bytes(b"".join(orjson.dumps(v) + b"\n" for v in lines))
        for name in LINE_READERS:
            _read(name, path)
        for found in validate_jsonl(path, SCHEMA):
            assert isinstance(found, Issue | int)


@FAST
@given(tasks=st.lists(TASKS | JSON, max_size=3) | TASKS | JSON)
def test_hostile_label_studio_json_gives_records_or_located_problems(tasks):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tasks.json"
        path.write_bytes(orjson.dumps(tasks))
        _read("labelstudio", path)


@FAST
@given(text=st.text(max_size=40), ann=st.text(max_size=80) | st.binary(max_size=80))
def test_hostile_brat_pairs_give_records_or_located_problems(text, ann):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "doc.txt").write_text(text, encoding="utf-8", newline="")
        target = Path(folder) / "doc.ann"
        if isinstance(ann, bytes):
            target.write_bytes(ann)
        else:
            target.write_text(ann, encoding="utf-8", newline="")
        _read("brat", Path(folder) / "doc.ann")


@FAST
@given(data=st.binary(max_size=200))
def test_hostile_bytes_give_records_or_located_problems(data):
    with tempfile.TemporaryDirectory() as folder:
        for name, suffix in (("text", ".txt"), ("jsonl", ".jsonl"), ("doccano", ".jsonl")):
            path = Path(folder) / f"in{suffix}"
            path.write_bytes(data)
            _read(name, path)
