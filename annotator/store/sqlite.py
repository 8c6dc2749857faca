"""The SQLite backend: one file, WAL mode, one connection per process, durable commits."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotator.store.base import StoreError
from annotator.store.common import SqlStore

BUSY_TIMEOUT_MS = 30_000


def path_from_url(url: str) -> Path:
    """The file path of a `sqlite:///relative.db` or `sqlite:////absolute.db` URL."""
    rest = url.removeprefix("sqlite://")
    if not rest.startswith("/") or rest == "/":
        raise StoreError(
            f"bad SQLite URL {url!r}; write sqlite:///file.db or sqlite:////abs/file.db"
        )
    return Path(rest[1:])


def _explain(exc: sqlite3.Error, path: Path) -> StoreError:
    """Turn a low-level SQLite error into a message a user can act on."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return StoreError(
            f"{path} is not a usable annotator database ({text}); restore it from a backup "
            "(annotator db restore) or point --db at another file"
        )
    if "locked" in text or "busy" in text:
        return StoreError(f"{path} stayed locked by another process for 30 s ({text}); retry")
    if "readonly" in text or "unable to open" in text:
        return StoreError(f"cannot write {path} ({text}); check the folder and its permissions")
    return StoreError(f"{path}: {text}")


class SqliteStore(SqlStore):
    """The default store: a single SQLite file next to the project, no server."""

    backend = "sqlite"

    def __init__(self, url: str, create: bool = True) -> None:
        """Open and migrate the database file named by the URL, creating it only if `create`."""
        self.url = url
        self.path = path_from_url(url)
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder; name a database file")
        self.created = not self.path.exists()
        if self.created and not create:
            raise StoreError(
                f"no database at {self.path} (create one with annotator import or annotator "
                "annotate)"
            )
        try:
            self._conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = FULL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(str(self.path))
        except sqlite3.Error as exc:
            self._close_quietly()
            raise _explain(exc, self.path) from None
        except StoreError:
            self._close_quietly()
            raise

    def _close_quietly(self) -> None:
        """Close the connection if it was opened."""
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()

    def close(self) -> None:
        """Release the connection."""
        self._conn.close()

    def discard_if_created(self) -> bool:
        """Close, and delete the file (with its WAL and SHM files) if this store created it."""
        self._close_quietly()
        if not self.created:
            return False
        for suffix in ("", "-wal", "-shm", "-journal"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        return True

    def _exec(self, query: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement and return its cursor."""
        try:
            return self._conn.execute(query, params)
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"{self.path}: refused: {exc}") from None
        except sqlite3.OperationalError as exc:
            if "syntax error" in str(exc) or "no such" in str(exc):
                raise
            raise _explain(exc, self.path) from None
        except sqlite3.DatabaseError as exc:
            raise _explain(exc, self.path) from None

    def _execmany(self, query: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for many parameter rows."""
        try:
            self._conn.executemany(query, rows)
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"{self.path}: refused: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise _explain(exc, self.path) from None

    @contextmanager
    def _write(self) -> Iterator[None]:
        """BEGIN IMMEDIATE: take the write lock first, so read-then-write cannot race."""
        self._exec("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        self._exec("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[None]:
        """A deferred transaction: one consistent snapshot for several reads."""
        self._exec("BEGIN")
        try:
            yield
        finally:
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")

    def integrity_check(self) -> str:
        """Run PRAGMA integrity_check and return its verdict ('ok' when sound)."""
        rows = self._exec("PRAGMA integrity_check").fetchall()
        return "; ".join(str(r[0]) for r in rows)

    def backup(self, target: Path) -> None:
        """Copy the live database to `target` with SQLite's online backup API."""
        if target.exists():
            raise StoreError(f"{target} exists; choose a new file name for the backup")
        try:
            dest = sqlite3.connect(target)
            with dest:
                self._conn.backup(dest)
            dest.close()
        except sqlite3.Error as exc:
            raise _explain(exc, target) from None

    def display_url(self) -> str:
        """The URL as given (it carries no secret)."""
        return f"sqlite:///{self.path}"
