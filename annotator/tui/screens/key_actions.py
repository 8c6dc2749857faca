"""The annotation screen's key actions (moves, edits, labels, search, answers) as a mixin."""

from __future__ import annotations

from typing import Any

from annotator.session.hints import hint_labels
from annotator.store import StoreError
from annotator.tui.screens.help import HelpScreen
from annotator.tui.screens.question import QuestionScreen
from annotator.tui.screens.search import SearchScreen
from annotator.tui.screens.stats import StatsScreen

MOVES = {
    "cursor_left": "left",
    "cursor_right": "right",
    "sentence_next": "sentence_next",
    "sentence_prev": "sentence_prev",
    "paragraph_next": "paragraph_next",
    "paragraph_prev": "paragraph_prev",
    "doc_start": "doc_start",
    "doc_end": "doc_end",
    "select_mode": "toggle_select_mode",
    "select_quote": "select_quote",
    "select_name": "select_name",
    "select_sentence": "select_sentence",
    "word_next": "word_next",
    "word_prev": "word_prev",
    "clause_next": "clause_next",
    "clause_prev": "clause_prev",
    "unlabelled_next": "unlabelled_next",
    "suggestion_next": "suggestion_step",
}
EDITS = {
    "span_delete": lambda s: s.plan_delete(),
    "span_start_left": lambda s: s.plan_resize("start", -1),
    "span_start_right": lambda s: s.plan_resize("start", +1),
    "span_end_left": lambda s: s.plan_resize("end", -1),
    "span_end_right": lambda s: s.plan_resize("end", +1),
    "undo": lambda s: s.plan_undo(),
    "redo": lambda s: s.plan_redo(),
    "suggestion_accept": lambda s: s.plan_accept_suggestion(),
    "suggestion_reject": lambda s: s.plan_reject_suggestion(),
    "suggestion_accept_all": lambda s: s.plan_accept_all(),
}


class KeyActions:
    """Action methods of AnnotateScreen: each key runs a session move, an edit or a screen."""

    # The host screen provides flow, keymap, session, view, edit, show_document, _marks,
    # _status, _refresh_bars and the pending/message/last_search state these methods use.

    def _move(self, method: str, *args: Any) -> None:
        """Run a session move and push the new marks down."""
        session = self.session
        if session is None:
            return
        message = getattr(session, method)(*args)
        self._marks()
        if message or self.message:
            self._status(message)

    def _with_session(self, planner: Any) -> None:
        """Plan an edit on the session and perform it."""
        if self.session is not None:
            self.edit(planner(self.session))

    def action_cursor_up(self) -> None:
        """One visual line up."""
        self._visual(-1)

    def action_cursor_down(self) -> None:
        """One visual line down."""
        self._visual(+1)

    def action_page_down(self) -> None:
        """One page down."""
        self._visual(max(1, self.view.size.height - 1))

    def action_page_up(self) -> None:
        """One page up."""
        self._visual(-max(1, self.view.size.height - 1))

    def _visual(self, rows: int) -> None:
        """Move by visual rows as the view wraps them."""
        if self.session is not None and len(self.session.index):
            self._move("move_to", self.view.token_in_row(self.session.cursor, rows))

    def action_line_start(self) -> None:
        """Start of the visual line."""
        if self.session is not None and len(self.session.index):
            self._move("move_to", self.view.row_bounds(self.session.cursor)[0])

    def action_line_end(self) -> None:
        """End of the visual line."""
        if self.session is not None and len(self.session.index):
            self._move("move_to", self.view.row_bounds(self.session.cursor)[1])

    def action_select_left(self) -> None:
        """Grow or shrink the selection one token left."""
        self._move("grow", -1)

    def action_select_right(self) -> None:
        """Grow or shrink the selection one token right."""
        self._move("grow", +1)

    def action_select_clear(self) -> None:
        """Clear the selection, span focus and search highlight."""
        session = self.session
        if session is not None and session.matches:
            session.matches = []
            self.view.set_matches([])
            self._move("clear")
            self._status("search highlight cleared")
            return
        self._move("clear")

    tabbed: Any = None  # the span focused by tab/shift+tab: a label key then acts on it

    def action_span_next(self) -> None:
        """Focus the next span."""
        self._move("focus_step", +1)
        self.tabbed = self.session.focus if self.session is not None else None

    def action_span_prev(self) -> None:
        """Focus the previous span."""
        self._move("focus_step", -1)
        self.tabbed = self.session.focus if self.session is not None else None

    def action_match_next(self) -> None:
        """Next search match."""
        self._move("match_step", +1)

    def action_match_prev(self) -> None:
        """Previous search match."""
        self._move("match_step", -1)

    def action_hint_jump(self) -> None:
        """Draw two-key hints over the visible words; the typed hint moves the cursor there."""
        self._hints(extend=False)

    def action_hint_extend(self) -> None:
        """Draw two-key hints; the typed hint extends the selection to that word."""
        self._hints(extend=True)

    def _hints(self, extend: bool) -> None:
        """Label the visible words and let the view read the two keys."""
        session = self.session
        if session is None or not len(session.index):
            return
        first, last = self.view.visible_tokens()
        labels = hint_labels(session.nav, first, last, session.cursor)
        if not labels:
            self._status("no words in view")
            return
        self.view.focus()
        self.view.show_hints(labels, extend)
        self._status("type a hint (escape cancels)")

    def on_doc_view_hint_chosen(self, message: Any) -> None:
        """A hint was typed: jump (or extend) to its word."""
        if message.token is None:
            self._status("no such hint")
            return
        self._move("jump", message.token, message.extend)

    def on_doc_view_pressed(self, message: Any) -> None:
        """A click: focus the span under it, else place the cursor."""
        self._move("press", message.token)

    def on_doc_view_dragged(self, message: Any) -> None:
        """A drag: select the tokens between where it started and where it is."""
        self._move("drag", message.first, message.last)

    def action_span_relabel(self) -> None:
        """Wait for a label key to relabel the focused span (or say at once there is none)."""
        if self.session is None or self.session.acted_on() is None:
            self._status("no span to relabel here: tab to one (or put the cursor on one) first")
            return
        self.pending = "relabel: press a label key"
        self._refresh_bars()

    def action_suggestion_accept_label(self) -> None:
        """Wait for a label key to accept all suggestions of that label."""
        self.pending = "accept all suggestions of label: press a label key"
        self._refresh_bars()

    def action_label(self, label: str) -> None:
        """Apply a label (or finish a pending relabel / accept-by-label)."""
        session = self.session
        if session is None:
            return
        pending, self.pending = self.pending, ""
        tabbed = session.focus is not None and session.focus == self.tabbed
        if tabbed and not pending and session.selection() is None:
            same = session.focus[2] == label  # the same label again toggles the span off
            self.edit(session.plan_delete() if same else session.plan_relabel(label))
        elif pending.startswith("relabel"):
            self.edit(session.plan_relabel(label))
        elif pending.startswith("accept"):
            self.edit(session.plan_accept_all(label))
        else:
            self.edit(session.plan_label(label))
        if pending:
            self._refresh_bars()

    def action_search(self) -> None:
        """Ask for a regex, then select the first match after the cursor."""

        def found(pattern: str | None) -> None:
            session = self.session
            if pattern is None or session is None:
                return
            self.last_search = pattern
            message = session.search(pattern)
            self.view.set_matches(session.matches)
            self._marks()
            self._status(message)

        self.app.push_screen(SearchScreen(self.last_search), found)

    def action_help(self) -> None:
        """Show keys and guidelines."""
        self.app.push_screen(HelpScreen(self.keymap, self.flow.schema))

    def action_stats(self) -> None:
        """Show the dataset's statistics (answers, overlap, spans per label, time, claims)."""
        self.app.push_screen(StatsScreen.of_flow(self.flow))

    def action_quit(self) -> None:
        """Quit; every edit is already in the journal."""
        self.app.exit()

    def _answer(self, answer: str) -> None:
        """Store a revision with this answer and open the next task; ask before accepting errors."""
        if self.flow.current is None:
            self._status("no document to answer")
            return
        session = self.session
        errors = [i for i, _ in session.issues() if i.severity == "error"] if session else []
        if answer == "accept" and errors:
            shown = "\n".join(f"  {i.code} {i.message}" for i in errors[:5])
            more = f"\n  ... and {len(errors) - 5} more" if len(errors) > 5 else ""
            question = (
                f"This document has {len(errors)} schema error(s):\n{shown}{more}\n\n"
                "An answer with errors is refused by export unless it runs with --skip-invalid. "
                "Accept it anyway?"
            )

            def decided(yes: bool | None) -> None:
                if yes:
                    self._store_answer(answer)
                else:
                    self._status(
                        "not accepted: fix the errors (tab walks the spans) or accept again"
                    )

            self.app.push_screen(QuestionScreen(question), decided)
            return
        self._store_answer(answer)

    def _store_answer(self, answer: str) -> None:
        """Store a revision with this answer and open the next task."""
        try:
            stored, note = self.flow.answer(answer)
        except StoreError as exc:
            self._status(f"answer not stored: {exc}")
            return
        self.show_document(self.flow.next_document())
        done = {"accept": "accepted", "reject": "rejected", "ignore": "ignored"}[answer]
        self._status(note or f"{done}: revision {stored.revision}; {self.message}")

    def action_answer_accept(self) -> None:
        """Accept and move on."""
        self._answer("accept")

    def action_answer_reject(self) -> None:
        """Reject and move on."""
        self._answer("reject")

    def action_answer_ignore(self) -> None:
        """Ignore and move on."""
        self._answer("ignore")

    def action_doc_prev(self) -> None:
        """Reopen the previous document to change its answer."""
        opened = self.flow.previous_document()
        if opened is None:
            self._status("no previous document")
            return
        self.show_document(opened)
        answer = opened.previous.answer if opened.previous else "unanswered"
        self._status(f"previous document (was {answer}); answer again to change it")


def _move_action(action_id: str, method: str) -> Any:
    """An action method running one session move."""

    def action(self: KeyActions) -> None:
        self._move(method)

    action.__doc__ = f"Run the session move {method}."
    action.__name__ = f"action_{action_id}"
    return action


def _edit_action(action_id: str, planner: Any) -> Any:
    """An action method planning and performing one edit."""

    def action(self: KeyActions) -> None:
        self._with_session(planner)

    action.__doc__ = f"Plan and perform the edit {action_id}."
    action.__name__ = f"action_{action_id}"
    return action


for _id, _method in MOVES.items():
    setattr(KeyActions, f"action_{_id}", _move_action(_id, _method))
for _id, _planner in EDITS.items():
    setattr(KeyActions, f"action_{_id}", _edit_action(_id, _planner))
