"""Pilot tests of the key flows: label, nest, resize, delete, undo/redo, answer, reopen."""

from __future__ import annotations

import io

from rich.console import Console

from annotator.tui.screens.help import guidelines, keys_table

TEXT = (
    "Kenya’s President William Ruto said “young Kenyans were recruited by Russia” today.\n"
    "Nearly 200 foreign nationals from 37 countries were captured."
)
SECOND = "South Africa said 17 of its citizens ended up fighting in the Donbas region."


def spans_of(app) -> list[tuple[str, str]]:
    return [(s.label, s.text) for s in app.screen.session.ordered()]


async def test_annotate_select_and_label_multi_token_span(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right", "shift+right", "shift+right", "shift+right", "a")
        assert spans_of(app) == [("ACTOR", "’s President William Ruto")]
        await pilot.press("left_curly_bracket")
        assert spans_of(app) == [("ACTOR", "President William Ruto")]
        await pilot.press("right_square_bracket", "right_curly_bracket")
        assert spans_of(app) == [("ACTOR", "President William Ruto")]
        assert app.screen.saved.startswith("saved")


async def test_annotate_selection_mode_without_shift(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l", "l", "v", "l", "l", "1")
        assert spans_of(app) == [("ACTOR", "President William Ruto")]


async def test_annotate_nested_spans_delete_and_undo_redo(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e", "c", "e", "a", "e", "q", "e", "c", "e", "c")
        assert spans_of(app) == [
            ("COUNTRY", "Kenya"),
            ("ACTOR", "President William Ruto"),
            ("QUOTE", "young Kenyans were recruited by Russia"),
            ("COUNTRY", "Kenyans"),
            ("COUNTRY", "Russia"),
        ]
        await pilot.press("x")
        assert ("COUNTRY", "Russia") not in spans_of(app)
        await pilot.press("u", "u", "u")
        assert spans_of(app) == [
            ("COUNTRY", "Kenya"),
            ("ACTOR", "President William Ruto"),
            ("QUOTE", "young Kenyans were recruited by Russia"),
        ]
        await pilot.press("ctrl+r")
        assert ("COUNTRY", "Kenyans") in spans_of(app)
        await pilot.pause(0.3)
        panel = app.screen.query_one("SpanList")
        assert [s.label for s in panel.spans] == ["COUNTRY", "ACTOR", "QUOTE", "COUNTRY"]


async def test_annotate_answer_moves_on_and_back(app_factory, schema):
    app, store = app_factory([TEXT, SECOND])
    async with app.run_test(size=(100, 30)) as pilot:
        first = app.screen.flow.current.doc.doc_id
        await pilot.press("e", "c", "enter")
        assert app.screen.flow.current.doc.doc_id != first
        assert store.current_annotation("sample", first, "tester").answer == "accept"
        await pilot.press("ctrl+b")
        assert app.screen.flow.current.doc.doc_id == first
        assert spans_of(app) == [("COUNTRY", "Kenya")]
        await pilot.press("ctrl+x")
        stored = store.revisions("sample", first, "tester")
        assert [r.answer for r in stored] == ["accept", "reject"]
        await pilot.press("ctrl+g")
        assert app.screen.flow.current is None
        assert "no more tasks" in app.screen.message


async def test_annotate_reopen_restores_annotation_and_undo_history(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e", "c", "e", "a", "e", "q")
    app2, _ = app_factory([TEXT])
    async with app2.run_test(size=(100, 30)) as pilot:
        assert spans_of(app2) == [
            ("COUNTRY", "Kenya"),
            ("ACTOR", "President William Ruto"),
            ("QUOTE", "young Kenyans were recruited by Russia"),
        ]
        await pilot.press("u", "u")
        assert spans_of(app2) == [("COUNTRY", "Kenya")]
        await pilot.press("U")
        assert len(spans_of(app2)) == 2


async def test_annotate_validation_marks_offending_span(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right", "right", "right", "right", "f")  # FIGURE on 'Ruto'
        await pilot.pause(0.3)
        summary, severity = app.screen.validation
        assert severity == "error" and "E301" in summary
        view = app.screen.query_one("DocView")
        assert view.issue_keys == {(4, 4, "FIGURE")}


async def test_annotate_help_lists_actions_and_guidelines(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        assert app.screen.__class__.__name__ == "HelpScreen"
        console = Console(width=200, file=io.StringIO(), record=True)
        console.print(keys_table(app.screen.keymap), guidelines(app.screen.schema))
        body = console.export_text()
        assert "Undo the last edit" in body and "FIGURE" in body and "Nearly 200" in body
        assert "Q=SPEAKER" in body and "Edit the focused span's attributes" in body
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "AnnotateScreen"


async def test_annotate_search_then_label_match(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"russia", "enter")
        await pilot.press("c")
        assert spans_of(app) == [("COUNTRY", "Russia")]


async def test_annotate_tiny_terminal_and_long_token_do_not_crash(app_factory):
    app, _ = app_factory(["x" * 500 + " tail " + TEXT])
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("right", "down", "down", "pagedown", "G", "a")
        await pilot.resize_terminal(60, 20)
        await pilot.press("g", "down")
        view = app.screen.query_one("DocView")
        assert view.layout_.width <= 60
        assert len(spans_of(app)) == 1


async def test_annotate_suggestions_accept_reject_persist(app_factory, db_url, schema):
    from annotator.records.models import Suggestion, make_span

    app, store = app_factory([TEXT], show_suggestions=True)
    (doc_id,) = store.document_ids("sample")
    doc = store.get_document(doc_id)
    kenya = Suggestion(span=make_span(doc, 0, 5, "COUNTRY"), source="test")
    ruto = Suggestion(span=make_span(doc, 8, 30, "ACTOR"), source="test")
    store.suggestions.replace("sample", doc_id, [kenya, ruto])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", "y", "s", "z")
        assert spans_of(app) == [("COUNTRY", "Kenya")]
        assert app.screen.session.open_suggestions() == []
        assert store.suggestions.rejected("sample", doc_id, "tester") == {ruto.span.key}
        await pilot.press("u", "u")
        assert spans_of(app) == []
        await pilot.press("ctrl+a", "c")
        assert spans_of(app) == [("COUNTRY", "Kenya")]
    assert store.suggestions.rejected("sample", doc_id, "tester") == set()


async def test_annotate_stats_screen_one_key_away(app_factory):
    from annotator.tui.screens.stats import StatsScreen

    app, _ = app_factory([TEXT, SECOND])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c", "enter")
        await pilot.press("ctrl+t")
        assert isinstance(app.screen, StatsScreen)
        stats = app.screen.stats
        assert (stats.documents, stats.answered_documents) == (2, 1)
        assert stats.spans_per_label == {"COUNTRY": 1}
        assert stats.open_claims == 1
        await pilot.press("ctrl+t")
        assert not isinstance(app.screen, StatsScreen)
        await pilot.press("c")
        assert spans_of(app) == [("COUNTRY", "South")]
