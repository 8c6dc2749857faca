"""Pilot tests of the flaws a real session found (issue 16): each fails without its fix."""

from __future__ import annotations

from annotator.tui.screens.question import QuestionScreen

TEXT = (
    "Kenya’s President William Ruto said “young Kenyans were recruited by Russia” today.\n"
    "Nearly 200 foreign nationals from 37 countries were captured."
)
SECOND = "South Africa said 17 of its citizens ended up fighting in the Donbas region."


def spans_of(app) -> list[tuple[str, str]]:
    return [(s.label, s.text) for s in app.screen.session.ordered()]


async def test_accept_with_a_schema_error_asks_first(app_factory):
    """enter on a document with an error asks; n keeps it open and unanswered, y stores it."""
    app, store = app_factory([TEXT, SECOND])
    async with app.run_test(size=(100, 30)) as pilot:
        first = app.screen.flow.current.doc.doc_id
        await pilot.press("right", "right", "right", "right", "f")  # FIGURE on 'Ruto': E301
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen)
        assert "E301" in app.screen.question and "--skip-invalid" in app.screen.question
        await pilot.press("n")
        assert app.screen.flow.current.doc.doc_id == first
        assert store.current_annotation("sample", first, "tester") is None
        assert "not accepted" in app.screen.message
        await pilot.press("enter", "y")
        assert store.current_annotation("sample", first, "tester").answer == "accept"
        assert app.screen.flow.current.doc.doc_id != first


async def test_accept_without_errors_and_reject_with_errors_do_not_ask(app_factory):
    """Only accepting an invalid document asks: a valid accept and an invalid reject go through."""
    app, store = app_factory([TEXT, SECOND])
    async with app.run_test(size=(100, 30)) as pilot:
        first = app.screen.flow.current.doc.doc_id
        await pilot.press("right", "right", "right", "right", "f", "ctrl+x")
        assert store.current_annotation("sample", first, "tester").answer == "reject"
        await pilot.press("c", "enter")
        assert not isinstance(app.screen, QuestionScreen)
        assert app.screen.flow.current is None
