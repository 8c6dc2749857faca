"""Shared helpers and fixtures of the record tests: the default schema and a builder of canonical lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import orjson
import pytest

from annotator.records.models import Annotation, canonical, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import LabelSchema, default_schema_path, load_schema
from annotator.validation.validate import line_issues, validate_line

SAMPLE_TEXT = (
    "Nearly 200 fighters from Kenya were captured, Defense Intelligence said. "
    "One recruit said “they were forced to sign contracts in Moscow” before the war."
)
SAMPLE_SPANS = [
    ("FIGURE", "Nearly 200"),
    ("COUNTRY", "Kenya"),
    ("ACTOR", "Defense Intelligence"),
    ("QUOTE", "they were forced to sign contracts in Moscow"),
    ("TACTIC", "forced to sign contracts"),
    ("ACTOR", "Moscow"),
]
CREATED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def build_record(
    text: str = SAMPLE_TEXT, spans: list[tuple[str, str]] | None = None, schema_ref: str = ""
) -> dict:
    """A valid canonical line as a JSON dict; each span is (label, first occurrence in text)."""
    doc = make_document(text, tokenize(text), tokenizer_id(), {"title": "t"})
    made = []
    for label, phrase in SAMPLE_SPANS if spans is None else spans:
        start = text.index(phrase)
        made.append(make_span(doc, start, start + len(phrase), label))
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator="tester",
        answer="accept",
        spans=tuple(made),
        schema=schema_ref or "foreign-fighters@1.0.0",
        created_at=CREATED,
        updated_at=CREATED,
    )
    return canonical(doc, ann).to_json_dict()


def issues_of(record: dict | bytes, schema: LabelSchema | None) -> list:
    """Issues of one line; asserts the fast path and the pydantic path agree exactly."""
    raw = record if isinstance(record, bytes) else orjson.dumps(record)
    slow = validate_line(raw, schema)[1]
    fast = line_issues(raw, schema)
    assert fast == slow
    return slow


@pytest.fixture(scope="session")
def schema() -> LabelSchema:
    """The bundled default schema."""
    return load_schema(default_schema_path())


@pytest.fixture
def record() -> dict:
    """A fresh valid canonical record dict (safe to mutate)."""
    return build_record()


@pytest.fixture
def check(schema: LabelSchema) -> Callable[[dict | bytes], list]:
    """Validate a record against the default schema, both paths, returning its issues."""
    return lambda rec: issues_of(rec, schema)
