"""The SQLite backend: one file, WAL mode, one connection per process, durable commits."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from annotator.errors import Refusal
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
        message = (
            f"{path} is not a usable annotator database ({text}); restore it from a backup "
            "(annotator db restore BACKUP --db sqlite:///new.db) or point --db at another file"
        )
    elif "locked" in text or "busy" in text:
        message = f"{path} stayed locked by another process for 30 s ({text}); retry"
    elif "readonly" in text or "unable to open" in text:
        message = f"cannot write {path} ({text}); check the folder and its permissions"
    else:
        message = f"{path}: {text}"
    return StoreError(message, detail=text)


class _QuickCheck:
    """`PRAGMA quick_check` of a file on a read-only connection and a thread of its own.

    SQLite releases the GIL while it checks, so the check overlaps whatever the command does
    before its first write (the annotation screen: importing Textual and building the app).
    """

    def __init__(self, path: Path) -> None:
        """Start checking the file."""
        self._uri = f"file:{quote(str(path.absolute()))}?mode=ro"
        self._conn: sqlite3.Connection | None = None
        self._verdict = ""
        self._error: sqlite3.Error | None = None
        self._thread = threading.Thread(target=self._run, name="sqlite-quick-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        """Thread: run the check and keep its verdict or error."""
        try:
            self._conn = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            rows = self._conn.execute("PRAGMA quick_check").fetchall()
            self._verdict = "; ".join(str(r[0]) for r in rows)
        except sqlite3.Error as exc:
            self._error = exc
        finally:
            if self._conn is not None:
                self._conn.close()

    def result(self) -> str:
        """Wait for the verdict ('ok' when sound); raise the check's own SQLite error."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._verdict

    def cancel(self) -> None:
        """Stop the check (the store closes before it was needed)."""
        conn = self._conn
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.interrupt()
        self._thread.join()


class SqliteStore(SqlStore):
    """The default store: a single SQLite file next to the project, no server."""

    backend = "sqlite"

    def __init__(
        self, url: str, create: bool = True, read_only: bool = False, label: Path | None = None
    ) -> None:
        """Open the database file named by the URL, creating it only if `create`.

        Read-only, the file is opened with `mode=ro` and never written (nor switched to WAL);
        otherwise it is checked (`PRAGMA quick_check`) before anything is written and migrated.
        `label` is the path messages name, when the file opened is a copy of it.
        """
        self.url = url
        self.path = path_from_url(url)
        self.shown = label or self.path
        self.read_only = read_only
        self._pending_check: _QuickCheck | None = None
        self._damage: StoreError | None = None
        if self.path.is_dir():
            raise StoreError(f"{self.shown} is a folder; name a database file")
        self.created = not self.path.exists()
        if self.created and (read_only or not create):
            raise StoreError(Refusal.NO_DATABASE.format(where=self.shown))
        if not self.created and self.path.stat().st_size == 0:
            raise StoreError(Refusal.EMPTY_FILE.format(where=self.shown))
        try:
            self._conn = self._connect()
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._open_schema(str(self.shown), read_only)
        except sqlite3.Error as exc:
            self._close_quietly()
            raise _explain(exc, self.shown) from None
        except BaseException:
            self._close_quietly()
            raise

    def _connect(self) -> sqlite3.Connection:
        """A connection to the file: read-only (`mode=ro`) or read-write."""
        timeout = BUSY_TIMEOUT_MS / 1000
        if not self.read_only:
            return sqlite3.connect(self.path, isolation_level=None, timeout=timeout)
        uri = f"file:{quote(str(self.path.absolute()))}?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout)
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            return conn
        except sqlite3.OperationalError as exc:
            if "unable to open" not in str(exc) or self._pending_wal():
                raise
        # A WAL database on read-only media, with no writer: SQLite cannot make its shared-memory
        # file there, and with no pending WAL the main file alone is the whole database.
        return sqlite3.connect(
            f"{uri}&immutable=1", uri=True, isolation_level=None, timeout=timeout
        )

    def _pending_wal(self) -> bool:
        """Whether a non-empty write-ahead log sits beside the file (a writer may be active)."""
        wal = self.path.with_name(self.path.name + "-wal")
        return wal.exists() and wal.stat().st_size > 0

    def _table_columns(self) -> dict[str, set[str]]:
        """Tables of the database and their columns."""
        rows = self._exec(
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p"
            " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        ).fetchall()
        tables: dict[str, set[str]] = {}
        for table, column in rows:
            tables.setdefault(table, set()).add(column)
        return tables

    def _prepare_writes(self, found: int) -> None:
        """Durable commits; a new file goes to WAL now, an existing one once it passed its check.

        The check of an existing file (`PRAGMA quick_check`, about a millisecond per MB) runs on a
        thread of its own from here on; `check_before_writing` waits for it before the first write.
        """
        self._conn.execute("PRAGMA synchronous = FULL")
        if found:
            self._pending_check = _QuickCheck(self.path)
        else:
            self._conn.execute("PRAGMA journal_mode = WAL")

    def check_before_writing(self) -> None:
        """Wait for the check of the file begun on open; StoreError (and no write) if damaged."""
        if self._damage is not None:
            raise StoreError(str(self._damage), self._damage.detail)
        check, self._pending_check = self._pending_check, None
        if check is None:
            return
        try:
            verdict = check.result()
        except sqlite3.Error as exc:
            self._damage = _explain(exc, self.shown)
            raise StoreError(str(self._damage), self._damage.detail) from None
        if verdict != "ok":
            detail = verdict[:200]
            self._damage = StoreError(
                Refusal.DAMAGED.format(where=self.shown, detail=detail), detail
            )
            raise StoreError(str(self._damage), detail)
        self._conn.execute("PRAGMA journal_mode = WAL")

    def _upgrade_for_reading(self, where: str, found: int) -> None:
        """Upgrade an older database through a short read-write connection, then read on."""
        try:
            SqliteStore(self.url, create=False, label=self.shown).close()
        except StoreError as exc:
            raise StoreError(
                Refusal.UPGRADE_NEEDS_WRITE.format(where=where, found=found, detail=exc.detail)
            ) from None

    def _close_quietly(self) -> None:
        """Stop a running check and close the connection if it was opened."""
        if self._pending_check is not None:
            self._pending_check.cancel()
            self._pending_check = None
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()

    def close(self) -> None:
        """Finish open streams, then release the connection."""
        self._end_streams()
        self._close_quietly()

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
            raise StoreError(f"{self.shown}: refused: {exc}") from None
        except sqlite3.OperationalError as exc:
            if "syntax error" in str(exc) or "no such" in str(exc):
                raise
            raise _explain(exc, self.shown) from None
        except sqlite3.DatabaseError as exc:
            raise _explain(exc, self.shown) from None

    def _execmany(self, query: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run one statement for many parameter rows; return how many rows it changed."""
        try:
            return self._conn.executemany(query, rows).rowcount
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"{self.shown}: refused: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise _explain(exc, self.shown) from None

    def _stream_rows(self, query: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        """Iterate a result; a damaged page met on the way is explained, not raised raw."""
        cursor = self._exec(query, params)
        try:
            for row in cursor:  # noqa: UP028 (`yield from` would close the cursor on close())
                yield row
        except sqlite3.DatabaseError as exc:
            raise _explain(exc, self.shown) from None

    @contextmanager
    def _write(self) -> Iterator[None]:
        """BEGIN IMMEDIATE: take the write lock first, so read-then-write cannot race.

        Inside another write it is a savepoint: its own failure undoes only its own work, and
        everything commits (or rolls back) with the outer transaction.
        """
        self.check_before_writing()
        if self._conn.in_transaction:
            self._exec("SAVEPOINT inner_write")
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK TO inner_write")
                self._conn.execute("RELEASE inner_write")
                raise
            self._exec("RELEASE inner_write")
            return
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
        """A deferred transaction: one consistent snapshot for several reads (or the outer one)."""
        if self._conn.in_transaction:
            yield
            return
        self._exec("BEGIN")
        try:
            yield
        finally:
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")

    def integrity_check(self, quick: bool = False) -> str:
        """Run PRAGMA integrity_check (or the faster quick_check); its verdict, 'ok' when sound."""
        rows = self._exec(f"PRAGMA {'quick_check' if quick else 'integrity_check'}").fetchall()
        return "; ".join(str(r[0]) for r in rows)

    def backup(self, target: Path) -> str:
        """Copy the live database to `target` with SQLite's online backup API; say so."""
        if target.exists():
            raise StoreError(f"{target} exists; choose a new file name for the backup")
        try:
            dest = sqlite3.connect(target)
            with dest:
                self._conn.backup(dest)
            dest.close()
        except sqlite3.Error as exc:
            raise _explain(exc, target) from None
        return "SQLite online backup"

    def display_url(self) -> str:
        """The URL as given (it carries no secret)."""
        return f"sqlite:///{self.shown}"
