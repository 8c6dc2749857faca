"""The Store implementation shared by SQLite and PostgreSQL; backends supply the connection."""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, overload

import orjson

from annotator.errors import Refusal
from annotator.records import line_writer
from annotator.records.models import Annotation, Document
from annotator.store import dump, sql
from annotator.store.base import (
    SCHEMA_VERSION,
    AddResult,
    BadRowError,
    ClaimExpired,
    DocumentParts,
    JournalEntry,
    SkippedRows,
    StoreError,
)
from annotator.store.queue import SqlQueue
from annotator.store.suggestions import SqlSuggestions

ADD_BATCH = 500

_CURRENT = (
    "NOT EXISTS (SELECT 1 FROM revisions r2 WHERE r2.dataset = r.dataset"
    " AND r2.doc_id = r.doc_id AND r2.annotator = r.annotator AND r2.revision > r.revision)"
)


def _revision_name(dataset: str, doc_id: str, annotator: str, revision: object) -> str:
    """How a message names one stored revision."""
    return f"stored revision {revision} of doc {doc_id} by {annotator} in dataset {dataset!r}"


def _bad_row(skip_bad: SkippedRows | None, what: str, exc: BaseException) -> None:
    """Raise BadRowError naming an unreadable row, or note it in `skip_bad` to leave it out."""
    detail = sql.decode_problem(exc)
    if skip_bad is None:
        raise BadRowError(Refusal.BAD_ROW.format(what=what, detail=detail)) from None
    skip_bad.add(what, detail)


def _decoded(what: str, decode: Callable[..., Any], *row: Any) -> Any:
    """Decode a stored row, or raise BadRowError naming it."""
    try:
        return decode(*row)
    except sql.DECODE_ERRORS as exc:
        detail = sql.decode_problem(exc)
        raise BadRowError(Refusal.BAD_ROW_NO_SKIP.format(what=what, detail=detail)) from None


class SqlStore:
    """Documents, datasets, append-only revisions and the edit journal in SQL; it owns the queue
    and the suggestions, which run their statements through its connection."""

    url: str
    backend: str
    serial_type = "INTEGER PRIMARY KEY"
    real_type = "REAL"
    candidate_lock = ""  # PostgreSQL: FOR UPDATE OF d SKIP LOCKED

    @cached_property
    def queue(self) -> SqlQueue:
        """The task queue of every dataset."""
        return SqlQueue(sql.Statements(self._exec, self._write), self.candidate_lock)

    @cached_property
    def suggestions(self) -> SqlSuggestions:
        """Suggestions and rejections of every dataset."""
        return SqlSuggestions(sql.Statements(self._exec, self._write))

    # hooks the backend provides
    def _exec(self, query: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement and return its cursor."""
        raise NotImplementedError

    def _execmany(self, query: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run one statement for many parameter rows; return how many rows it changed."""
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[None]:
        """A transaction that takes the write lock up front."""
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[None]:
        """A transaction giving one consistent snapshot for reads."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the connection."""
        raise NotImplementedError

    def _serialize(self, *key: str) -> None:
        """Inside a write transaction, wait for other writers of the same key (PostgreSQL)."""

    def _table_columns(self) -> dict[str, set[str]]:
        """Tables of the database (the URL's schema on PostgreSQL) and their columns."""
        raise NotImplementedError

    def _stream_rows(self, query: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        """Iterate a large result without loading it all."""
        raise NotImplementedError

    def _prepare_writes(self, found: int) -> None:
        """Backend checks and settings before the first write to a database at version `found`."""

    def check_before_writing(self) -> None:
        """Raise StoreError if checks begun on open found the database unfit to write to."""

    def _upgrade_for_reading(self, where: str, found: int) -> None:
        """Bring an older database up to date before a read-only session reads it."""
        self._migrate(where)

    def _exclusive(self) -> AbstractContextManager[None]:
        """One write transaction no other writer can interleave with (a restore)."""
        return self._write()

    # opening: refuse what is not ours, then create or upgrade the tables
    def _open_schema(self, where: str, read_only: bool) -> None:
        """Check the tables are annotator's, then create or migrate them (never when read-only).

        Another application's tables, a damaged version row or missing tables are refused before
        anything is written; a read-only session on a database without tables says so.
        """
        with self._read():
            found = self._found_version(where)
        if found > SCHEMA_VERSION:
            raise StoreError(sql.newer_database_message(found, SCHEMA_VERSION, where))
        if read_only:
            if found == 0:
                why = "it holds no annotator tables"
                raise StoreError(Refusal.NOT_ANNOTATOR_DB.format(where=where, why=why), why)
            if found < SCHEMA_VERSION:
                self._upgrade_for_reading(where, found)
            return
        self._prepare_writes(found)
        if found < SCHEMA_VERSION:
            self._migrate(where)

    def _found_version(self, where: str) -> int:
        """The schema version the database records: 0 when it has no tables at all."""
        tables = self._table_columns()
        if not tables:
            return 0
        if any(t not in tables for t in sql.CORE_TABLES):
            raise StoreError(self._foreign(where, tables))
        value = None
        if {"key", "value"} <= tables.get("meta", set()):
            row = self._exec("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            value = None if row is None else row[0]
        if value is None:
            detail = "is missing" if "meta" in tables else "is missing (there is no meta table)"
            raise StoreError(Refusal.BAD_VERSION_ROW.format(where=where, detail=detail))
        found = sql.version_number(value)
        if found is None:
            raise StoreError(
                Refusal.BAD_VERSION_ROW.format(
                    where=where, detail=f"holds {str(value)[:40]!r}, not a version number"
                )
            )
        missing = [t for t in sql.TABLES if t not in tables]
        if missing and found <= SCHEMA_VERSION:
            raise StoreError(Refusal.MISSING_TABLES.format(where=where, tables=", ".join(missing)))
        return found

    def _foreign(self, where: str, tables: dict[str, set[str]]) -> str:
        """The refusal of a database holding another application's tables."""
        names = sorted(tables)
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        hint = (
            " or add ?schema=annotator to the URL to keep annotator's tables in a schema of "
            "their own"
            if self.backend == "postgresql"
            else ""
        )
        return Refusal.FOREIGN_TABLES.format(where=where, tables=shown, schema_hint=hint)

    def _migrate(self, where: str) -> None:
        """Create or upgrade the tables in one transaction (another process may have just done it)."""
        with self._write():
            self._serialize("schema migration")
            found = self._found_version(where)
            if found > SCHEMA_VERSION:
                raise StoreError(sql.newer_database_message(found, SCHEMA_VERSION, where))
            if found == SCHEMA_VERSION:
                return
            self._exec(sql.META_TABLE)
            for version in range(found + 1, SCHEMA_VERSION + 1):
                for statement in sql.MIGRATIONS[version]:
                    self._exec(statement.format(serial=self.serial_type, real=self.real_type))
            self._exec(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(SCHEMA_VERSION),),
            )

    def schema_version(self) -> int:
        """The schema version recorded in the database."""
        row = self._exec("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return (sql.version_number(row[0]) or 0) if row else 0

    # documents and datasets
    def add_documents(self, dataset: str, docs: Iterable[Document | DocumentParts]) -> AddResult:
        """Add documents to a dataset, deduplicated by text hash; committed per batch.

        `doc_ids` lists the id of every document given, in order, whether new or a duplicate.
        """
        return self.add_encoded(dataset, map(sql.encode_document, docs))

    def add_encoded(self, dataset: str, docs: Iterable[sql.EncodedDocument]) -> AddResult:
        """Add documents already serialised for their rows (encoded before each batch's write)."""
        result = AddResult()
        batch: list[sql.EncodedDocument] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= ADD_BATCH:
                self._add_batch(dataset, batch, result)
                batch = []
        if batch or not result.doc_ids:
            self._add_batch(dataset, batch, result)
        return result

    def _ensure_dataset(self, dataset: str) -> None:
        """Create a dataset row if missing (inside a write transaction)."""
        self._exec(
            "INSERT INTO datasets (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            (dataset, time.time()),
        )

    def _add_batch(self, dataset: str, batch: list[sql.EncodedDocument], result: AddResult) -> None:
        """Insert one batch of documents in one transaction."""
        now = time.time()
        ids = [d.doc_id for d in batch]
        result.doc_ids.extend(ids)
        with self._write():
            self._ensure_dataset(dataset)
            present = self._present(dataset, ids)
            fresh: dict[str, sql.EncodedDocument] = {}
            for doc in batch:
                if doc.doc_id in present or doc.doc_id in fresh:
                    result.duplicates += 1
                else:
                    fresh[doc.doc_id] = doc
            if not fresh:
                return
            self._execmany(
                "INSERT INTO documents (doc_id, text_sha256, body, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (doc_id) DO NOTHING",
                [(d.doc_id, d.text_sha256, d.body, now) for d in fresh.values()],
            )
            added = self._execmany(
                "INSERT INTO dataset_docs (dataset, doc_id) VALUES (?, ?)"
                " ON CONFLICT (dataset, doc_id) DO NOTHING",
                [(dataset, doc_id) for doc_id in fresh],
            )
            result.added += added  # a parallel import may have added some meanwhile
            result.duplicates += len(fresh) - added

    def _present(self, dataset: str, ids: list[str]) -> set[str]:
        """Which of these ids the dataset already holds."""
        present: set[str] = set()
        for i in range(0, len(ids), 400):
            chunk = ids[i : i + 400]
            marks = ", ".join("?" * len(chunk))
            rows = self._exec(
                f"SELECT doc_id FROM dataset_docs WHERE dataset = ? AND doc_id IN ({marks})",
                (dataset, *chunk),
            ).fetchall()
            present.update(r[0] for r in rows)
        return present

    def stored_documents(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of these document ids the store holds, in any dataset (a document's text and
        tokens are stored once and shared)."""
        ids = list(dict.fromkeys(doc_ids))
        found: set[str] = set()
        for i in range(0, len(ids), 400):
            chunk = ids[i : i + 400]
            marks = ", ".join("?" * len(chunk))
            rows = self._exec(
                f"SELECT doc_id FROM documents WHERE doc_id IN ({marks})", chunk
            ).fetchall()
            found.update(r[0] for r in rows)
        return found

    def get_document(self, doc_id: str) -> Document | None:
        """Return a document by id."""
        row = self._exec(
            "SELECT doc_id, text_sha256, body FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        return _decoded(f"stored document {doc_id}", sql.decode_document, *row)

    def document_ids(self, dataset: str) -> list[str]:
        """Ids of a dataset's documents in the order they were added."""
        rows = self._exec(
            "SELECT doc_id FROM dataset_docs WHERE dataset = ? ORDER BY id", (dataset,)
        ).fetchall()
        return [r[0] for r in rows]

    def has_document(self, dataset: str, doc_id: str) -> bool:
        """Whether a dataset holds a document."""
        row = self._exec(
            "SELECT 1 FROM dataset_docs WHERE dataset = ? AND doc_id = ?", (dataset, doc_id)
        ).fetchone()
        return row is not None

    def dataset_size(self, dataset: str) -> int:
        """Number of documents in a dataset (the N of "document n of N")."""
        row = self._exec("SELECT COUNT(*) FROM dataset_docs WHERE dataset = ?", (dataset,))
        return int(row.fetchone()[0])

    def position(self, dataset: str, doc_id: str) -> int | None:
        """1-based position of a document in its dataset (the n of "document n of N")."""
        row = self._exec(
            "SELECT COUNT(*) FROM dataset_docs WHERE dataset = ? AND id <= "
            "(SELECT id FROM dataset_docs WHERE dataset = ? AND doc_id = ?)",
            (dataset, dataset, doc_id),
        ).fetchone()
        return int(row[0]) or None

    def datasets(self) -> list[str]:
        """Names of all datasets."""
        return [r[0] for r in self._exec("SELECT name FROM datasets ORDER BY name").fetchall()]

    # annotations: append-only revisions
    def add_annotation(self, dataset: str, annotation: Annotation) -> Annotation:
        """Store a new revision (number max(previous + 1, given)) and release any claim."""
        with self._write():
            stored, _ = self._store_revision(dataset, annotation)
        return stored

    def answer_task(self, dataset: str, annotation: Annotation) -> Annotation:
        """Store an answer and release its claim; ClaimExpired (answer kept) if the claim ran out.

        The raised ClaimExpired carries the stored revision as `annotation`.
        """
        with self._write():
            stored, expired = self._store_revision(dataset, annotation)
        if expired:
            raise ClaimExpired(
                f"the claim of {annotation.annotator} on {annotation.doc_id} expired before this "
                f"answer arrived; the answer was stored as revision {stored.revision}",
                stored,
            )
        return stored

    def add_annotations(
        self,
        dataset: str,
        annotations: Iterable[Annotation],
        on_replace: Callable[[Annotation], None] | None = None,
    ) -> tuple[int, int]:
        """Store many revisions in one transaction, skipping any equal to the current one.

        Returns (stored, unchanged); this is what makes re-imports idempotent. `on_replace`
        hears of each one stored over a different current answer of the same annotator.
        """
        stored = unchanged = 0
        with self._write():
            for ann in annotations:
                # Lock before reading: a parallel import of the same answer then sees this one.
                self._serialize(dataset, ann.doc_id, ann.annotator)
                current = self.current_annotation(dataset, ann.doc_id, ann.annotator)
                if current is not None and sql.same_content(current, ann):
                    unchanged += 1
                    continue
                self._store_revision(dataset, ann)
                if current is not None and on_replace is not None:
                    on_replace(ann)
                stored += 1
        return stored, unchanged

    def _store_revision(self, dataset: str, ann: Annotation) -> tuple[Annotation, bool]:
        """Insert a revision inside a write transaction; return it and whether a claim expired."""
        self._serialize(dataset, ann.doc_id, ann.annotator)
        if not self.has_document(dataset, ann.doc_id):
            raise StoreError(f"document {ann.doc_id} is not in dataset {dataset!r}")
        row = self._exec(
            "SELECT MAX(revision) FROM revisions WHERE dataset = ? AND doc_id = ? AND annotator = ?",
            (dataset, ann.doc_id, ann.annotator),
        ).fetchone()
        previous = row[0] or 0
        stored = ann.model_copy(update={"revision": max(previous + 1, ann.revision)})
        now = time.time()
        self._exec(
            "INSERT INTO revisions (dataset, doc_id, annotator, revision, answer, body, stored_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                dataset,
                ann.doc_id,
                ann.annotator,
                stored.revision,
                ann.answer,
                sql.encode_annotation(stored),
                now,
            ),
        )
        if previous == 0:
            self._exec(
                "UPDATE dataset_docs SET answers = answers + 1 WHERE dataset = ? AND doc_id = ?",
                (dataset, ann.doc_id),
            )
        return stored, self.queue.end_claim(dataset, ann.doc_id, ann.annotator, now)

    def current_annotation(self, dataset: str, doc_id: str, annotator: str) -> Annotation | None:
        """Latest revision of (document, annotator), or None."""
        row = self._exec(
            "SELECT revision, body FROM revisions WHERE dataset = ? AND doc_id = ?"
            " AND annotator = ? ORDER BY revision DESC LIMIT 1",
            (dataset, doc_id, annotator),
        ).fetchone()
        if row is None:
            return None
        what = _revision_name(dataset, doc_id, annotator, row[0])
        return _decoded(what, sql.decode_annotation, row[1])

    def revisions(self, dataset: str, doc_id: str, annotator: str) -> list[Annotation]:
        """Every revision of (document, annotator), oldest first."""
        rows = self._exec(
            "SELECT revision, body FROM revisions WHERE dataset = ? AND doc_id = ?"
            " AND annotator = ? ORDER BY revision",
            (dataset, doc_id, annotator),
        ).fetchall()
        return [
            _decoded(_revision_name(dataset, doc_id, annotator, n), sql.decode_annotation, body)
            for n, body in rows
        ]

    def annotators(self, dataset: str, doc_id: str) -> list[str]:
        """Annotators who answered a document, sorted."""
        rows = self._exec(
            "SELECT DISTINCT annotator FROM revisions WHERE dataset = ? AND doc_id = ?"
            " ORDER BY annotator",
            (dataset, doc_id),
        ).fetchall()
        return [r[0] for r in rows]

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
        wanted = set(answers) if answers is not None else None
        query = (
            "SELECT r.doc_id, r.annotator, r.revision, doc.text_sha256, doc.body, r.body, r.answer"
            " FROM revisions r JOIN dataset_docs d ON d.dataset = r.dataset AND d.doc_id = r.doc_id"
            " JOIN documents doc ON doc.doc_id = r.doc_id"
            f" WHERE r.dataset = ? AND {_CURRENT} ORDER BY d.id, r.annotator"
        )
        decode = sql.decode_document_view if views else sql.decode_document
        decode_annotation = sql.decode_annotation
        last: Any = None
        last_id = None
        for doc_id, annotator, revision, sha, doc_body, ann_body, answer in self._stream(
            query, (dataset,)
        ):
            if wanted is not None and answer not in wanted:
                continue
            if keep is not None and not keep(doc_id):
                continue
            if last_id != doc_id:
                last_id = doc_id
                try:
                    last = decode(doc_id, sha, doc_body)
                except sql.DECODE_ERRORS as exc:
                    last = None
                    _bad_row(skip_bad, f"stored document {doc_id} of dataset {dataset!r}", exc)
            if last is None:
                continue
            try:
                ann = decode_annotation(ann_body)
            except sql.DECODE_ERRORS as exc:
                _bad_row(skip_bad, _revision_name(dataset, doc_id, annotator, revision), exc)
                continue
            yield last, ann

    def _stream(self, query: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        """Iterate a large result without loading it all; `close()` finishes it first."""
        rows = self._stream_rows(query, params)
        streams = self.__dict__.setdefault("_streams", weakref.WeakSet())
        streams.add(rows)
        return rows

    def _end_streams(self) -> None:
        """Finish every stream still open, while the connection can still end it cleanly."""
        for rows in list(self.__dict__.get("_streams", ())):
            rows.close()

    # the edit journal
    def append_edit(self, dataset: str, doc_id: str, annotator: str, op: dict[str, Any]) -> int:
        """Commit one edit op and return its sequence number; durable when this returns."""
        body = orjson.dumps(op).decode()
        with self._write():
            self._serialize(dataset, doc_id, annotator)
            row = self._exec(
                "INSERT INTO journal (dataset, doc_id, annotator, seq, op, created_at)"
                " SELECT ?, ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ? FROM journal"
                " WHERE dataset = ? AND doc_id = ? AND annotator = ? RETURNING seq",
                (dataset, doc_id, annotator, body, time.time(), dataset, doc_id, annotator),
            ).fetchone()
        return int(row[0])

    def journal(self, dataset: str, doc_id: str, annotator: str) -> list[JournalEntry]:
        """All edits of (document, annotator), in sequence order."""
        rows = self._exec(
            "SELECT seq, op, created_at FROM journal WHERE dataset = ? AND doc_id = ?"
            " AND annotator = ? ORDER BY seq",
            (dataset, doc_id, annotator),
        ).fetchall()
        where = f"of doc {doc_id} by {annotator} in dataset {dataset!r}"
        return [
            JournalEntry(
                int(s), _decoded(f"stored edit {s} {where}", orjson.loads, op), sql.from_epoch(t)
            )
            for s, op, t in rows
        ]

    def edit_times(self, dataset: str) -> Iterator[tuple[str, str, datetime]]:
        """(doc_id, annotator, created_at) of every journal edit of a dataset, for statistics."""
        rows = self._stream(
            "SELECT doc_id, annotator, created_at FROM journal WHERE dataset = ?"
            " ORDER BY doc_id, annotator, seq",
            (dataset,),
        )
        for doc_id, annotator, created_at in rows:
            yield doc_id, annotator, sql.from_epoch(created_at)

    def info(self) -> dict[str, Any]:
        """Counts per dataset, answers per annotator, schema version and backend."""
        with self._read():
            out: dict[str, Any] = {
                "backend": self.backend,
                "url": self.display_url(),
                "schema_version": self.schema_version(),
                "datasets": {},
            }
            for name in self.datasets():
                out["datasets"][name] = self._dataset_info(name)
        return out

    def _dataset_info(self, dataset: str) -> dict[str, Any]:
        """Documents, answered documents and current answers per annotator of one dataset."""
        docs = self.dataset_size(dataset)
        answered = self._exec(
            "SELECT COUNT(*) FROM dataset_docs WHERE dataset = ? AND answers > 0", (dataset,)
        ).fetchone()[0]
        per: dict[str, dict[str, int]] = {}
        rows = self._exec(
            f"SELECT r.annotator, r.answer, COUNT(*) FROM revisions r WHERE r.dataset = ?"
            f" AND {_CURRENT} GROUP BY r.annotator, r.answer ORDER BY r.annotator, r.answer",
            (dataset,),
        ).fetchall()
        for annotator, answer, count in rows:
            per.setdefault(annotator, {})[answer] = int(count)
        edits = self._exec("SELECT COUNT(*) FROM journal WHERE dataset = ?", (dataset,))
        return {
            "documents": docs,
            "answered_documents": int(answered),
            "annotators": per,
            "journal_edits": int(edits.fetchone()[0]),
        }

    def display_url(self) -> str:
        """The URL as messages show it, without a password."""
        return self.url

    # backup and restore
    def backup(self, target: Path) -> str:
        """Write a backup of the store to `target` (a new file); return what kind of backup."""
        return dump.backup(self, target)

    def restore(self, source: Path) -> dict[str, int]:
        """Load a backup into this empty store in one transaction; return counts of what came."""
        return dump.restore(self, source)

    def discard_if_created(self) -> bool:
        """Close, and delete the database if opening this store created it (a failed restore)."""
        self.close()
        return False
