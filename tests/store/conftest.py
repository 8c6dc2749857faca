"""Fixtures: a fresh store per test, parametrized over SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import pytest
from store_helpers import BACKENDS, drop_pg_schema, pg_url_or_skip


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    """A URL to an empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url = pg_url_or_skip()
    yield url
    drop_pg_schema(url)


@pytest.fixture
def store(store_url):
    """An open store on an empty database."""
    from annotator.store import open_store

    opened = open_store(store_url)
    yield opened
    opened.close()
