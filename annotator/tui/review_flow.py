"""The review flow behind the review screen: a TaskFlow look-alike over documents to adjudicate.

Spans every annotator gave start accepted; disputed spans are offered as suggestions (source =
who gave them), so the annotation screen's keys accept or drop them. Disputed relations and
document labels are decided on the review list; those decisions are journaled as `review` ops
beside the session's edits. The answer is stored as the reviewer's revision with `sources`
naming the reviewed annotators.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from annotator.records.models import Annotation, Suggestion
from annotator.review import (
    Candidate,
    DocLabelChoice,
    RelationCandidate,
    ReviewItem,
    review_queue,
)
from annotator.schema.model import LabelSchema
from annotator.session.edit import EditSession, Plan, encode
from annotator.store import Store
from annotator.tui.flow import JournalFlow, OpenDocument

REVIEW_OP = "review"  # a journaled decision on a relation or a document label


@dataclass(frozen=True, slots=True)
class Dispute:
    """One entry of the review list: a disputed span, relation or document label, and its state."""

    subject: Candidate | RelationCandidate | DocLabelChoice
    state: str  # "kept", "dropped", "undecided", or for a document label "chosen"

    @property
    def kind(self) -> str:
        """span, relation or document label."""
        if isinstance(self.subject, Candidate):
            return "span"
        return "relation" if isinstance(self.subject, RelationCandidate) else "document label"

    @property
    def decided(self) -> bool:
        """Whether the reviewer has settled it."""
        return self.state != "undecided"


def _key(value: Any) -> Any:
    """A relation key read back from JSON lists."""
    head, child, label = value
    return (tuple(head), tuple(child), label)


def apply_review_op(item: ReviewItem, op: dict[str, Any]) -> None:
    """Apply one journaled review decision (or a version taken) to a review item."""
    try:
        if op.get("op") == "edit" and "version" in op:
            item.take_version(op["version"])
        elif "relation" in op:
            item.keep_relation(_key(op["relation"]), bool(op.get("keep")))
        elif "doc_label" in op:
            item.choose_doc_label(str(op["doc_label"]), tuple(op.get("value", ())))
    except (KeyError, TypeError, ValueError):
        return  # a decision about something no longer offered


def disputed_suggestions(item: ReviewItem) -> list[Suggestion]:
    """The spans not every annotator gave, as suggestions naming who gave them."""
    total = max(1, len(item.versions))
    return [
        Suggestion(
            span=c.span, source=", ".join(c.annotators), score=min(1.0, len(c.annotators) / total)
        )
        for c in item.disagreements
    ]


class ReviewFlow(JournalFlow):
    """Store-facing steps of reviewing; the same surface as TaskFlow so the screen reuses it."""

    def __init__(
        self,
        store: Store,
        dataset: str,
        reviewer: str,
        schema: LabelSchema,
        min_versions: int = 2,
        include_reviewed: bool = False,
    ) -> None:
        """Collect the documents to review, in dataset order."""
        self.store = store
        self.dataset = dataset
        self.annotator = reviewer
        self.schema = schema
        self.skipped: Counter[str] = Counter()
        self.items = list(
            review_queue(
                store.annotations(dataset), reviewer, self.skipped, min_versions, include_reviewed
            )
        )
        self.by_id = {item.doc.doc_id: i for i, item in enumerate(self.items)}
        self.position = -1
        self.history: list[str] = []
        self.current: OpenDocument | None = None
        self.item: ReviewItem | None = None
        self.reviewed: set[str] = set()
        self.dispute_index = -1
        self._turn = 0

    def next_document(self) -> OpenDocument | None:
        """Open the next document to review, or None at the end."""
        self.position += 1
        if self.position >= len(self.items):
            self.position = len(self.items)
            self.current = self.item = None
            return None
        return self.open(self.items[self.position].doc.doc_id)

    def open(self, doc_id: str) -> OpenDocument:
        """Open a document: replay the reviewer's journal, or start from the unanimous spans."""
        stale = self.items[self.by_id[doc_id]]
        item = self.items[self.by_id[doc_id]] = ReviewItem.of(stale.doc, stale.versions)
        self.position = self.by_id[doc_id]
        previous = self.store.current_annotation(self.dataset, doc_id, self.annotator)
        ops = self._journal_ops(doc_id, item.spans())
        for op in ops:
            apply_review_op(item, op)
        edits = [op for op in ops if op.get("op") != REVIEW_OP]
        session = EditSession.replay(item.doc, self.schema, edits, disputed_suggestions(item))
        self.item = item
        self.dispute_index = -1
        self._turn = 0
        self.current = OpenDocument(
            item.doc,
            session,
            self.position + 1,
            len(self.items),
            previous if previous is not None and previous.sources else None,
            journal_length=len(ops),
        )
        return self.current

    def plan_take_next_version(self) -> Plan:
        """Plan replacing the picks with the next annotator's version (cycling through them)."""
        if self.current is None or self.item is None:
            return Plan(None, "no document under review")
        names = self.item.annotators
        name = names[self._turn % len(names)]
        self._turn += 1
        version = self.item.versions[name]
        session = self.current.session
        spans = version.spans if version.answer == "accept" else ()
        op = {
            "op": "edit",
            "cmd": "take",
            "version": name,
            "remove": [encode(s) for s in session.ordered()],
            "add": [encode(s) for s in spans],
        }
        place = f"{self._turn % len(names) or len(names)} of {len(names)}"
        return Plan(op, f"took {name}'s version ({version.answer}, {len(spans)} spans; {place})")

    def disputes(self) -> list[Dispute]:
        """The review list: disputed spans in reading order, then relations, then document labels."""
        item, current = self.item, self.current
        if item is None or current is None:
            return []
        session = current.session
        out: list[Dispute] = []
        for candidate in item.disagreements:
            key = candidate.key
            if key in session.spans:
                state = "kept"
            elif key in session.rejected or key in item.settled_spans:
                state = "dropped"
            else:
                state = "undecided"
            out.append(Dispute(candidate, state))
        for relation in item.disputed_relations:
            if relation.key not in item.decided_relations:
                state = "undecided"
            else:
                state = "kept" if relation.key in item.kept_relations else "dropped"
            out.append(Dispute(relation, state))
        for choice in item.disputed_doc_labels:
            decided = choice.name in item.decided_doc_labels
            out.append(Dispute(choice, "chosen" if decided else "undecided"))
        return out

    def undecided(self) -> dict[str, int]:
        """How many disputes of each kind are not decided yet."""
        counts: Counter[str] = Counter(d.kind for d in self.disputes() if not d.decided)
        return {kind: counts[kind] for kind in ("span", "relation", "document label")}

    def step_dispute(self) -> Dispute | None:
        """Move to the next entry of the review list, in list order, wrapping around."""
        disputes = self.disputes()
        if not disputes:
            return None
        self.dispute_index = (self.dispute_index + 1) % len(disputes)
        return disputes[self.dispute_index]

    def focused_dispute(self) -> Dispute | None:
        """The review list entry `step_dispute` last moved to, if any."""
        disputes = self.disputes()
        if 0 <= self.dispute_index < len(disputes):
            return disputes[self.dispute_index]
        return None

    def decide(self, op: dict[str, Any]) -> None:
        """Journal a review decision (committed) and apply it to the document under review."""
        assert self.item is not None
        self.record({"op": REVIEW_OP, **op})
        apply_review_op(self.item, op)

    def keep_relation(self, relation: RelationCandidate, keep: bool) -> str:
        """Keep or drop a disputed relation; return what was done."""
        head, child, label = relation.key
        self.decide({"relation": [list(head), list(child), label], "keep": keep})
        return f"{'kept' if keep else 'dropped'} relation {label}"

    def choose_doc_label(self, choice: DocLabelChoice, pick_next: bool) -> str:
        """Choose the next offered value of a disputed document label, or none; say which."""
        assert self.item is not None
        offered = list(choice.options)
        if not pick_next:
            value: tuple[str, ...] = ()
        else:
            now = self.item.doc_labels.get(choice.name, ())
            decided = choice.name in self.item.decided_doc_labels
            at = offered.index(now) + 1 if decided and now in offered else 0
            value = offered[at % len(offered)]
        self.decide({"doc_label": choice.name, "value": list(value)})
        return f"{choice.name} = {' | '.join(value) or '(none)'}"

    def answer(self, answer: str) -> tuple[Annotation, str]:
        """Store the reviewer's revision (sources = the reviewed annotators); return it and a note."""
        assert self.current is not None and self.item is not None
        current = self.current
        revision = self.item.revision(
            self.annotator,
            spans=current.session.annotation_spans(),
            answer=answer,  # type: ignore[arg-type]
            duration_s=round(time.monotonic() - current.opened_at, 3),
        )
        stored = self.store.add_annotation(self.dataset, revision)
        self.reviewed.add(current.doc.doc_id)
        self._remember_current()
        sources = ", ".join(stored.sources)
        return stored, f"stored the review of {sources} as revision {stored.revision}"

    def previous_document(self) -> OpenDocument | None:
        """Reopen the document reviewed before the current one."""
        reopened = self._reopen_from_history()
        if reopened is not None:
            return reopened
        if self.position > 0:
            return self.open(self.items[self.position - 1].doc.doc_id)
        return None

    def answered_count(self) -> int:
        """How many documents were reviewed in this session."""
        return len(self.reviewed)
