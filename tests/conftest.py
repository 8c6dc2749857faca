"""Fixtures every test folder shares: the default schema, a valid record, and empty stores."""

from __future__ import annotations

import os
import uuid

import pytest
from record_helpers import check, record, schema  # noqa: F401  (fixtures shared by every folder)

PG_ENV = "ANNOTATOR_TEST_PG"


@pytest.fixture
def in_empty_folder(tmp_path, monkeypatch):
    """Run the test in an empty folder with no annotator settings from the environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("ANNOTATOR_DB", "ANNOTATOR_DATASET", "ANNOTATOR_NAME"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store_url(request, tmp_path):
    """A URL to an empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'import.db'}"
        return
    dsn = os.environ.get(PG_ENV)
    if not dsn:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (run `source .ci/postgres.sh`)")
    pg_schema = f"i_{uuid.uuid4().hex[:12]}"
    yield f"{dsn}{'&' if '?' in dsn else '?'}schema={pg_schema}"
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{pg_schema}" CASCADE')


@pytest.fixture
def sqlite_store(tmp_path):
    """An open SQLite store."""
    from annotator.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'import.db'}")
    yield store
    store.close()
