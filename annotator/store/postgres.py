"""The PostgreSQL backend (psycopg 3) for teams: same tables, row locks with SKIP LOCKED."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from annotator.store import sql
from annotator.store.base import StoreError
from annotator.store.common import SqlStore

_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def split_url(url: str) -> tuple[str, str]:
    """Separate the `schema=` query parameter (ours, not libpq's) from the connection URL."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), "public")
    if not _SCHEMA_NAME.match(schema):
        raise StoreError(f"schema name {schema!r} in the URL must be letters, digits, underscores")
    kept = urlencode([(k, v) for k, v in query if k != "schema"])
    scheme = "postgresql" if parts.scheme == "postgres" else parts.scheme
    return urlunsplit((scheme, parts.netloc, parts.path, kept, parts.fragment)), schema


def _psycopg() -> Any:
    """Import psycopg or explain how to install it."""
    try:
        import psycopg
    except ImportError:
        raise StoreError("PostgreSQL needs psycopg 3: pip install 'annotator[postgres]'") from None
    return psycopg


class PostgresStore(SqlStore):
    """A store on a PostgreSQL server, for several annotators on several machines."""

    backend = "postgresql"
    serial_type = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
    real_type = "DOUBLE PRECISION"
    candidate_lock = "FOR UPDATE OF d SKIP LOCKED"

    def __init__(self, url: str, read_only: bool = False) -> None:
        """Connect, select the schema named in the URL, and check or create its tables.

        Read-only, nothing is created (not even the schema) and the session refuses writes.
        """
        self.url = url
        self.read_only = read_only
        self._tables_locked = False
        psycopg = _psycopg()
        self._errors = psycopg.errors
        self._idle = psycopg.pq.TransactionStatus.IDLE
        conninfo, self.schema = split_url(url)
        try:
            self._conn = psycopg.connect(conninfo, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {self.display_url()}: {exc}".strip()) from None
        try:
            if self.schema != "public" and not read_only:
                with self._conn.transaction():
                    self._serialize("schema migration")
                    self._conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
            self._conn.execute(f'SET search_path TO "{self.schema}"')
            self._open_schema(self.display_url(), read_only)
            if read_only:
                self._conn.execute("SET default_transaction_read_only = on")
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        """Finish open streams, then release the connection."""
        self._end_streams()
        self._conn.close()

    def _table_columns(self) -> dict[str, set[str]]:
        """Tables of the URL's schema and their columns."""
        rows = self._exec(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ?",
            (self.schema,),
        ).fetchall()
        tables: dict[str, set[str]] = {}
        for table, column in rows:
            tables.setdefault(table, set()).add(column)
        return tables

    def _exec(self, query: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement and return its cursor."""
        try:
            return self._conn.execute(query.replace("?", "%s"), params)
        except (self._errors.IntegrityError, self._errors.DataError) as exc:
            raise StoreError(f"refused by the database: {exc}".strip()) from None

    def _execmany(self, query: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run one statement for many parameter rows (pipelined); return the rows it changed."""
        try:
            with self._conn.cursor() as cur:
                cur.executemany(query.replace("?", "%s"), list(rows))
                return max(cur.rowcount, 0)
        except (self._errors.IntegrityError, self._errors.DataError) as exc:
            raise StoreError(f"refused by the database: {exc}".strip()) from None

    @contextmanager
    def _write(self) -> Iterator[None]:
        """A READ COMMITTED transaction; writers serialise on row or advisory locks."""
        with self._conn.transaction():
            yield

    @contextmanager
    def _read(self) -> Iterator[None]:
        """A REPEATABLE READ transaction: one snapshot for several reads (or the outer one)."""
        if self._conn.info.transaction_status != self._idle:
            yield
            return
        with self._conn.transaction():
            self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One transaction holding every annotator table exclusively (a restore).

        Per-key advisory locks are then redundant, and skipped: thousands of them in one
        transaction would fill PostgreSQL's lock table.
        """
        with self._conn.transaction():
            self._exec(f"LOCK TABLE {', '.join(sql.TABLES)} IN EXCLUSIVE MODE")
            self._tables_locked = True
            try:
                yield
            finally:
                self._tables_locked = False

    def _serialize(self, *key: str) -> None:
        """Take a transaction-scoped advisory lock on a (dataset, document, annotator) key."""
        if self._tables_locked:
            return
        self._exec("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", ("\x1f".join(key),))

    def _stream_rows(self, query: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        """Stream rows through a server-side cursor in one snapshot."""
        with self._conn.transaction(), self._conn.cursor(name="annotator_stream") as cur:
            cur.itersize = 500
            cur.execute(query.replace("?", "%s"), params)
            yield from cur

    def display_url(self) -> str:
        """The URL with any password masked."""
        parts = urlsplit(self.url)
        netloc = parts.netloc
        if "@" in netloc:
            auth, host = netloc.rsplit("@", 1)
            user = auth.split(":", 1)[0]
            netloc = f"{user}:***@{host}" if ":" in auth else f"{user}@{host}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
