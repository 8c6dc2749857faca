"""The Store protocol every backend implements, and the small value types it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from annotator.records.models import Annotation, Document, Suggestion

SCHEMA_VERSION = 3  # bump with every migration; older tools refuse newer databases


class StoreError(Exception):
    """A problem a user can act on (bad URL, newer database, corrupt file); message says how.

    `detail` is the bare cause (SQLite's own words, say), for a caller that words it anew.
    """

    def __init__(self, message: str, detail: str | None = None) -> None:
        """Keep the message and the bare cause."""
        super().__init__(message)
        self.detail = detail or message


class ClaimExpired(StoreError):
    """An answer arrived after its claim expired; the answer was still stored."""


class BadRowError(StoreError):
    """A stored row that cannot be decoded; the message names it (dataset, doc, annotator...)."""


@dataclass(slots=True)
class SkippedRows:
    """Unreadable rows a reader left out instead of stopping, each named once."""

    rows: dict[str, str] = field(default_factory=dict)

    def add(self, what: str, detail: str) -> None:
        """Remember one unreadable row (a row seen again in a later pass counts once)."""
        self.rows.setdefault(what, detail)

    def __len__(self) -> int:
        """How many distinct rows were left out."""
        return len(self.rows)


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One committed edit: its sequence number per (dataset, doc, annotator) and opaque op."""

    seq: int
    op: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Task:
    """A claimed document handed to an annotator by the queue."""

    doc_id: str
    dataset: str
    annotator: str
    expires_at: datetime


@dataclass(slots=True)
class AddResult:
    """What adding documents did: new rows, duplicates skipped (already in the dataset)."""

    added: int = 0
    duplicates: int = 0
    doc_ids: list[str] = field(default_factory=list)


@runtime_checkable
class Store(Protocol):
    """Persistence behind one protocol: documents, revisions, journal, queue, suggestions."""

    url: str
    backend: str  # "sqlite" or "postgresql"

    def close(self) -> None:
        """Release the connection."""

    # documents and datasets
    def add_documents(self, dataset: str, docs: Iterable[Document]) -> AddResult:
        """Add documents to a dataset, deduplicated by text hash; committed on return."""

    def get_document(self, doc_id: str) -> Document | None:
        """Return a document by id."""

    def document_ids(self, dataset: str) -> list[str]:
        """Ids of a dataset's documents in the order they were added."""

    def datasets(self) -> list[str]:
        """Names of all datasets."""

    # annotations: append-only revisions
    def add_annotation(self, dataset: str, annotation: Annotation) -> Annotation:
        """Store a new revision (revision number assigned by the store) and return it."""

    def current_annotation(self, dataset: str, doc_id: str, annotator: str) -> Annotation | None:
        """Latest revision of (document, annotator), or None."""

    def revisions(self, dataset: str, doc_id: str, annotator: str) -> list[Annotation]:
        """Every revision of (document, annotator), oldest first."""

    def annotations(
        self,
        dataset: str,
        answers: Iterable[str] | None = None,
        keep: Callable[[str], bool] | None = None,
        views: bool = False,
        skip_bad: SkippedRows | None = None,
    ) -> Iterator[tuple[Document, Annotation]]:
        """Current revision of every (document, annotator) in a dataset, streamed in doc order.

        `keep`, given a document id, says whether to decode and yield that document's answers;
        `views` yields documents as exports read them (`line_writer.DocumentView`, tokens flat);
        an unreadable row raises BadRowError naming it, or with `skip_bad` is left out and noted.
        """

    # the edit journal
    def append_edit(self, dataset: str, doc_id: str, annotator: str, op: dict[str, Any]) -> int:
        """Commit one edit op and return its sequence number; durable when this returns."""

    def journal(self, dataset: str, doc_id: str, annotator: str) -> list[JournalEntry]:
        """All edits of (document, annotator), in sequence order."""

    # the task queue
    def next_task(
        self, dataset: str, annotator: str, overlap: int = 1, claim_seconds: int = 3600
    ) -> Task | None:
        """Claim the next document this annotator has not answered, honouring overlap and claims."""

    # suggestions, kept apart from annotations
    def set_suggestions(self, dataset: str, doc_id: str, suggestions: list[Suggestion]) -> None:
        """Replace the stored suggestions of a document."""

    def suggestions(self, dataset: str, doc_id: str) -> list[Suggestion]:
        """Stored suggestions of a document."""

    def reject_suggestion(
        self, dataset: str, doc_id: str, annotator: str, start: int, end: int, label: str
    ) -> None:
        """Record that an annotator rejected a suggested span so it is not offered to them again."""

    def unreject_suggestion(
        self, dataset: str, doc_id: str, annotator: str, start: int, end: int, label: str
    ) -> None:
        """Forget an annotator's rejection of a suggested span (the rejection was undone)."""

    def check_before_writing(self) -> None:
        """Raise StoreError if the checks begun on open found the database unfit to write to."""

    def info(self) -> dict[str, Any]:
        """Counts per dataset, answers per annotator, schema version and backend."""
