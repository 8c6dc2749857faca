"""Helpers for store tests: documents, answers, PostgreSQL schemas per test."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

import pytest

from annotator.records.models import Annotation, Document, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id

PG_ENV = "ANNOTATOR_TEST_PG"
BACKENDS = ["sqlite", "postgresql"]


def pg_url_or_skip() -> str:
    """A PostgreSQL URL in a schema of its own, or skip naming the variable to set."""
    dsn = os.environ.get(PG_ENV)
    if not dsn:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (run `source .ci/postgres.sh`)")
    sep = "&" if "?" in dsn else "?"
    return f"{dsn}{sep}schema=t_{uuid.uuid4().hex[:12]}"


def drop_pg_schema(url: str) -> None:
    """Remove the schema a test created."""
    import psycopg

    from annotator.store.postgres import split_url

    conninfo, schema = split_url(url)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def doc(text: str, **meta) -> Document:
    """A tokenized document."""
    return make_document(text, tokenize(text), tokenizer_id(), meta)


def answer(
    document: Document,
    annotator: str = "ann",
    verdict: str = "accept",
    spans: tuple[tuple[int, int, str], ...] = (),
) -> Annotation:
    """An annotation of `document` with spans given as (start, end, label)."""
    stamp = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    return Annotation(
        doc_id=document.doc_id,
        annotator=annotator,
        answer=verdict,
        spans=tuple(make_span(document, s, e, label) for s, e, label in spans),
        schema="foreign-fighters@1.0.0",
        created_at=stamp,
        updated_at=stamp,
    )
