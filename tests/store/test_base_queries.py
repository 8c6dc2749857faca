"""The read-only store queries stats rely on, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from datetime import datetime

import pytest

from annotator.records.models import make_document
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.store import open_store

PG_ENV = "ANNOTATOR_TEST_PG"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """An empty store of each backend; PostgreSQL in a schema of its own, dropped afterwards."""
    if request.param == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path / 'q.db'}")
        yield opened
        opened.close()
        return
    dsn = os.environ.get(PG_ENV)
    if not dsn:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (run `source .ci/postgres.sh`)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    opened = open_store(f"{dsn}{'&' if '?' in dsn else '?'}schema={schema}")
    yield opened
    opened.close()
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_store_edit_times_lists_every_edit_in_order(store):
    docs = [make_document(t, tokenize(t), tokenizer_id()) for t in ("One text.", "Two texts.")]
    store.add_documents("news", docs)
    store.append_edit("news", docs[1].doc_id, "bob", {"op": "a"})
    store.append_edit("news", docs[0].doc_id, "ann", {"op": "b"})
    store.append_edit("news", docs[1].doc_id, "bob", {"op": "c"})
    rows = list(store.edit_times("news"))
    assert sorted((d, a) for d, a, _ in rows) == sorted(
        [(docs[0].doc_id, "ann"), (docs[1].doc_id, "bob"), (docs[1].doc_id, "bob")]
    )
    assert all(isinstance(t, datetime) and t.tzinfo is not None for _, _, t in rows)
    bob = [t for d, a, t in rows if a == "bob"]
    assert bob == sorted(bob)
    assert list(store.edit_times("other")) == []


def test_store_open_claims_lists_live_claims_only(store):
    docs = [make_document(t, tokenize(t), tokenizer_id()) for t in ("One text.", "Two texts.")]
    store.add_documents("news", docs)
    first = store.queue.next_task("news", "ann")
    second = store.queue.next_task("news", "bob")
    assert {(c.doc_id, c.annotator) for c in store.queue.open_claims("news")} == {
        (first.doc_id, "ann"),
        (second.doc_id, "bob"),
    }
    store.queue.release_claim("news", first.doc_id, "ann")
    store.queue.next_task("news", "cid", claim_seconds=-1)
    assert [(c.doc_id, c.annotator) for c in store.queue.open_claims("news")] == [
        (second.doc_id, "bob")
    ]
