"""The task queue: claims with expiry, an overlap setting, and answers that report late claims."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from annotator.records.models import Annotation
from annotator.store import sql
from annotator.store.base import ClaimExpired, Task

if TYPE_CHECKING:
    from collections.abc import Sequence

# A document is open for `annotator` when they have not answered it and answers plus live claims
# of other annotators stay below the overlap.
_OPEN = (
    "d.dataset = ? AND d.answers < ?"
    " AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.dataset = d.dataset"
    " AND r.doc_id = d.doc_id AND r.annotator = ?)"
    " AND (d.claim_expires <= ? OR d.answers + (SELECT COUNT(*) FROM claims c"
    " WHERE c.dataset = d.dataset AND c.doc_id = d.doc_id AND c.annotator <> ?"
    " AND c.released_at IS NULL AND c.expires_at > ?) < ?)"
)
_EXTEND = (
    "UPDATE dataset_docs SET claim_expires = CASE WHEN claim_expires < ? THEN ?"
    " ELSE claim_expires END WHERE dataset = ? AND doc_id = ?"
)
_RECOMPUTE = (
    "UPDATE dataset_docs SET claim_expires = COALESCE((SELECT MAX(c.expires_at) FROM claims c"
    " WHERE c.dataset = dataset_docs.dataset AND c.doc_id = dataset_docs.doc_id"
    " AND c.released_at IS NULL), 0) WHERE dataset = ? AND doc_id = ?"
)


class QueueMixin:
    """next_task / answer_task / release_claim over the claims table."""

    candidate_lock = ""  # PostgreSQL: FOR UPDATE OF d SKIP LOCKED

    if TYPE_CHECKING:

        def _exec(self, query: str, params: Sequence[Any] = ()) -> Any: ...
        def _write(self) -> Any: ...
        def _store_revision(self, dataset: str, ann: Annotation) -> tuple[Annotation, bool]: ...

    def next_task(
        self, dataset: str, annotator: str, overlap: int = 1, claim_seconds: float = 3600
    ) -> Task | None:
        """Claim the next document this annotator has not answered, honouring overlap and claims.

        A live claim the annotator already holds is handed back (and extended) first.
        """
        now = time.time()
        expires = now + claim_seconds
        with self._write():
            own = self._exec(
                "SELECT c.doc_id FROM claims c WHERE c.dataset = ? AND c.annotator = ?"
                " AND c.released_at IS NULL AND c.expires_at > ? ORDER BY c.claimed_at LIMIT 1",
                (dataset, annotator, now),
            ).fetchone()
            if own is not None:
                doc_id = own[0]
                self._exec(
                    "UPDATE claims SET expires_at = ? WHERE dataset = ? AND doc_id = ?"
                    " AND annotator = ?",
                    (expires, dataset, doc_id, annotator),
                )
                self._exec(_EXTEND, (expires, expires, dataset, doc_id))
                return Task(doc_id, dataset, annotator, sql.from_epoch(expires))
            doc_id = self._pick(dataset, annotator, overlap, now)
            if doc_id is None:
                return None
            self._exec(
                "INSERT INTO claims (dataset, doc_id, annotator, claimed_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (dataset, doc_id, annotator) DO UPDATE"
                " SET claimed_at = excluded.claimed_at, expires_at = excluded.expires_at,"
                " released_at = NULL",
                (dataset, doc_id, annotator, now, expires),
            )
            self._exec(_EXTEND, (expires, expires, dataset, doc_id))
        return Task(doc_id, dataset, annotator, sql.from_epoch(expires))

    def _pick(self, dataset: str, annotator: str, overlap: int, now: float) -> str | None:
        """The first open document in dataset order, locked for this transaction."""
        params = (dataset, overlap, annotator, now, annotator, now, overlap)
        for _ in range(100):
            row = self._exec(
                f"SELECT d.doc_id FROM dataset_docs d WHERE {_OPEN} ORDER BY d.id LIMIT 1"
                f" {self.candidate_lock}",
                params,
            ).fetchone()
            if row is None:
                return None
            if not self.candidate_lock:
                return row[0]
            # The row lock is held now; a fresh statement sees every claim committed before it.
            still = self._exec(
                f"SELECT 1 FROM dataset_docs d WHERE {_OPEN} AND d.doc_id = ?",
                (*params, row[0]),
            ).fetchone()
            if still is not None:
                return row[0]
        return None

    def answer_task(self, dataset: str, annotation: Annotation) -> Annotation:
        """Store an answer and release its claim; ClaimExpired (answer kept) if the claim ran out.

        The raised ClaimExpired carries the stored revision as `annotation`.
        """
        with self._write():
            stored, expired = self._store_revision(dataset, annotation)
        if expired:
            error = ClaimExpired(
                f"the claim of {annotation.annotator} on {annotation.doc_id} expired before this "
                f"answer arrived; the answer was stored as revision {stored.revision}"
            )
            error.annotation = stored  # type: ignore[attr-defined]
            raise error
        return stored

    def _release(self, dataset: str, doc_id: str, annotator: str, now: float) -> bool:
        """Release an annotator's claim (inside a write transaction); True if it had expired."""
        row = self._exec(
            "SELECT expires_at FROM claims WHERE dataset = ? AND doc_id = ? AND annotator = ?"
            " AND released_at IS NULL",
            (dataset, doc_id, annotator),
        ).fetchone()
        if row is None:
            return False
        self._exec(
            "UPDATE claims SET released_at = ? WHERE dataset = ? AND doc_id = ? AND annotator = ?",
            (now, dataset, doc_id, annotator),
        )
        self._exec(_RECOMPUTE, (dataset, doc_id))
        return float(row[0]) <= now

    def release_claim(self, dataset: str, doc_id: str, annotator: str) -> None:
        """Give a claimed document back to the pool without answering it (skip)."""
        with self._write():
            self._release(dataset, doc_id, annotator, time.time())

    def answered_count(self, dataset: str, annotator: str) -> int:
        """How many documents of a dataset this annotator has answered."""
        row = self._exec(
            "SELECT COUNT(DISTINCT doc_id) FROM revisions WHERE dataset = ? AND annotator = ?",
            (dataset, annotator),
        ).fetchone()
        return int(row[0])

    def open_claims(self, dataset: str) -> list[Task]:
        """Live claims of a dataset (not released, not expired), oldest first."""
        rows = self._exec(
            "SELECT doc_id, annotator, expires_at FROM claims WHERE dataset = ?"
            " AND released_at IS NULL AND expires_at > ? ORDER BY claimed_at, doc_id, annotator",
            (dataset, time.time()),
        ).fetchall()
        return [Task(d, dataset, a, sql.from_epoch(float(e))) for d, a, e in rows]
