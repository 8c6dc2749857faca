"""Shared fixtures of the suggestion tests: the default schema, the shipped patterns, documents."""

from __future__ import annotations

import pytest

from annotator.records.models import Document, make_document
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import LabelSchema, default_schema_path, load_schema
from annotator.suggest import get_suggester


@pytest.fixture(scope="module")
def schema() -> LabelSchema:
    """The default schema."""
    return load_schema(default_schema_path())


@pytest.fixture(scope="module")
def patterns(schema):
    """The shipped pattern suggester."""
    return get_suggester("patterns", schema)


def doc_of(text: str) -> Document:
    """A tokenized document."""
    return make_document(text, tokenize(text), tokenizer_id())


def found(suggester, text: str) -> set[tuple[str, str]]:
    """(label, text) of what a suggester proposes on one document."""
    (suggestions,) = list(suggester.suggest([doc_of(text)]))
    return {(s.span.label, s.span.text) for s in suggestions}
