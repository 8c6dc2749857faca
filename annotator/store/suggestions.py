"""Suggestions, stored apart from annotations, and the suggested spans annotators rejected."""

from __future__ import annotations

import time

from annotator.records.models import Suggestion
from annotator.store import sql


class SqlSuggestions:
    """Suggestions and their rejections over the suggestions and rejections tables."""

    def __init__(self, statements: sql.Statements) -> None:
        """Suggestions in the database `statements` reach."""
        self._exec = statements.execute
        self._write = statements.write

    def replace(self, dataset: str, doc_id: str, suggestions: list[Suggestion]) -> None:
        """Replace the stored suggestions of a document."""
        with self._write():
            self._exec(
                "INSERT INTO suggestions (dataset, doc_id, body, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (dataset, doc_id) DO UPDATE SET body = excluded.body,"
                " updated_at = excluded.updated_at",
                (dataset, doc_id, sql.encode_suggestions(suggestions), time.time()),
            )

    def get(self, dataset: str, doc_id: str, annotator: str | None = None) -> list[Suggestion]:
        """Stored suggestions of a document, without those `annotator` rejected."""
        row = self._exec(
            "SELECT body FROM suggestions WHERE dataset = ? AND doc_id = ?", (dataset, doc_id)
        ).fetchone()
        found = sql.decode_suggestions(row[0]) if row else []
        if annotator is None:
            return found
        rejected = self.rejected(dataset, doc_id, annotator)
        return [s for s in found if s.span.key not in rejected]

    def reject(
        self, dataset: str, doc_id: str, annotator: str, start: int, end: int, label: str
    ) -> None:
        """Record that an annotator rejected a suggested span so it never comes back for them."""
        with self._write():
            self._exec(
                "INSERT INTO rejections (dataset, doc_id, annotator, span_start, span_end, label,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (dataset, doc_id, annotator, start, end, label, time.time()),
            )

    def unreject(
        self, dataset: str, doc_id: str, annotator: str, start: int, end: int, label: str
    ) -> None:
        """Forget an annotator's rejection of a suggested span so it is offered to them again."""
        with self._write():
            self._exec(
                "DELETE FROM rejections WHERE dataset = ? AND doc_id = ? AND annotator = ?"
                " AND span_start = ? AND span_end = ? AND label = ?",
                (dataset, doc_id, annotator, start, end, label),
            )

    def rejected(self, dataset: str, doc_id: str, annotator: str) -> set[tuple[int, int, str]]:
        """The (start, end, label) keys an annotator rejected on a document."""
        rows = self._exec(
            "SELECT span_start, span_end, label FROM rejections WHERE dataset = ? AND doc_id = ?"
            " AND annotator = ?",
            (dataset, doc_id, annotator),
        ).fetchall()
        return {(int(s), int(e), str(label)) for s, e, label in rows}
