"""The Store implementation shared by SQLite and PostgreSQL; backends supply the connection."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

import orjson

from annotator.records import Annotation, Document
from annotator.store import sql
from annotator.store.base import SCHEMA_VERSION, AddResult, JournalEntry, StoreError
from annotator.store.queue import QueueMixin
from annotator.store.suggestions import SuggestionsMixin

ADD_BATCH = 500

_CURRENT = (
    "NOT EXISTS (SELECT 1 FROM revisions r2 WHERE r2.dataset = r.dataset"
    " AND r2.doc_id = r.doc_id AND r2.annotator = r.annotator AND r2.revision > r.revision)"
)


def _body(doc: Document | sql.EncodedDocument) -> str:
    """The stored form of a document."""
    return doc.body if isinstance(doc, sql.EncodedDocument) else sql.encode_document(doc)


class SqlStore(QueueMixin, SuggestionsMixin):
    """Documents, datasets, append-only revisions, the edit journal and suggestions, in SQL."""

    url: str
    backend: str
    serial_type = "INTEGER PRIMARY KEY"
    real_type = "REAL"

    # hooks the backend provides
    def _exec(self, query: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement and return its cursor."""
        raise NotImplementedError

    def _execmany(self, query: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for many parameter rows."""
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

    # schema versions
    def _migrate(self, where: str) -> None:
        """Create or upgrade the tables; refuse a database newer than this tool."""
        with self._write():
            self._serialize("schema migration")
            self._exec(sql.META_TABLE)
            row = self._exec("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            found = int(row[0]) if row else 0
            if found > SCHEMA_VERSION:
                raise StoreError(sql.newer_database_message(found, SCHEMA_VERSION, where))
            for version in range(found + 1, SCHEMA_VERSION + 1):
                for statement in sql.MIGRATIONS[version]:
                    self._exec(statement.format(serial=self.serial_type, real=self.real_type))
            if found < SCHEMA_VERSION:
                self._exec(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (str(SCHEMA_VERSION),),
                )

    def schema_version(self) -> int:
        """The schema version recorded in the database."""
        row = self._exec("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    # documents and datasets
    def add_documents(
        self, dataset: str, docs: Iterable[Document | sql.EncodedDocument]
    ) -> AddResult:
        """Add documents to a dataset, deduplicated by text hash; committed per batch.

        `doc_ids` lists the id of every document given, in order, whether new or a duplicate.
        """
        result = AddResult()
        batch: list[Document | sql.EncodedDocument] = []
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

    def _add_batch(
        self, dataset: str, batch: list[Document | sql.EncodedDocument], result: AddResult
    ) -> None:
        """Insert one batch of documents in one transaction."""
        now = time.time()
        ids = [d.doc_id for d in batch]
        result.doc_ids.extend(ids)
        with self._write():
            self._ensure_dataset(dataset)
            present = self._present(dataset, ids)
            fresh: dict[str, Document | sql.EncodedDocument] = {}
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
                [(d.doc_id, d.text_sha256, _body(d), now) for d in fresh.values()],
            )
            self._execmany(
                "INSERT INTO dataset_docs (dataset, doc_id) VALUES (?, ?)",
                [(dataset, doc_id) for doc_id in fresh],
            )
            result.added += len(fresh)

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

    def get_document(self, doc_id: str) -> Document | None:
        """Return a document by id."""
        row = self._exec(
            "SELECT doc_id, text_sha256, body FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return sql.decode_document(*row) if row else None

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

    def add_annotations(self, dataset: str, annotations: Iterable[Annotation]) -> tuple[int, int]:
        """Store many revisions in one transaction, skipping any equal to the current one.

        Returns (stored, unchanged); this is what makes re-imports idempotent.
        """
        stored = unchanged = 0
        with self._write():
            for ann in annotations:
                current = self.current_annotation(dataset, ann.doc_id, ann.annotator)
                if current is not None and sql.same_content(current, ann):
                    unchanged += 1
                    continue
                self._store_revision(dataset, ann)
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
        return stored, self._release(dataset, ann.doc_id, ann.annotator, now)

    def current_annotation(self, dataset: str, doc_id: str, annotator: str) -> Annotation | None:
        """Latest revision of (document, annotator), or None."""
        row = self._exec(
            "SELECT body FROM revisions WHERE dataset = ? AND doc_id = ? AND annotator = ?"
            " ORDER BY revision DESC LIMIT 1",
            (dataset, doc_id, annotator),
        ).fetchone()
        return sql.decode_annotation(row[0]) if row else None

    def revisions(self, dataset: str, doc_id: str, annotator: str) -> list[Annotation]:
        """Every revision of (document, annotator), oldest first."""
        rows = self._exec(
            "SELECT body FROM revisions WHERE dataset = ? AND doc_id = ? AND annotator = ?"
            " ORDER BY revision",
            (dataset, doc_id, annotator),
        ).fetchall()
        return [sql.decode_annotation(r[0]) for r in rows]

    def annotators(self, dataset: str, doc_id: str) -> list[str]:
        """Annotators who answered a document, sorted."""
        rows = self._exec(
            "SELECT DISTINCT annotator FROM revisions WHERE dataset = ? AND doc_id = ?"
            " ORDER BY annotator",
            (dataset, doc_id),
        ).fetchall()
        return [r[0] for r in rows]

    def annotations(
        self,
        dataset: str,
        answers: Iterable[str] | None = None,
        keep: Callable[[str], bool] | None = None,
        views: bool = False,
    ) -> Iterator[tuple[Document, Annotation]]:
        """Current revision of every (document, annotator) in a dataset, streamed in doc order.

        `keep`, given a document id, says whether to decode and yield that document's answers;
        `views` yields documents as exports read them (`records_fast.DocumentView`, tokens flat).
        """
        wanted = set(answers) if answers is not None else None
        query = (
            "SELECT r.doc_id, doc.text_sha256, doc.body, r.body, r.answer FROM revisions r"
            " JOIN dataset_docs d ON d.dataset = r.dataset AND d.doc_id = r.doc_id"
            " JOIN documents doc ON doc.doc_id = r.doc_id"
            f" WHERE r.dataset = ? AND {_CURRENT} ORDER BY d.id, r.annotator"
        )
        decode = sql.decode_document_view if views else sql.decode_document
        last: Any = None
        for doc_id, sha, doc_body, ann_body, answer in self._stream(query, (dataset,)):
            if wanted is not None and answer not in wanted:
                continue
            if keep is not None and not keep(doc_id):
                continue
            if last is None or last.doc_id != doc_id:
                last = decode(doc_id, sha, doc_body)
            yield last, sql.decode_annotation(ann_body)

    def _stream(self, query: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        """Iterate a large result without loading it all (backends may override)."""
        yield from self._exec(query, params)

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
        return [JournalEntry(int(s), orjson.loads(op), sql.from_epoch(t)) for s, op, t in rows]

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
        """The URL without a password."""
        return self.url
