"""Fixtures for TUI tests: a SQLite store with the sample (or a given text) and an app factory."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.records.models import make_document
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.store import open_store
from annotator.tui.app import AnnotatorApp
from annotator.tui.bindings import build_keymap
from annotator.tui.flow import TaskFlow, import_sample


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tui.db'}"


def make_app(
    url: str,
    schema,
    texts: list[str] | None = None,
    annotator: str = "tester",
    show_suggestions: bool = False,
):
    """An app over a store at `url`, seeded with the sample or the given texts when empty;
    stored suggestions are shown only with `show_suggestions` (as `annotate --suggest stored`)."""
    store = open_store(url)
    if not store.document_ids("sample"):
        if texts is None:
            import_sample(store, "sample")
        else:
            docs = [
                make_document(t, tokenize(t), tokenizer_id(), {"title": f"doc {i}"})
                for i, t in enumerate(texts)
            ]
            store.add_documents("sample", docs)
    flow = TaskFlow(store, "sample", annotator, schema, show_suggestions=show_suggestions)
    return AnnotatorApp(flow, build_keymap(schema)), store


@pytest.fixture
def app_factory(db_url, schema):
    stores = []

    def factory(
        texts: list[str] | None = None, annotator: str = "tester", show_suggestions: bool = False
    ):
        app, store = make_app(db_url, schema, texts, annotator, show_suggestions)
        stores.append(store)
        return app, store

    yield factory
    for store in stores:
        store.close()
