"""The review screen: the annotation screen over a ReviewFlow, plus each annotator's version."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Static

from annotator.display import safe_text
from annotator.review import Candidate, DocLabelChoice, RelationCandidate, ReviewItem
from annotator.session.actions import REVIEW_GROUP
from annotator.session.edit import Plan, encode
from annotator.tui.bindings import Keymap, registry_bindings
from annotator.tui.flow import OpenDocument
from annotator.tui.review_flow import ReviewFlow
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.widgets.spanlist import SpanList


def review_keys(keymap: Keymap) -> str:
    """The review screen's own keys, for the status line."""

    def keys(action_id: str) -> str:
        return "/".join(keymap.keys_of(action_id)) or "(unbound)"

    return (
        f"{keys('take_version')} take the next annotator's version · "
        f"{keys('suggestion_next')} next item of the review list · "
        f"{keys('suggestion_accept')} keep it (a document label: next value) · "
        f"{keys('suggestion_reject')} drop it · {keys('span_delete')} drop a picked span · "
        f"{keys('answer_accept')} store the review"
    )


MARKS = {"kept": "✓", "chosen": "✓", "dropped": "✗", "undecided": "?"}


def _where(key: tuple[int, int, str]) -> str:
    """A span's offsets as [start-end)."""
    return f"[{key[0]}-{key[1]})"


def _undecided_text(counts: dict[str, int]) -> str:
    """'1 span, 2 relations' from undecided counts per kind."""
    return ", ".join(f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in counts.items() if n)


class VersionsPanel(Static):
    """The review list: who answered, then every disputed span, relation and document label.

    Each entry shows its state (✓ kept or chosen, ✗ dropped, ? undecided), the spans' full text
    and offsets, wrapped, and who gave it; the entry `s` last moved to is marked with ▶.
    """

    DEFAULT_CSS = """
    VersionsPanel { width: 34; height: auto; max-height: 60%; background: $panel;
                    overflow-y: auto;
                    border-left: solid $primary-darken-2; border-bottom: solid $primary-darken-2; }
    """

    def show_item(self, flow: ReviewFlow, colours: dict[str, str]) -> None:
        """Describe the versions of the document under review and its review list."""
        item = flow.item
        if item is None:
            self.update("")
            return
        text = Text()
        for name, version in item.versions.items():
            own = len(version.spans) if version.answer == "accept" else 0
            relations = len(version.relations) if version.answer == "accept" else 0
            text.append(safe_text(name), style="bold")
            text.append(f"  {version.answer}, {own} spans, {relations} relations\n")
        disputes = flow.disputes()
        agreed = len(item.candidates) - len(item.disagreements)
        undecided = sum(1 for d in disputes if not d.decided)
        text.append(
            f"agreed {agreed} · disputed {len(disputes)} · undecided {undecided}\n", style="italic"
        )
        spans = {c.key: c.span for c in item.candidates}
        for index, dispute in enumerate(disputes):
            pointer = "▶" if index == flow.dispute_index else " "
            text.append(f"{pointer}{MARKS[dispute.state]} ", style="bold")
            subject = dispute.subject
            if isinstance(subject, Candidate):
                self._label(text, subject.span.label, colours)
                text.append(
                    f" {_where(subject.key)} ({safe_text(', '.join(subject.annotators))})\n"
                )
                text.append(f"   {safe_text(subject.span.text)}\n")
                self._attribute_versions(text, item, subject)
            elif isinstance(subject, RelationCandidate):
                head, child, label = subject.key
                text.append(safe_text(label), style="bold underline")
                text.append(f" ({safe_text(', '.join(subject.annotators))})\n")
                for arrow, key in (("", head), ("→ ", child)):
                    span = spans.get(key)
                    shown = safe_text(span.text) if span is not None else "?"
                    text.append(f"   {arrow}{safe_text(key[2])} {_where(key)} {shown}\n")
            else:
                assert isinstance(subject, DocLabelChoice)
                text.append(safe_text(subject.name), style="bold")
                chosen = item.doc_labels.get(subject.name, ())
                if dispute.decided:
                    text.append(f" = {safe_text(' | '.join(chosen) or '(none)')}")
                text.append("\n")
                for value, names in subject.options.items():
                    shown = " | ".join(value) or "(none)"
                    text.append(f"   {safe_text(shown)} ({safe_text(', '.join(names))})\n")
        self.update(text)

    @staticmethod
    def _attribute_versions(text: Text, item: ReviewItem, candidate: Candidate) -> None:
        """Each annotator's attributes of a span, when they gave it with different ones."""
        given = {
            name: span.attrs
            for name in candidate.annotators
            for span in item.versions[name].spans
            if span.key == candidate.key
        }
        if len({repr(sorted(attrs.items())) for attrs in given.values()}) < 2:
            return
        for name, attrs in given.items():
            shown = ", ".join(f"{k}={v}" for k, v in sorted(attrs.items())) or "(none)"
            text.append(f"   {safe_text(name)}: {safe_text(shown)}\n", style="italic")

    @staticmethod
    def _label(text: Text, label: str, colours: dict[str, str]) -> None:
        """Append a label in its colour."""
        colour = colours.get(label, "#888888")
        text.append(safe_text(label), style=f"bold #ffffff on {colour}")


class ReviewScreen(AnnotateScreen):
    """Adjudicate: same DocView, keys and journal as annotating; disputed spans are suggestions."""

    GROUPS: ClassVar[tuple[str, ...]] = (*AnnotateScreen.GROUPS, REVIEW_GROUP)
    BINDINGS: ClassVar[list[BindingType]] = registry_bindings(REVIEW_GROUP)
    _confirming: tuple[Any, ...] | None = None

    def side_column(self) -> ComposeResult:
        """The review list above the span panel."""
        with Vertical(id="side"):
            yield VersionsPanel(id="versions")
            yield SpanList(id="spans")

    def __init__(self, flow: ReviewFlow, keymap: Keymap) -> None:
        """Review `flow`'s documents with the annotation screen's keys."""
        super().__init__(flow, keymap)
        self.review = flow

    def _show_list(self) -> None:
        """Redraw the review list."""
        self.widget(VersionsPanel).show_item(self.review, self.colours)

    def show_document(self, opened: OpenDocument | None) -> None:
        """Load the document and describe its versions."""
        super().show_document(opened)
        self._confirming = None
        self._show_list()
        if opened is None:
            self.view.show_notice(
                "Nothing left to review in this dataset. ctrl+b reopens the previous document; "
                "ctrl+q quits."
            )
            self.message = "review done: no document with disagreements left"
        else:
            self.message = f"{self.message} | {review_keys(self.keymap)}"
        self._refresh_bars()

    def edit(self, plan: Plan) -> None:
        """Perform an edit, then redraw the review list (a span's state may have changed)."""
        super().edit(plan)
        self._show_list()

    def action_take_version(self) -> None:
        """Replace the picks with the next annotator's version (undoable for spans)."""
        plan = self.review.plan_take_next_version()
        self.edit(plan)
        if plan.op is not None and self.review.item is not None:
            self.review.item.take_version(plan.op["version"])
            self._show_list()

    def action_suggestion_next(self) -> None:
        """Move to the next entry of the review list, in list order, and show it in the text."""
        session = self.session
        dispute = self.review.step_dispute()
        if session is None or dispute is None:
            self._status("nothing disputed in this document")
            return
        subject = dispute.subject
        if isinstance(subject, Candidate):
            key = subject.key
            found = session.index.snap(key[0], key[1])
            if found is not None:
                session.moves.select_range(*found)
            session.suggestion_focus = key
            what = f"span {subject.span.label} {_where(key)}"
        elif isinstance(subject, RelationCandidate):
            head = subject.key[0]
            found = session.index.snap(head[0], head[1])
            if found is not None:
                session.moves.select_range(*found)
            what = f"relation {subject.label}"
        else:
            what = f"document label {subject.name}"
        self._marks()
        total = len(self.review.disputes())
        self._show_list()
        self._status(
            f"item {self.review.dispute_index + 1} of {total}: {safe_text(what)} ({dispute.state})"
        )

    def action_suggestion_accept(self) -> None:
        """Keep the review list's current entry (a document label: take its next value)."""
        dispute = self.review.focused_dispute()
        session = self.session
        if dispute is None or session is None:
            super().action_suggestion_accept()
            return
        subject = dispute.subject
        if isinstance(subject, Candidate):
            if subject.key in session.spans:
                self._status(f"{safe_text(subject.span.label)} {_where(subject.key)} is kept")
                return
            session.suggestion_focus = subject.key
            plan = session.plan_accept_suggestion()
            if plan.op is not None:
                plan.op["add"] = [encode(subject.span)]
                if subject.key in session.rejected:
                    plan.op["unreject"] = [list(subject.key)]
            self.edit(plan)
            return
        if isinstance(subject, RelationCandidate):
            note = self.review.keep_relation(subject, True)
        else:
            note = self.review.choose_doc_label(subject, pick_next=True)
        self._show_list()
        self._status(safe_text(note))

    def action_suggestion_reject(self) -> None:
        """Drop the review list's current entry (a document label: leave it unset)."""
        dispute = self.review.focused_dispute()
        session = self.session
        if dispute is None or session is None:
            super().action_suggestion_reject()
            return
        subject = dispute.subject
        if isinstance(subject, Candidate):
            key = subject.key
            op = {
                "op": "edit",
                "cmd": "drop",
                "remove": [encode(session.spans[key])] if key in session.spans else [],
                "reject": [] if key in session.rejected else [list(key)],
            }
            self.edit(Plan(op, f"dropped {safe_text(key[2])} {_where(key)}"))
            return
        if isinstance(subject, RelationCandidate):
            note = self.review.keep_relation(subject, False)
        else:
            note = self.review.choose_doc_label(subject, pick_next=False)
        self._show_list()
        self._status(safe_text(note))

    def action_answer_accept(self) -> None:
        """Store the review; with undecided disputes, say how many and ask for enter again."""
        current = self.review.current
        counts = self.review.undecided()
        if current is not None and any(counts.values()):
            here = (current.doc.doc_id, current.journal_length, current.session.cursor)
            if self._confirming != here:
                self._confirming = here
                self._status(
                    f"{_undecided_text(counts)} undecided: enter again stores the review "
                    "without them (undecided spans and relations are left out, document labels "
                    f"unset); {'/'.join(self.keymap.keys_of('suggestion_next'))} walks the list"
                )
                return
        self._confirming = None
        super().action_answer_accept()
