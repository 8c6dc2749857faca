"""Every screen that shows data: no control or invisible character from data reaches the terminal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rich.cells import cell_len

from annotator.records.models import Annotation, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import parse_schema
from annotator.store import open_store
from annotator.tui.app import AnnotatorApp
from annotator.tui.bindings import build_keymap
from annotator.tui.flow import TaskFlow
from annotator.tui.review_app import ReviewApp
from annotator.tui.review_flow import ReviewFlow
from annotator.tui.screens.review import VersionsPanel

from .conftest import ESCAPES, assert_no_controls

HOSTILE_TOKEN = "Kenya\x1b]0;pwned\x07"
TEXT = f"Nearly 200 fighters\u200b came from {HOSTILE_TOKEN} and Russia\x1b[2J today."
WHEN = datetime(2026, 1, 5, tzinfo=UTC)
SCHEMA_TOML = r"""
name = "hostile"
version = "1.0.0"
description = "Tags things\u001b[2J\u200b"

[[labels]]
name = "FIGURE"
key = "f"
description = "Numbers\u001b]0;pwned\u0007 here."
examples = ["Nearly 200\u001b[31m"]
counter_examples = ["\u202eevil"]

[[labels]]
name = "ACTOR"
key = "a"
description = "Names."
"""


@pytest.fixture
def schema():
    return parse_schema(SCHEMA_TOML)


@pytest.fixture
def store(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'h.db'}")
    yield store
    store.close()


def hostile_document():
    doc = make_document(TEXT, tokenize(TEXT), tokenizer_id(), {"title": f"Title{ESCAPES}"})
    assert any(t.text == HOSTILE_TOKEN for t in doc.tokens)
    return doc


def version(doc, name: str, phrases: list[tuple[str, str]]) -> Annotation:
    spans = []
    for phrase, label in phrases:
        start = doc.text.index(phrase)
        spans.append(make_span(doc, start, start + len(phrase), label))
    return Annotation(
        doc_id=doc.doc_id,
        annotator=name,
        answer="accept",
        spans=tuple(spans),
        schema="hostile@1.0.0",
        created_at=WHEN,
        updated_at=WHEN,
    )


def record_terminal_output(app) -> list[str]:
    """Collect the text of every update the app sends to its terminal."""
    written: list[str] = []
    original = app._display

    def display(screen, update) -> None:
        original(screen, update)
        if update is None:
            return
        for segment in update.__rich_console__(app.console, app.console.options):
            if not segment.control:
                written.append(segment.text)

    app._display = display
    return written


async def test_review_screen_shows_hostile_spans_names_and_titles_safely(store, schema):
    doc = hostile_document()
    store.add_documents("news", [doc])
    store.add_annotation("news", version(doc, "amy\x1b]0;pwned\x07", [("Nearly 200", "FIGURE")]))
    store.add_annotation(
        "news",
        version(doc, "bob\u200b", [("Nearly 200", "FIGURE"), (HOSTILE_TOKEN, "ACTOR")]),
    )
    app = ReviewApp(ReviewFlow(store, "news", "lead\x1b[2J", schema), build_keymap(schema))
    written = record_terminal_output(app)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        for key in ("s", "tab", "ctrl+o", "ctrl+o", "question_mark", "escape", "ctrl+t"):
            await pilot.press(key)
            await pilot.pause()
    shown = "".join(written)
    assert "disputed 1" in shown and "ACTOR [31-46) (bob·)" in shown and "Kenya␛]0;pwned␇" in shown
    assert_no_controls(shown)


async def test_review_panel_rows_take_exactly_the_cells_they_are_drawn_in(store, schema):
    """Zero-width or cursor-moving characters would leave the previous frame's text behind."""
    doc = hostile_document()
    store.add_documents("news", [doc])
    store.add_annotation("news", version(doc, "amy", [("Nearly 200", "FIGURE")]))
    store.add_annotation(
        "news",
        version(doc, "bob", [("200 fighters\u200b", "FIGURE"), (HOSTILE_TOKEN, "ACTOR")]),
    )
    app = ReviewApp(ReviewFlow(store, "news", "lead", schema), build_keymap(schema))
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        rendered = str(app.screen.query_one(VersionsPanel).render())
    assert "FIGURE [7-20) (bob)\n   200 fighters·\n" in rendered
    assert "ACTOR [31-46) (bob)\n   Kenya␛]0;pwned␇\n" in rendered
    for line in rendered.splitlines():
        assert cell_len(line) == len(line), repr(line)


async def test_annotate_screen_help_and_stats_show_hostile_data_safely(store, schema):
    store.add_documents("sample", [hostile_document()])
    flow = TaskFlow(store, "sample", "kim\x1b]0;pwned\x07", schema)
    app = AnnotatorApp(flow, build_keymap(schema))
    written = record_terminal_output(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in ("right", "f", "tab", "question_mark", "end", "escape", "ctrl+t", "escape"):
            await pilot.press(key)
            await pilot.pause()
    shown = "".join(written)
    assert "Title␛[2J" in shown and "Numbers␛]0;pwned␇" in shown
    assert_no_controls(shown)
