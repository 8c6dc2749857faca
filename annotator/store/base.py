"""The Store protocol every backend implements, and the small value types it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol, overload, runtime_checkable

from annotator.records import line_writer
from annotator.records.models import Annotation, Document, Suggestion
from annotator.records.tokenization import doc_id_from_sha256, text_sha256

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
    """An answer arrived after its claim expired; the answer was still stored (`annotation`)."""

    def __init__(self, message: str, annotation: Annotation) -> None:
        """Keep the message and the stored revision."""
        super().__init__(message)
        self.annotation = annotation


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


@dataclass(frozen=True, slots=True)
class DocumentParts:
    """A document as an import holds it: text, meta, tokenizer and a token table, not models.

    `tokens` is an integer array with one (start, end, ws) row per token; the store encodes it.
    """

    doc_id: str
    text_sha256: str
    text: str
    meta: dict[str, Any]
    tokenizer: str
    tokens: Any

    @classmethod
    def of(cls, text: str, meta: dict[str, Any], tokenizer: str, tokens: Any) -> DocumentParts:
        """The parts of a text with its token table, named by the hash of the text."""
        digest = text_sha256(text)
        return cls(doc_id_from_sha256(digest), digest, text, meta, tokenizer, tokens)


@runtime_checkable
class TaskQueue(Protocol):
    """The task queue: claims with expiry and an overlap setting."""

    def next_task(
        self, dataset: str, annotator: str, overlap: int = 1, claim_seconds: float = 3600
    ) -> Task | None:
        """Claim the next document this annotator has not answered, honouring overlap and claims."""
        ...

    def release_claim(self, dataset: str, doc_id: str, annotator: str) -> None:
        """Give a claimed document back to the pool without answering it (skip)."""
        ...

    def open_claims(self, dataset: str) -> list[Task]:
        """Live claims of a dataset (not released, not expired), oldest first."""
        ...

    def answered_count(self, dataset: str, annotator: str) -> int:
        """How many documents of a dataset this annotator has answered."""
        ...


@runtime_checkable
class SuggestionStore(Protocol):
    """Suggestions, kept apart from annotations, and the suggested spans annotators rejected."""

    def replace(self, dataset: str, doc_id: str, suggestions: list[Suggestion]) -> None:
        """Replace the stored suggestions of a document."""
        ...

    def get(self, dataset: str, doc_id: str, annotator: str | None = None) -> list[Suggestion]:
        """Stored suggestions of a document, without those `annotator` rejected."""
        ...

    def reject(
        self, dataset: str, doc_id: str, annotator: str, start: int, end: int, label: str
    ) -> None:
        """Record that an annotator rejected a suggested span so it never comes back for them."""
        ...

    def unreject(
        self, dataset: str, doc_id: str, annotator: str, start: int, end: int, label: str
    ) -> None:
        """Forget an annotator's rejection of a suggested span so it is offered to them again."""
        ...

    def rejected(self, dataset: str, doc_id: str, annotator: str) -> set[tuple[int, int, str]]:
        """The (start, end, label) keys an annotator rejected on a document."""
        ...


@runtime_checkable
class Store(Protocol):
    """Persistence behind one protocol: documents, revisions, journal, queue, suggestions."""

    url: str
    backend: str  # "sqlite" or "postgresql"

    @property
    def queue(self) -> TaskQueue:
        """The task queue of every dataset."""
        ...

    @property
    def suggestions(self) -> SuggestionStore:
        """Suggestions and rejections of every dataset."""
        ...

    # the database
    def close(self) -> None:
        """Finish open streams, then release the connection."""
        ...

    def display_url(self) -> str:
        """The URL as messages show it, without a password."""
        ...

    def check_before_writing(self) -> None:
        """Raise StoreError if the checks begun on open found the database unfit to write to."""
        ...

    def schema_version(self) -> int:
        """The schema version recorded in the database."""
        ...

    def info(self) -> dict[str, Any]:
        """Counts per dataset, answers per annotator, schema version and backend."""
        ...

    def backup(self, target: Path) -> str:
        """Write a backup of the store to `target` (a new file); return what kind of backup."""
        ...

    def restore(self, source: Path) -> dict[str, int]:
        """Load a backup into this empty store in one transaction; return counts of what came."""
        ...

    def discard_if_created(self) -> bool:
        """Close, and delete the database if opening this store created it (a failed restore)."""
        ...

    # documents and datasets
    def add_documents(self, dataset: str, docs: Iterable[Document | DocumentParts]) -> AddResult:
        """Add documents to a dataset, deduplicated by text hash; committed per batch.

        `doc_ids` lists the id of every document given, in order, whether new or a duplicate.
        """
        ...

    def stored_documents(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of these document ids the store holds, in any dataset."""
        ...

    def get_document(self, doc_id: str) -> Document | None:
        """Return a document by id."""
        ...

    def document_ids(self, dataset: str) -> list[str]:
        """Ids of a dataset's documents in the order they were added."""
        ...

    def has_document(self, dataset: str, doc_id: str) -> bool:
        """Whether a dataset holds a document."""
        ...

    def dataset_size(self, dataset: str) -> int:
        """Number of documents in a dataset (the N of "document n of N")."""
        ...

    def position(self, dataset: str, doc_id: str) -> int | None:
        """1-based position of a document in its dataset (the n of "document n of N")."""
        ...

    def datasets(self) -> list[str]:
        """Names of all datasets."""
        ...

    # annotations: append-only revisions
    def add_annotation(self, dataset: str, annotation: Annotation) -> Annotation:
        """Store a new revision (number max(previous + 1, given)) and release any claim."""
        ...

    def answer_task(self, dataset: str, annotation: Annotation) -> Annotation:
        """Store an answer and release its claim; ClaimExpired (answer kept) if the claim ran out."""
        ...

    def add_annotations(
        self,
        dataset: str,
        annotations: Iterable[Annotation],
        on_replace: Callable[[Annotation], None] | None = None,
    ) -> tuple[int, int]:
        """Store many revisions in one transaction, skipping any equal to the current one."""
        ...

    def current_annotation(self, dataset: str, doc_id: str, annotator: str) -> Annotation | None:
        """Latest revision of (document, annotator), or None."""
        ...

    def revisions(self, dataset: str, doc_id: str, annotator: str) -> list[Annotation]:
        """Every revision of (document, annotator), oldest first."""
        ...

    def annotators(self, dataset: str, doc_id: str) -> list[str]:
        """Annotators who answered a document, sorted."""
        ...

    @overload
    def annotations(
        self,
        dataset: str,
        answers: Iterable[str] | None = None,
        keep: Callable[[str], bool] | None = None,
        views: Literal[False] = False,
        skip_bad: SkippedRows | None = None,
    ) -> Iterator[tuple[Document, Annotation]]: ...

    @overload
    def annotations(
        self,
        dataset: str,
        answers: Iterable[str] | None = None,
        keep: Callable[[str], bool] | None = None,
        *,
        views: Literal[True],
        skip_bad: SkippedRows | None = None,
    ) -> Iterator[tuple[line_writer.DocumentView, Annotation]]: ...

    def annotations(
        self,
        dataset: str,
        answers: Iterable[str] | None = None,
        keep: Callable[[str], bool] | None = None,
        views: bool = False,
        skip_bad: SkippedRows | None = None,
    ) -> Iterator[tuple[Document | line_writer.DocumentView, Annotation]]:
        """Current revision of every (document, annotator) in a dataset, streamed in doc order.

        `keep`, given a document id, says whether to decode and yield that document's answers;
        `views` yields documents as exports read them (`line_writer.DocumentView`, tokens flat);
        an unreadable row raises BadRowError naming it, or with `skip_bad` is left out and noted.
        """
        ...

    # the edit journal
    def append_edit(self, dataset: str, doc_id: str, annotator: str, op: dict[str, Any]) -> int:
        """Commit one edit op and return its sequence number; durable when this returns."""
        ...

    def journal(self, dataset: str, doc_id: str, annotator: str) -> list[JournalEntry]:
        """All edits of (document, annotator), in sequence order."""
        ...

    def edit_times(self, dataset: str) -> Iterator[tuple[str, str, datetime]]:
        """(doc_id, annotator, created_at) of every journal edit of a dataset, for statistics."""
        ...
