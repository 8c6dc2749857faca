"""The review flow behind the review screen: a TaskFlow look-alike over documents to adjudicate.

Spans every annotator gave start accepted; disputed spans are offered as suggestions (source =
who gave them), so the annotation screen's keys accept or drop them. The answer is stored as
the reviewer's revision with `sources` naming the reviewed annotators.
"""

from __future__ import annotations

import time
from collections import Counter

from annotator.records import Annotation, Suggestion
from annotator.review import ReviewItem, review_queue
from annotator.schema import LabelSchema
from annotator.session import EditSession, Plan, encode
from annotator.store import Store
from annotator.tui.flow import JournalFlow, OpenDocument


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
        item = self.items[self.by_id[doc_id]]
        self.position = self.by_id[doc_id]
        previous = self.store.current_annotation(self.dataset, doc_id, self.annotator)
        ops = self._journal_ops(doc_id, item.spans())
        session = EditSession.replay(item.doc, self.schema, ops, disputed_suggestions(item))
        self.item = item
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
            "remove": [encode(s) for s in session.ordered()],
            "add": [encode(s) for s in spans],
        }
        place = f"{self._turn % len(names) or len(names)} of {len(names)}"
        return Plan(op, f"took {name}'s version ({version.answer}, {len(spans)} spans; {place})")

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
