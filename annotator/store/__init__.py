"""Persistence behind one protocol; `open_store(url)` picks SQLite or PostgreSQL by the URL."""

from __future__ import annotations

from annotator.store.base import (
    SCHEMA_VERSION,
    AddResult,
    BadRowError,
    ClaimExpired,
    DocumentParts,
    JournalEntry,
    SkippedRows,
    Store,
    StoreError,
    SuggestionStore,
    Task,
    TaskQueue,
)

__all__ = [
    "SCHEMA_VERSION",
    "AddResult",
    "BadRowError",
    "ClaimExpired",
    "DocumentParts",
    "JournalEntry",
    "SkippedRows",
    "Store",
    "StoreError",
    "SuggestionStore",
    "Task",
    "TaskQueue",
    "open_store",
]


def open_store(url: str, create: bool = True, read_only: bool = False) -> Store:
    """Open the store a URL names: sqlite:///file.db or postgresql://user@host/db.

    With `create=False` a SQLite file that does not exist is a StoreError instead of a new,
    empty database. `read_only` (commands that only read) never writes: SQLite opens with
    `mode=ro`, PostgreSQL sessions are read-only, and a database without annotator's tables
    is refused as "not an annotator database" rather than given them.
    """
    if url.startswith("sqlite:"):
        from annotator.store.sqlite import SqliteStore

        return SqliteStore(url, create=create and not read_only, read_only=read_only)
    if url.startswith(("postgresql://", "postgres://")):
        from annotator.store.postgres import PostgresStore

        return PostgresStore(url, read_only=read_only)
    raise StoreError(
        f"unknown database URL {url!r}; use sqlite:///annotator.db or postgresql://user@host/db"
    )
