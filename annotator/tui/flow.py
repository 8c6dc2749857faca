"""The task flow behind the screen: open documents, journal edits, answer and move through the queue."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from annotator.bundled import SAMPLE_CORPUS
from annotator.records.models import Annotation, Document, now_utc
from annotator.schema.model import LabelSchema
from annotator.session.edit import EditSession
from annotator.stats.figures import IDLE_CAP_S
from annotator.store import ClaimExpired, Store


def import_sample(store: Store, dataset: str) -> int:
    """Add the sample corpus's documents (text and meta, no annotations) to a dataset."""
    from annotator.validation.validate import validate_line

    docs = []
    with SAMPLE_CORPUS.open("rb") as handle:
        for raw in handle:
            record, _ = validate_line(raw.rstrip(b"\r\n"), None)
            if record is not None:
                docs.append(record.document)
    return store.add_documents(dataset, docs).added


@dataclass
class OpenDocument:
    """A document being annotated: its session, position and when it was opened."""

    doc: Document
    session: EditSession
    position: int
    total: int
    previous: Annotation | None
    opened_at: float = field(default_factory=lambda: time.monotonic())
    journal_length: int = 0
    earlier_s: float = 0.0  # active time of earlier sessions on this document (journaled)
    active_s: float = 0.0  # active time of this session not yet journaled
    last_active: float = field(default_factory=lambda: time.monotonic())

    def touch(self, now: float | None = None) -> None:
        """Count the time since the last key as active, a pause counting at most IDLE_CAP_S."""
        now = time.monotonic() if now is None else now
        self.active_s += min(max(0.0, now - self.last_active), IDLE_CAP_S)
        self.last_active = now

    @property
    def seconds(self) -> float:
        """Time this annotator has had the document open and active, over every session."""
        return self.earlier_s + self.active_s


def journaled_seconds(ops: list[dict[str, Any]]) -> float:
    """Active time recorded in a journal by `active` ops (one per session left)."""
    return sum(float(op.get("seconds", 0.0)) for op in ops if op.get("op") == "active")


class JournalFlow:
    """What the task and review flows share: journal replay and writes, the reopen history."""

    store: Store
    dataset: str
    annotator: str
    schema: LabelSchema
    history: list[str]
    current: OpenDocument | None

    def next_document(self) -> OpenDocument | None:
        """Open the next document to work on (each flow says which), or None when done."""
        raise NotImplementedError

    def answer(self, answer: str) -> tuple[Annotation, str]:
        """Store the current document's answer; the stored annotation and a note."""
        raise NotImplementedError

    def previous_document(self) -> OpenDocument | None:
        """Reopen the document worked on before the current one, if any."""
        raise NotImplementedError

    def answered_count(self) -> int:
        """How many documents this flow's user has answered."""
        raise NotImplementedError

    def open(self, doc_id: str) -> OpenDocument:
        """Open a document (each flow says how)."""
        raise NotImplementedError

    def _journal_ops(
        self, doc_id: str, base_spans: Any = None, base: Annotation | None = None
    ) -> list[dict[str, Any]]:
        """This annotator's journal of a document; with no edits yet, a first op setting
        `base_spans` (with the relations and document labels of `base`)."""
        ops = [entry.op for entry in self.store.journal(self.dataset, doc_id, self.annotator)]
        if base_spans is not None and all(op.get("op") == "active" for op in ops):
            extras = (base.relations, base.doc_labels) if base is not None else ()
            first = EditSession.base_op(base_spans, *extras)
            self.store.append_edit(self.dataset, doc_id, self.annotator, first)
            ops.append(first)
        return ops

    def record(self, op: dict[str, Any]) -> int:
        """Commit one op to the journal (durable on return) and return its sequence number."""
        assert self.current is not None
        seq = self.store.append_edit(self.dataset, self.current.doc.doc_id, self.annotator, op)
        self.current.journal_length += 1
        return seq

    def leave(self) -> None:
        """Journal the current document's active time of this session (quitting or moving on)."""
        current = self.current
        if current is None:
            return
        current.touch()
        if current.active_s <= 0:
            return
        seconds = round(current.active_s, 3)
        self.store.append_edit(
            self.dataset, current.doc.doc_id, self.annotator, {"op": "active", "seconds": seconds}
        )
        current.journal_length += 1
        current.earlier_s += seconds
        current.active_s = 0.0

    def queue_notice(self) -> str:
        """Why no document came."""
        return "no more tasks: every document in the queue is answered"

    def _remember_current(self) -> None:
        """Put the current document on the history once, for previous_document."""
        assert self.current is not None
        doc_id = self.current.doc.doc_id
        if not self.history or self.history[-1] != doc_id:
            self.history.append(doc_id)

    def _reopen_from_history(self) -> OpenDocument | None:
        """Reopen the latest document on the history other than the current one, if any."""
        here = self.current.doc.doc_id if self.current else None
        while self.history:
            doc_id = self.history.pop()
            if doc_id != here:
                return self.open(doc_id)
        return None


class TaskFlow(JournalFlow):
    """Store-facing steps of annotating: no widgets, no textual; the screen calls these."""

    def __init__(
        self,
        store: Store,
        dataset: str,
        annotator: str,
        schema: LabelSchema,
        overlap: int = 1,
        claim_seconds: int = 3600,
        suggester: Any = None,
        show_suggestions: bool | None = None,
    ) -> None:
        """Remember where to read and write, and who annotates.

        Suggestions are shown only when asked for (a suggester, or `show_suggestions` for the
        stored ones), so annotators who did not ask stay independent for agreement.
        """
        self.store = store
        self.dataset = dataset
        self.annotator = annotator
        self.schema = schema
        self.overlap = overlap
        self.claim_seconds = claim_seconds
        self.suggester = suggester
        self.show_suggestions = (
            suggester is not None if show_suggestions is None else show_suggestions
        )
        self.history: list[str] = []
        self.current: OpenDocument | None = None

    def next_document(self) -> OpenDocument | None:
        """Claim and open the next task, or None when the queue is empty."""
        task = self.store.queue.next_task(
            self.dataset, self.annotator, self.overlap, self.claim_seconds
        )
        if task is None:
            self.current = None
            return None
        return self.open(task.doc_id)

    def queue_notice(self) -> str:
        """Why no task came: every document answered, or some held by other annotators' claims."""
        held = [
            claim
            for claim in self.store.queue.open_claims(self.dataset)
            if claim.annotator != self.annotator
            and self.store.current_annotation(self.dataset, claim.doc_id, self.annotator) is None
        ]
        if not held:
            return "no more tasks: every document in the queue is answered"
        shown = ", ".join(
            f"{claim.doc_id} by {claim.annotator} until {claim.expires_at:%Y-%m-%d %H:%M} UTC"
            for claim in held[:3]
        )
        more = f" and {len(held) - 3} more" if len(held) > 3 else ""
        return (
            f"no task for you now: {len(held)} unanswered document(s) are claimed by others "
            f"({shown}{more}); each comes to you when its claim expires or is answered "
            "(annotate --claim-minutes N sets a shorter claim)"
        )

    def open(self, doc_id: str) -> OpenDocument:
        """Open a document: replay this annotator's journal so spans and undo history come back."""
        doc = self.store.get_document(doc_id)
        if doc is None:
            raise LookupError(f"document {doc_id} is missing from the store")
        previous = self.store.current_annotation(self.dataset, doc_id, self.annotator)
        has_parts = previous is not None and (
            previous.spans or previous.relations or previous.doc_labels
        )
        ops = self._journal_ops(
            doc_id, previous.spans if previous and has_parts else None, previous
        )
        suggestions = self._suggestions(doc)
        session = EditSession.replay(doc, self.schema, ops, suggestions)
        position = self.store.position(self.dataset, doc_id) or 0
        total = self.store.dataset_size(self.dataset)
        earlier = journaled_seconds(ops)
        if not earlier and previous is not None:
            earlier = previous.duration_s  # answered before sessions journaled their time
        self.current = OpenDocument(
            doc, session, position, total, previous, journal_length=len(ops), earlier_s=earlier
        )
        return self.current

    def _suggestions(self, doc: Document) -> list:
        """Stored suggestions of a document, computed first with the suggester if there are none."""
        if not self.show_suggestions:
            return []
        found = list(self.store.suggestions.get(self.dataset, doc.doc_id))
        if not found and self.suggester is not None:
            for batch in self.suggester.suggest([doc]):
                found = list(batch)
            if found:
                self.store.suggestions.replace(self.dataset, doc.doc_id, found)
        return found

    def record(self, op: dict[str, Any]) -> int:
        """Commit one op to the journal (durable on return), keep what it rejects; return its seq."""
        assert self.current is not None
        edit = self.current.session.edit_applied_by(op)
        seq = super().record(op)
        doc_id = self.current.doc.doc_id
        for start, end, label in edit.get("reject", []):
            self.store.suggestions.reject(self.dataset, doc_id, self.annotator, start, end, label)
        for start, end, label in edit.get("unreject", []):
            self.store.suggestions.unreject(self.dataset, doc_id, self.annotator, start, end, label)
        return seq

    def answer(self, answer: str) -> tuple[Annotation, str]:
        """Store the current document's annotation as a new revision; return it and a note."""
        assert self.current is not None
        current = self.current
        now = now_utc()
        self.leave()
        previous = current.previous
        annotation = Annotation(
            doc_id=current.doc.doc_id,
            annotator=self.annotator,
            answer=answer,
            spans=current.session.annotation_spans(),
            relations=current.session.annotation_relations(),
            doc_labels=current.session.annotation_doc_labels(),
            schema=self.schema.ref,
            created_at=previous.created_at if previous else now,
            updated_at=now,
            duration_s=round(current.seconds, 3),
        )
        if previous is not None and _same_answer(previous, annotation):
            self._remember_current()
            return previous, f"unchanged: revision {previous.revision} kept, none added"
        note = ""
        try:
            stored = self.store.answer_task(self.dataset, annotation)
        except ClaimExpired as exc:
            stored = exc.annotation
            note = str(exc)
        self._remember_current()
        return stored, note

    def previous_document(self) -> OpenDocument | None:
        """Reopen the document answered before the current one (to change its answer)."""
        self.leave()
        reopened = self._reopen_from_history()
        if reopened is not None:
            return reopened
        here = self.current.doc.doc_id if self.current else None
        ids = self.store.document_ids(self.dataset)
        if here in ids:
            at = ids.index(here)
            for doc_id in reversed(ids[:at]):
                if self.store.current_annotation(self.dataset, doc_id, self.annotator):
                    return self.open(doc_id)
        elif here is None:
            for doc_id in reversed(ids):
                if self.store.current_annotation(self.dataset, doc_id, self.annotator):
                    return self.open(doc_id)
        return None

    def answered_count(self) -> int:
        """How many documents this annotator has answered in the dataset."""
        return self.store.queue.answered_count(self.dataset, self.annotator)


TIMES = {"created_at", "updated_at", "duration_s", "revision", "session_id"}


def _same_answer(previous: Annotation, annotation: Annotation) -> bool:
    """Whether a new answer repeats the stored one (answer, spans, everything but the times)."""
    return previous.model_dump(exclude=TIMES) == annotation.model_dump(exclude=TIMES)
