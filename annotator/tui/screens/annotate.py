"""The annotation screen: keys become session commands; edits are journaled, then shown."""

from __future__ import annotations

from collections import Counter
from contextlib import suppress
from typing import Any, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen

from annotator.errors import Errors
from annotator.session.edit import EditSession, Plan, TokenRange, key_of
from annotator.store import StoreError
from annotator.tui import memory
from annotator.tui.bindings import Keymap
from annotator.tui.compat import use_compositor
from annotator.tui.compositor import DirtyRowCompositor
from annotator.tui.flow import OpenDocument, TaskFlow
from annotator.tui.screens.key_actions import KeyActions
from annotator.tui.screens.relation_actions import RelationActions
from annotator.tui.widgets.bars import LabelBar, StatusLine
from annotator.tui.widgets.docview import DocView
from annotator.tui.widgets.relations import DocLabelBar, RelationList
from annotator.tui.widgets.spanlist import SpanList

W = TypeVar("W")
VALIDATION_DELAY_S = 0.15  # quiet time after the last key before the deferred validation runs


class AnnotateScreen(RelationActions, KeyActions, Screen[None], inherit_bindings=False):
    """Article, span panel, label bar and status line; bindings come from the keymap."""

    reviewing = False  # the review screen also binds the registry's review actions

    def __init__(self, flow: TaskFlow, keymap: Keymap) -> None:
        """Bind the keymap's keys on this screen only, so modal screens keep their own keys."""
        super().__init__()
        use_compositor(self, DirtyRowCompositor())  # see tui/compositor.py
        self.flow = flow
        self.keymap = keymap
        self.colours = {spec.name: spec.color for spec in flow.schema.labels}
        for binding in Binding.make_bindings(keymap.bindings(review=self.reviewing)):
            self._bindings._add_binding(binding)
        self.pending = ""
        self.saved = "saved"
        self.message = ""
        self.validation = ("no problems", "ok")
        self.last_search = ""
        self.counts: Counter[str] = Counter()
        self.position = 0  # percent of the article above the cursor's row, in the status line
        self.selecting = ""  # selection mode and length, in the status line
        self._validate_timer: Any = None
        self._validation_due = False
        self._gc_thresholds: tuple[int, int, int] | None = None
        self._panel_stale = False
        self._found: list = []  # the last validation's (issue, span key) pairs
        self._widgets: dict[type, Any] = {}

    def compose(self) -> ComposeResult:
        """The layout: article and span panel side by side, then label bar and status line."""
        with Horizontal(id="main"):
            yield DocView(id="doc")
            yield SpanList(id="spans")
        yield RelationList(id="relations")
        yield LabelBar(id="labels")
        yield DocLabelBar(id="doc-labels")
        yield StatusLine(id="status")

    def widget(self, kind: type[W]) -> W:
        """The screen's one widget of a kind, looked up once (keys must not walk the DOM)."""
        found = self._widgets.get(kind)
        if found is None:
            found = self._widgets[kind] = self.query_one(kind)
        return found

    @property
    def view(self) -> DocView:
        """The article view."""
        return self.widget(DocView)

    @property
    def session(self) -> EditSession | None:
        """The open document's session, if any."""
        return self.flow.current.session if self.flow.current else None

    def on_mount(self) -> None:
        """Open the first task; full garbage collections now wait for document changes."""
        self._gc_thresholds = memory.hold_full_collections()
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
        selection = session.selection() if session is not None else None
        mode = "SELECT mode" if session is not None and session.select_mode else ""
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
        if session is None or not len(session.index):
            return
        index = session.index
        self.flow.current.touch()

        def snap(key: Any) -> TokenRange | None:
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
        if self._found and not self._validation_due:
            summary = self._summary(self._found)  # the focused span's problem, if it has one
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

    def _redraw_spans(self, touched: list[TokenRange], before: set, after: set) -> None:
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
        self._found = found = session.issues()
        keys = set()
        for _, key in found:
            if key is not None and key in session.spans:
                span = session.spans[key]
                keys.add((span.token_start, span.token_end, span.label))
        self.view.set_issues(keys)
        self.widget(SpanList).set_issues({key for _, key in found if key is not None})
        self.validation = self._summary(found)
        self._refresh_bars()

    def _summary(self, found: list) -> tuple[str, str]:
        """Counts per code, then the problem of the focused span (else the first) in words."""
        if not found:
            return ("valid", "ok")
        errors = sum(1 for issue, _ in found if issue.severity == "error")
        counts = Counter(issue.code for issue, _ in found)
        per_code = " ".join(f"{code}x{n}" for code, n in sorted(counts.items()))
        focus = self.session.focus if self.session is not None else None
        shown, key = next(((i, k) for i, k in found if k is not None and k == focus), found[0])
        words = shown.message
        if shown.kind is Errors.E301 and shown.hint and key and self.session is not None:
            # A must_match miss reads better as the rule's description than as its regex.
            words = f"{key[2]} {self.session.doc.text[key[0] : key[1]]!r} does not fit {shown.hint}"
        counted = f"{errors} error(s), " if errors else ""
        summary = (
            f"{counted}{len(found) - errors} warning(s) [{per_code}] "
            f"{shown.code} {words} (spans marked ! in the panel)"
        )
        return (summary, "error" if errors else "warning")
