"""The task queue: claims with expiry, an overlap setting, and answers that report late claims."""

from __future__ import annotations

import time

from annotator.store import sql
from annotator.store.base import Task

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


class SqlQueue:
    """next_task / release_claim / open_claims over the claims table of a store's database."""

    def __init__(self, statements: sql.Statements, candidate_lock: str = "") -> None:
        """Queue over the database `statements` reach; `candidate_lock` is PostgreSQL's row lock."""
        self._exec = statements.execute
        self._write = statements.write
        self._candidate_lock = candidate_lock

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
                f" {self._candidate_lock}",
                params,
            ).fetchone()
            if row is None:
                return None
            if not self._candidate_lock:
                return row[0]
            # The row lock is held now; a fresh statement sees every claim committed before it.
            still = self._exec(
                f"SELECT 1 FROM dataset_docs d WHERE {_OPEN} AND d.doc_id = ?",
                (*params, row[0]),
            ).fetchone()
            if still is not None:
                return row[0]
        return None

    def end_claim(self, dataset: str, doc_id: str, annotator: str, now: float) -> bool:
        """Release an annotator's claim inside the caller's write transaction; True if expired."""
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
            self.end_claim(dataset, doc_id, annotator, time.time())

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
