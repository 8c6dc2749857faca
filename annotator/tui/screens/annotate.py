"""The annotation screen: keys become session commands; edits are journaled, then shown.

Every registry action (`annotator/session/actions.py`) is one `action_<id>` method below, bound
under the action's id on the screen class `for_schema` makes per keymap (Textual binds keys per
class), on the keys `annotator.toml` gives it; the schema's label and relation keys are bound there
to `action_label` and `action_relation`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from typing import Any, ClassVar, Self, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.timer import Timer

from annotator.session.actions import LINK_GROUP
from annotator.session.edit import EditSession, Plan, TokenRange, key_of
from annotator.session.hints import hint_labels
from annotator.session.moves import Moves
from annotator.session.plan import SpanKey
from annotator.store import StoreError
from annotator.tui import memory
from annotator.tui.bindings import ANNOTATE_GROUPS, LINK_ACTIONS, Keymap, registry_bindings
from annotator.tui.compat import use_compositor
from annotator.tui.compositor import DirtyRowCompositor
from annotator.tui.flow import JournalFlow, OpenDocument
from annotator.tui.screens.attribute_form import AttributeForm, RelationAttributes
from annotator.tui.screens.doc_label_panel import DocLabelPanel
from annotator.tui.screens.help import HelpScreen
from annotator.tui.screens.question import QuestionScreen
from annotator.tui.screens.search import SearchScreen
from annotator.tui.screens.stats import StatsScreen
from annotator.tui.widgets.bars import LabelBar, ProblemSummary, StatusLine
from annotator.tui.widgets.docview import DocView
from annotator.tui.widgets.relations import DocLabelBar, RelationList, doc_label_keys
from annotator.tui.widgets.spanlist import SpanList

W = TypeVar("W")
VALIDATION_DELAY_S = 0.15  # quiet time after the last key before the deferred validation runs


class AnnotateScreen(Screen[None], inherit_bindings=False):
    """Article, span panel, label bar and status line; one action method per registry action."""

    GROUPS: ClassVar[tuple[str, ...]] = (LINK_GROUP, *ANNOTATE_GROUPS)  # linking keys first
    BINDINGS: ClassVar[list[BindingType]] = registry_bindings(*GROUPS)

    def __init__(self, flow: JournalFlow, keymap: Keymap) -> None:
        """Show `flow`'s tasks; `keymap` holds the resolved keys, label keys and relation keys."""
        super().__init__()
        use_compositor(self, DirtyRowCompositor())  # see tui/compositor.py
        self.flow = flow
        self.keymap = keymap
        self.colours = {spec.name: spec.color for spec in flow.schema.labels}
        self.pending = ""
        self.saved = "saved"
        self.message = ""
        self.validation = ("no problems", "ok")
        self.last_search = ""
        self.counts: Counter[str] = Counter()
        self.position = 0  # percent of the article above the cursor's row, in the status line
        self.selecting = ""  # selection mode and length, in the status line
        self.tabbed: SpanKey | None = None  # the span tab/shift+tab focused: a label key acts on it
        self._validate_timer: Timer | None = None
        self._validation_due = False
        self._gc_thresholds: tuple[int, int, int] | None = None
        self._panel_stale = False
        self._problems = ProblemSummary([])  # the last validation's problems
        self._widgets: dict[type, Any] = {}

    def compose(self) -> ComposeResult:
        """The layout: article and span panel side by side, then label bar and status line."""
        with Container(id="body"):
            with Horizontal(id="main"):
                yield DocView(id="doc")
                yield from self.side_column()
            yield RelationList(id="relations")
        yield LabelBar(id="labels")
        yield DocLabelBar(id="doc-labels")
        yield StatusLine(id="status")

    def side_column(self) -> ComposeResult:
        """The column beside the article: the span panel."""
        yield SpanList(id="spans")

    @classmethod
    def for_schema(cls, keymap: Keymap) -> type[Self]:
        """This screen class with its actions bound on the keymap's keys, and the schema's label
        and relation keys bound as well.

        Every key goes through Textual's bindings, so a burst of keys runs in the order typed (a
        key handled in `on_key` would run before earlier keys' bindings). The linking keys come
        first: while a link is in progress they win the keys they share (see `check_action`).
        """
        bindings = [*keymap.action_bindings(*cls.GROUPS), *keymap.schema_bindings()]
        made = type(cls.__name__, (cls,), {"BINDINGS": bindings}, inherit_bindings=False)
        return cast(type[Self], made)

    def widget(self, kind: type[W]) -> W:
        """The screen's one widget of a kind, looked up once (keys must not walk the DOM)."""
        found = self._widgets.get(kind)
        if found is None:
            found = self._widgets[kind] = self.query_one(kind)  # type: ignore[type-var]
        return found

    @property
    def view(self) -> DocView:
        """The article view."""
        return self.widget(DocView)

    @property
    def session(self) -> EditSession | None:
        """The open document's session, if any."""
        return self.flow.current.session if self.flow.current else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The linking keys act only while a link is in progress (otherwise their keys do what
        they do elsewhere: enter accepts, escape clears); an action `annotator.toml` left
        without keys is off."""
        if action in LINK_ACTIONS:
            session = self.session
            return session is not None and session.linking is not None
        return action not in self.keymap.unbound

    def on_mount(self) -> None:
        """Open the first task; full garbage collections now wait for document changes. The
        article and the span panel get room to scroll their last rows above the relation list,
        which lies over them when it shows."""
        self._gc_thresholds = memory.hold_full_collections()
        room = RelationList.ROWS + 1
        self.view.room_below = room
        self.widget(SpanList).room_below = room
        self.view.focus()
        self.show_document(self.flow.next_document())

    def on_unmount(self) -> None:
        """Journal the open document's active time; give the garbage collector its schedule back."""
        with suppress(StoreError):  # the store is gone: only this session's reading time is lost
            self.flow.leave()
        if self._gc_thresholds is not None:
            memory.restore(self._gc_thresholds)

    # ---- showing state ------------------------------------------------------------------
    def show_document(self, opened: OpenDocument | None) -> None:
        """Load a document (or the end-of-queue notice) into the widgets."""
        view = self.view
        if opened is None:
            self.message = self.flow.queue_notice()
            view.show_notice(
                f"{self.message[0].upper()}{self.message[1:]}.\n"
                "ctrl+b reopens the previous document; ctrl+q quits."
            )
            self.widget(SpanList).set_spans([], self.colours)
            self.counts = Counter()
            self._refresh_bars()
            return
        session = opened.session
        starts, ends = session.index.starts, session.index.ends
        view.load(opened.doc.text, starts, ends, self.colours)
        view.set_all_spans((s.token_start, s.token_end, s.label) for s in session.spans.values())
        self._show_suggestions()
        self.counts = Counter(s.label for s in session.spans.values())
        self.refresh_side_panel()
        self.show_doc_labels()
        view.scroll_to(y=0, animate=False, immediate=True)
        self.saved = f"saved (journal {opened.journal_length})"
        title = opened.doc.meta.get("title") if isinstance(opened.doc.meta, dict) else None
        self.message = f"opened {title or opened.doc.doc_id}"
        self._marks()
        self._validate_now()
        self.call_after_refresh(memory.settle)  # after the first frame of the new document

    def _place(self) -> str:
        """Document n of N, answered count and annotator."""
        current = self.flow.current
        where = f"doc {current.position} of {current.total}" if current else "queue empty"
        place = f"{where} | answered {self.flow.answered_count()} | {self.flow.annotator}"
        place = f"{place} | {self.position}%" if current else place
        return f"{place} | {self.selecting}" if self.selecting else place

    def _selection_status(self) -> str:
        """Selection mode and the selection's length in tokens and characters, or ''."""
        session = self.session
        if session is None:
            return ""
        selection = session.selection()
        mode = "SELECT mode" if session.select_mode else ""
        if selection is None:
            return mode
        start, end = session.index.tokens_to_chars(*selection)
        tokens = selection[1] - selection[0] + 1
        size = f"{tokens} token{'s' if tokens != 1 else ''}, {end - start} chars"
        return f"{mode}: {size}" if mode else f"selected {size}"

    def _refresh_bars(self) -> None:
        """Redraw the label bar and status line."""
        self.widget(LabelBar).show_counts(self.flow.schema, self.counts, self.pending)
        self.widget(StatusLine).show(
            self._place(), self.saved, self.validation[0], self.message, self.validation[1]
        )

    def _status(self, message: str) -> None:
        """Show a message in the status line."""
        if message == self.message and not message:
            return
        self.message = message
        self._refresh_bars()

    def _marks(self) -> None:
        """Push cursor, selection and focus down to the view and the span panel."""
        session = self.session
        current = self.flow.current
        if session is None or current is None or not len(session.index):
            return
        index = session.index
        current.touch()

        def snap(key: SpanKey | None) -> TokenRange | None:
            return index.snap(key[0], key[1]) if key is not None else None

        self.view.set_marks(
            cursor=(session.cursor, session.cursor),
            selection=session.selection(),
            focus=snap(session.focus),
            suggestion=snap(session.suggestion_focus),
        )
        self.view.scroll_to_token(session.cursor)
        self.widget(SpanList).set_focused(session.focus)
        self.show_partners()
        if self._problems.found and not self._validation_due:
            summary = self._problems.line(session)  # the focused span's problem
            if summary != self.validation:
                self.validation = summary
                self._refresh_bars()
        selecting = self._selection_status()
        if selecting != self.selecting:
            self.selecting = selecting
            self._refresh_bars()
        self._show_position(session.cursor)
        if self._validation_due and self._validate_timer is not None:
            self._validate_timer.reset()  # a key came: validate after the keys pause

    def _show_position(self, cursor: int) -> None:
        """Show how far through the article the cursor is (the article has no scrollbar)."""
        rows = len(self.view.layout_.rows)
        percent = 100 * (self.view.row_of(cursor) + 1) // max(1, rows)
        if percent != self.position:
            self.position = percent
            self._refresh_bars()

    def _show_suggestions(self) -> None:
        """Draw the open suggestions."""
        session = self.session
        if session is None:
            return
        self.view.set_suggestions(
            (s.span.token_start, s.span.token_end, s.span.label) for s in session.open_suggestions()
        )

    def show_relations(self) -> None:
        """Refresh the relation list, when it shows, and keep the cursor above it."""
        listing = self.widget(RelationList)
        if self.session is not None and listing.shown:
            listing.show_session(self.session)
        covered = listing.outer_rows if listing.shown else 0
        if covered != self.view.covered_rows:
            self.view.cover_rows(covered)
            self.widget(SpanList).cover_rows(covered)

    def show_relation_list(self, shown: bool) -> None:
        """Show or hide the relation list."""
        self.widget(RelationList).shown = shown
        self.show_relations()

    def show_partners(self) -> None:
        """Highlight the spans linked to the focused span."""
        session = self.session
        if session is None:
            return
        ranges = []
        if session.focus is not None and session.relations:
            for key in session.links.partners(session.focus):
                span = session.spans[key]
                ranges.append((span.token_start, span.token_end))
        self.view.set_partners(ranges)

    def refresh_side_panel(self) -> None:
        """Redraw the span panel with relations under their heads, and the relation list."""
        session = self.session
        if session is None:
            return
        panel = self.widget(SpanList)
        panel.set_spans(session.ordered(), self.colours, session.links.rows_by_head())
        panel.set_focused(session.focus)
        self.show_relations()

    def show_doc_labels(self) -> None:
        """Redraw the document label bar."""
        session = self.session
        picked = session.doc_labels if session is not None else {}
        schema = self.flow.schema
        self.widget(DocLabelBar).show_choices(schema, picked, doc_label_keys(schema))

    # ---- edits --------------------------------------------------------------------------
    def edit(self, plan: Plan) -> None:
        """Journal a planned op (committed), then apply it and redraw what it touched."""
        session = self.session
        if session is None:
            return
        if plan.op is None:
            self._status(plan.message)
            return
        try:
            seq = self.flow.record(plan.op)
        except StoreError as exc:
            self.saved = "NOT SAVED"
            self._status(f"edit not applied, the store refused it: {exc}")
            return
        change = session.edit_applied_by(plan.op)
        keys = [key_of(item) for part in ("remove", "add") for item in change.get(part, [])]
        before = {key for key in keys if key in session.spans}  # only these can change
        touched = session.perform(plan.op)
        self.saved = f"saved (journal {seq})"
        self._redraw_spans(touched, before, {key for key in keys if key in session.spans})
        if change.get("add_rel") or change.get("remove_rel"):
            self._panel_stale = True
            self.show_relations()
        if change.get("doc"):
            self.show_doc_labels()
        self.message = plan.message
        self._marks()
        self._schedule_validation()
        self._refresh_bars()

    def _redraw_spans(
        self, touched: list[TokenRange], before: set[SpanKey], after: set[SpanKey]
    ) -> None:
        """Update the drawn spans, counts and panel after an edit (spans present before/after)."""
        session = self.session
        assert session is not None
        added = after - before
        removed = before - after
        for key in added:
            self.counts[key[2]] += 1
        for key in removed:
            self.counts[key[2]] -= 1
        for first, last in touched:
            near = [
                (s.token_start, s.token_end, s.label)
                for s in session.spans_over_tokens(first, last)
            ]
            self.view.set_cover(first, last, near)
        if added or removed:
            self._panel_stale = True
        if session.suggestions:
            self._show_suggestions()

    def _schedule_validation(self) -> None:
        """Validate and refresh the span panel once keys pause after an edit, keeping keys instant.

        On a 20,000-word article with 2,000 spans this takes ~8 ms, so it waits until no key has
        come for VALIDATION_DELAY_S: every key while it is due pushes it back (see `_marks`).
        """
        if self._validate_timer is not None:
            self._validate_timer.stop()
        self._validation_due = True
        self._validate_timer = self.set_timer(VALIDATION_DELAY_S, self._validate_now)

    def _validate_now(self) -> None:
        """Check the spans against the schema; mark offending spans and summarise."""
        self._validation_due = False
        session = self.session
        if session is None:
            return
        if self._panel_stale:
            self._panel_stale = False
            self.refresh_side_panel()
        found = session.issues()
        keys = set()
        for _, key in found:
            if key is not None and key in session.spans:
                span = session.spans[key]
                keys.add((span.token_start, span.token_end, span.label))
        self.view.set_issues(keys)
        self.widget(SpanList).set_issues({key for _, key in found if key is not None})
        self._problems = ProblemSummary(found)
        self.validation = self._problems.line(session)
        self._refresh_bars()

    # ---- running session commands ---------------------------------------------------------
    def _move(self, move: Callable[..., str], *args: Any) -> None:
        """Run a session move (a `Moves` method) and push the new marks down."""
        session = self.session
        if session is None:
            return
        message = move(session.moves, *args)
        self._marks()
        if message or self.message:
            self._status(message)

    def _plan(self, planner: Callable[..., Plan], *args: Any) -> None:
        """Plan an edit with an `EditSession` method and perform it."""
        if self.session is not None:
            self.edit(planner(self.session, *args))

    def _visual(self, rows: int) -> None:
        """Move by visual rows as the view wraps them."""
        if self.session is not None and len(self.session.index):
            self._move(Moves.move_to, self.view.token_in_row(self.session.cursor, rows))

    # ---- Move ---------------------------------------------------------------------------
    def action_cursor_left(self) -> None:
        """One token left."""
        self._move(Moves.left)

    def action_cursor_right(self) -> None:
        """One token right."""
        self._move(Moves.right)

    def action_cursor_up(self) -> None:
        """One visual line up."""
        self._visual(-1)

    def action_cursor_down(self) -> None:
        """One visual line down."""
        self._visual(+1)

    def action_sentence_next(self) -> None:
        """Start of the next sentence."""
        self._move(Moves.sentence_next)

    def action_sentence_prev(self) -> None:
        """Start of this or the previous sentence."""
        self._move(Moves.sentence_prev)

    def action_paragraph_next(self) -> None:
        """Start of the next paragraph."""
        self._move(Moves.paragraph_next)

    def action_paragraph_prev(self) -> None:
        """Start of this or the previous paragraph."""
        self._move(Moves.paragraph_prev)

    def action_page_down(self) -> None:
        """One page down."""
        self._visual(max(1, self.view.rows_in_view - 1))

    def action_page_up(self) -> None:
        """One page up."""
        self._visual(-max(1, self.view.rows_in_view - 1))

    def action_doc_start(self) -> None:
        """The first token."""
        self._move(Moves.doc_start)

    def action_doc_end(self) -> None:
        """The last token."""
        self._move(Moves.doc_end)

    def action_line_start(self) -> None:
        """Start of the visual line."""
        if self.session is not None and len(self.session.index):
            self._move(Moves.move_to, self.view.row_bounds(self.session.cursor)[0])

    def action_line_end(self) -> None:
        """End of the visual line."""
        if self.session is not None and len(self.session.index):
            self._move(Moves.move_to, self.view.row_bounds(self.session.cursor)[1])

    def action_hint_jump(self) -> None:
        """Draw two-key hints over the visible words; the typed hint moves the cursor there."""
        self._hints(extend=False)

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

    def on_doc_view_hint_chosen(self, message: DocView.HintChosen) -> None:
        """A hint was typed: jump (or extend) to its word."""
        if message.token is None:
            self._status("no such hint")
            return
        self._move(Moves.jump, message.token, message.extend)

    def on_doc_view_pressed(self, message: DocView.Pressed) -> None:
        """A click: focus the span under it, else place the cursor."""
        self._move(Moves.press, message.token)

    def on_doc_view_dragged(self, message: DocView.Dragged) -> None:
        """A drag: select the tokens between where it started and where it is."""
        self._move(Moves.drag, message.first, message.last)

    # ---- Select -------------------------------------------------------------------------
    def action_select_left(self) -> None:
        """Grow or shrink the selection one token left."""
        self._move(Moves.grow, -1)

    def action_select_right(self) -> None:
        """Grow or shrink the selection one token right."""
        self._move(Moves.grow, +1)

    def action_select_mode(self) -> None:
        """Toggle selection mode."""
        self._move(Moves.toggle_select_mode)

    def action_select_clear(self) -> None:
        """Clear the selection, span focus and search highlight."""
        session = self.session
        if session is not None and session.matches:
            session.matches = []
            self.view.set_matches([])
            self._move(Moves.clear)
            self._status("search highlight cleared")
            return
        self._move(Moves.clear)

    def action_select_quote(self) -> None:
        """Select the quotation around the cursor."""
        self._move(Moves.select_quote)

    def action_select_name(self) -> None:
        """Select the capitalised name run (or quantity) at the cursor."""
        self._move(Moves.select_name)

    def action_select_sentence(self) -> None:
        """Select the sentence at the cursor."""
        self._move(Moves.select_sentence)

    def action_word_next(self) -> None:
        """Extend the selection to the next word."""
        self._move(Moves.word_next)

    def action_word_prev(self) -> None:
        """Move the selection's end back one word."""
        self._move(Moves.word_prev)

    def action_clause_next(self) -> None:
        """Extend the selection to the word before the next punctuation."""
        self._move(Moves.clause_next)

    def action_clause_prev(self) -> None:
        """Move the selection's end back to the clause start."""
        self._move(Moves.clause_prev)

    def action_hint_extend(self) -> None:
        """Draw two-key hints; the typed hint extends the selection to that word."""
        self._hints(extend=True)

    # ---- Spans --------------------------------------------------------------------------
    def action_span_next(self) -> None:
        """Focus the next span."""
        self._move(Moves.focus_step, +1)
        self.tabbed = self.session.focus if self.session is not None else None

    def action_span_prev(self) -> None:
        """Focus the previous span."""
        self._move(Moves.focus_step, -1)
        self.tabbed = self.session.focus if self.session is not None else None

    def action_span_start_left(self) -> None:
        """Move the focused span's start one token left."""
        self._plan(EditSession.plan_resize, "start", -1)

    def action_span_start_right(self) -> None:
        """Move the focused span's start one token right."""
        self._plan(EditSession.plan_resize, "start", +1)

    def action_span_end_right(self) -> None:
        """Move the focused span's end one token right."""
        self._plan(EditSession.plan_resize, "end", +1)

    def action_span_end_left(self) -> None:
        """Move the focused span's end one token left."""
        self._plan(EditSession.plan_resize, "end", -1)

    def action_span_relabel(self) -> None:
        """Wait for a label key to relabel the focused span (or say at once there is none)."""
        if self.session is None or self.session.acted_on() is None:
            self._status("no span to relabel here: tab to one (or put the cursor on one) first")
            return
        self.pending = "relabel: press a label key"
        self._refresh_bars()

    def action_span_delete(self) -> None:
        """Delete the focused span (or the span at the cursor)."""
        self._plan(EditSession.plan_delete)

    # ---- Edit ---------------------------------------------------------------------------
    def action_undo(self) -> None:
        """Undo the last edit."""
        self._plan(EditSession.plan_undo)

    def action_redo(self) -> None:
        """Redo the last undone edit."""
        self._plan(EditSession.plan_redo)

    # ---- Find ---------------------------------------------------------------------------
    def action_search(self) -> None:
        """Ask for a regex, then select the first match after the cursor."""

        def found(pattern: str | None) -> None:
            session = self.session
            if pattern is None or session is None:
                return
            self.last_search = pattern
            message = session.moves.search(pattern)
            self.view.set_matches(session.matches)
            self._marks()
            self._status(message)

        self.app.push_screen(SearchScreen(self.last_search), found)

    def action_match_next(self) -> None:
        """Next search match."""
        self._move(Moves.match_step, +1)

    def action_match_prev(self) -> None:
        """Previous search match."""
        self._move(Moves.match_step, -1)

    def action_suggestion_next(self) -> None:
        """Focus the next open suggestion."""
        self._move(Moves.suggestion_step)

    def action_unlabelled_next(self) -> None:
        """Select the next unlabelled quotation, name or quantity."""
        self._move(Moves.unlabelled_next)

    # ---- Suggest ------------------------------------------------------------------------
    def action_suggestion_accept(self) -> None:
        """Accept the focused suggestion."""
        self._plan(EditSession.plan_accept_suggestion)

    def action_suggestion_reject(self) -> None:
        """Reject the focused suggestion."""
        self._plan(EditSession.plan_reject_suggestion)

    def action_suggestion_accept_all(self) -> None:
        """Accept every open suggestion that fits the overlap rules."""
        self._plan(EditSession.plan_accept_all)

    def action_suggestion_accept_label(self) -> None:
        """Wait for a label key to accept all suggestions of that label."""
        self.pending = "accept all suggestions of label: press a label key"
        self._refresh_bars()

    # ---- the schema's keys: links, labels and relations -------------------------------------
    def action_label(self, label: str) -> None:
        """Apply a label (or finish a pending relabel / accept-by-label)."""
        session = self.session
        if session is None:
            return
        pending, self.pending = self.pending, ""
        focus = session.focus
        tabbed = focus is not None and focus == self.tabbed
        if focus is not None and tabbed and not pending and session.selection() is None:
            same = focus[2] == label  # the same label again toggles the span off
            self.edit(session.plan_delete() if same else session.plan_relabel(label))
        elif pending.startswith("relabel"):
            self.edit(session.plan_relabel(label))
        elif pending.startswith("accept"):
            self.edit(session.plan_accept_all(label))
        else:
            self.edit(session.plan_label(label))
        if pending:
            self._refresh_bars()

    def action_relation(self, name: str) -> None:
        """Start a relation of type `name` from the focused span, or, while the relation list
        shows a focused relation, give that relation the type `name`."""
        session = self.session
        if session is None:
            return
        old = session.relation_focus
        if self.widget(RelationList).shown and old is not None and old in session.relations:
            plan = session.links.plan_relabel_relation(name)
            if plan.op is not None:
                self.edit(plan)
                session.relation_focus = (old[0], old[1], name)
                self.show_relations()
            else:
                self._status(plan.message)
            return
        self._status(session.links.start_link(name))

    # ---- Relations ----------------------------------------------------------------------
    def action_relation_list(self) -> None:
        """Show or hide the list of every relation."""
        self.show_relation_list(not self.widget(RelationList).shown)

    def action_relation_next(self) -> None:
        """Focus the next relation (and its head span)."""
        self._relation_step(+1)

    def action_relation_prev(self) -> None:
        """Focus the previous relation (and its head span)."""
        self._relation_step(-1)

    def _relation_step(self, step: int) -> None:
        """Move the relation focus and show it."""
        session = self.session
        if session is None:
            return
        relation = session.links.focus_relation(step)
        if relation is None:
            self._status("no relations yet: focus a span and press a relation key")
            return
        head = session.by_id.get(relation.head)
        if head is not None:
            session.moves.move_to(session.spans[head].token_start)
            session.focus = head
        self.show_relation_list(True)
        self.view.scroll_to_token(session.cursor, centre=True)
        self._marks()
        self._status("")  # the list shows the focused relation, reversed: no need to say it twice
        self.call_after_refresh(self._prepare_relation_steps)

    def _prepare_relation_steps(self) -> None:
        """Once the frame is drawn, draw ahead the article, panel and relation list rows the
        next ctrl+n and ctrl+p would bring into view, so those frames only look rows up."""
        session = self.session
        if session is None:
            return
        for step in (+1, -1):
            relation = session.links.step_target(step)
            if relation is None:
                continue
            self.widget(RelationList).prepare_focus(session, relation.key)
            head = session.by_id.get(relation.head)
            if head is not None:
                self.view.prepare_jump(session.spans[head].token_start)
                self.widget(SpanList).prepare_reveal(head)

    def action_relation_delete(self) -> None:
        """Delete the focused relation."""
        if self.session is not None:
            self.edit(self.session.links.plan_unlink())

    def action_relation_confirm(self) -> None:
        """Link the span linking started from to the focused span (or say why not)."""
        session = self.session
        if session is None:
            return
        plan = session.links.plan_link()
        if plan.op is not None:
            session.linking = None
        self.edit(plan)

    def action_relation_cancel(self) -> None:
        """Stop linking."""
        if self.session is not None:
            self._status(self.session.links.cancel_link())

    # ---- Attributes and Document --------------------------------------------------------
    def action_attributes_edit(self) -> None:
        """Open the attribute form of the focused span, or of the relation focused in the shown
        relation list (as relation keys retype that relation)."""
        session = self.session
        if session is None:
            return
        relation = session.links.focused()
        if self.widget(RelationList).shown and relation is not None:
            edited = RelationAttributes(session, relation.key)
            self.app.push_screen(AttributeForm(session, self.edit, edited))
            return
        if session.acted_on() is None:
            self._status("no span focused: press tab to focus one, then edit its attributes")
            return
        self.app.push_screen(AttributeForm(session, self.edit))

    def action_doc_labels(self) -> None:
        """Open the document label panel."""
        session = self.session
        if session is None:
            return
        if not self.flow.schema.doc_labels:
            self._status("the schema declares no document labels")
            return
        self.app.push_screen(DocLabelPanel(session, doc_label_keys(self.flow.schema), self.edit))

    # ---- Answer -------------------------------------------------------------------------
    def action_answer_accept(self) -> None:
        """Accept, unless a required document label is still unpicked (then say which)."""
        session = self.session
        if session is not None:
            missing = [
                spec.name
                for spec in self.flow.schema.doc_labels
                if spec.required and not session.doc_labels.get(spec.name)
            ]
            if missing:
                self._status(
                    f"pick the required document label(s) {', '.join(missing)} first "
                    "(press D), or reject/ignore the document"
                )
                return
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

    # ---- App ----------------------------------------------------------------------------
    def action_help(self) -> None:
        """Show keys and guidelines."""
        self.app.push_screen(HelpScreen(self.keymap, self.flow.schema))

    def action_stats(self) -> None:
        """Show the dataset's statistics (answers, overlap, spans per label, time, claims)."""
        self.app.push_screen(StatsScreen.of_flow(self.flow))

    def action_quit(self) -> None:
        """Quit; every edit is already in the journal."""
        self.app.exit()
