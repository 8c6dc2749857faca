"""Persistence behind one protocol; `open_store(url)` picks SQLite or PostgreSQL by the URL."""

from __future__ import annotations

from annotator.store.base import (
    SCHEMA_VERSION,
    AddResult,
    ClaimExpired,
    JournalEntry,
    Store,
    StoreError,
    Task,
)

__all__ = [
    "SCHEMA_VERSION",
    "AddResult",
    "ClaimExpired",
    "JournalEntry",
    "Store",
    "StoreError",
    "Task",
    "open_store",
]


def open_store(url: str, create: bool = True) -> Store:
    """Open the store a URL names: sqlite:///file.db or postgresql://user@host/db.

    With `create=False` (commands that only read) a SQLite file that does not exist is a
    StoreError instead of a new, empty database.
    """
    if url.startswith("sqlite:"):
        from annotator.store.sqlite import SqliteStore

        return SqliteStore(url, create=create)
    if url.startswith(("postgresql://", "postgres://")):
        from annotator.store.postgres import PostgresStore

        return PostgresStore(url)
    raise StoreError(
        f"unknown database URL {url!r}; use sqlite:///annotator.db or postgresql://user@host/db"
    )
