"""Backup and restore: SQLite's online backup, or a consistent JSONL dump of any backend."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson

from annotator.errors import Refusal
from annotator.records.models import canonical
from annotator.store import sql
from annotator.store.base import SCHEMA_VERSION, BadRowError, StoreError

if TYPE_CHECKING:
    from annotator.store.common import SqlStore

DUMP_FORMAT = "annotator-dump"
SQLITE_MAGIC = b"SQLite format 3\x00"


def backup(store: SqlStore, target: Path) -> str:
    """Write a JSONL dump of the store to `target`; return what kind of backup it is."""
    if target.exists():
        raise StoreError(f"{target} exists; choose a new file name for the backup")
    tmp = target.with_name(f".{target.name}.partial")
    try:
        with tmp.open("wb") as handle:
            written = 0
            for entry in dump_entries(store):
                if entry["kind"] == "header":  # the last line counts the entries
                    entry = {**entry, "trailer": True}
                handle.write(orjson.dumps(entry) + b"\n")
                written += 1
            handle.write(orjson.dumps({"kind": "end", "entries": written}) + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return "JSONL dump, one consistent snapshot"


def dump_entries(store: SqlStore) -> Iterator[dict[str, Any]]:
    """Every document, revision (as a canonical record), edit, suggestion and rejection."""
    with store._read():
        yield {
            "kind": "header",
            "format": DUMP_FORMAT,
            "schema_version": store.schema_version(),
            "backend": store.backend,
        }
        for dataset in store.datasets():
            yield from _dataset_entries(store, dataset)


def _dataset_entries(store: SqlStore, dataset: str) -> Iterator[dict[str, Any]]:
    """Entries of one dataset, in insertion order."""
    yield {"kind": "dataset", "dataset": dataset}
    for doc_id, sha, body in store._stream(
        "SELECT d.doc_id, doc.text_sha256, doc.body FROM dataset_docs d JOIN documents doc"
        " ON doc.doc_id = d.doc_id WHERE d.dataset = ? ORDER BY d.id",
        (dataset,),
    ):
        yield {"kind": "document", "dataset": dataset, "doc_id": doc_id, "sha": sha, "body": body}
    last = None
    for doc_id, sha, doc_body, ann_body in store._stream(
        "SELECT r.doc_id, doc.text_sha256, doc.body, r.body FROM revisions r JOIN documents doc"
        " ON doc.doc_id = r.doc_id WHERE r.dataset = ? ORDER BY r.id",
        (dataset,),
    ):
        if last is None or last.doc_id != doc_id:
            last = _decoded(f"stored document {doc_id}", sql.decode_document, doc_id, sha, doc_body)
        what = f"stored revision of doc {doc_id} in dataset {dataset!r}"
        record = canonical(last, _decoded(what, sql.decode_annotation, ann_body))
        yield {"kind": "revision", "dataset": dataset, "record": record.to_json_dict()}
    for doc_id, annotator, seq, op, created in store._stream(
        "SELECT doc_id, annotator, seq, op, created_at FROM journal WHERE dataset = ? ORDER BY id",
        (dataset,),
    ):
        yield {
            "kind": "edit",
            "dataset": dataset,
            "doc_id": doc_id,
            "annotator": annotator,
            "seq": seq,
            "op": _decoded(f"stored edit {seq} of doc {doc_id} by {annotator}", orjson.loads, op),
            "created_at": created,
        }
    for doc_id, body in store._stream(
        "SELECT doc_id, body FROM suggestions WHERE dataset = ? ORDER BY doc_id", (dataset,)
    ):
        yield {"kind": "suggestions", "dataset": dataset, "doc_id": doc_id, "body": body}
    for row in store._stream(
        "SELECT doc_id, annotator, span_start, span_end, label FROM rejections"
        " WHERE dataset = ? ORDER BY created_at",
        (dataset,),
    ):
        yield {"kind": "rejection", "dataset": dataset, "key": list(row)}


def restore(store: SqlStore, source: Path) -> dict[str, int]:
    """Load a backup (SQLite file or JSONL dump) into an empty store, in one transaction.

    Any failure rolls everything back, so the store is as empty as before and a retry works.
    """
    if source.stat().st_size == 0:
        raise StoreError(Refusal.BAD_BACKUP.format(source=source, detail="the file is empty"))
    with source.open("rb") as handle:
        magic = handle.read(len(SQLITE_MAGIC))
    with store._exclusive():
        existing = store.datasets()
        if existing:
            from annotator.store.sqlite import SqliteStore

            near = store.path if isinstance(store, SqliteStore) else Path("restored.db")
            raise StoreError(
                f"{store.display_url()} already holds dataset(s) {', '.join(existing)}; restore "
                f"into an empty database, for example --db {unused_sqlite_url(near)}"
            )
        if magic == SQLITE_MAGIC:
            return _restore_sqlite_file(store, source)
        with source.open("rb") as handle:
            return load_entries(store, _jsonl_entries(handle, source), source, numbered=True)


def unused_sqlite_url(near: Path) -> str:
    """A sqlite URL for a file next to `near` that does not exist yet (name-restored.db, -2...)."""
    stem = near.stem if near.stem.endswith("restored") else f"{near.stem}-restored"
    suffix = near.suffix or ".db"
    candidate = near.with_name(f"{stem}{suffix}")
    number = 2
    while candidate.exists() or candidate == near:
        candidate = near.with_name(f"{stem}-{number}{suffix}")
        number += 1
    return f"sqlite:///{candidate}"


def _jsonl_entries(handle: IO[bytes], source: Path) -> Iterator[dict[str, Any]]:
    """Parse dump lines, naming the line of any that is unreadable."""
    for number, raw in enumerate(handle, start=1):
        try:
            entry = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise StoreError(f"{source}:{number}: not a line of an annotator dump") from None
        if number == 1 and (not isinstance(entry, dict) or entry.get("format") != DUMP_FORMAT):
            raise StoreError(f"{source}: not an annotator backup (no dump header on line 1)")
        yield entry


def _restore_sqlite_file(store: SqlStore, source: Path) -> dict[str, int]:
    """Read a SQLite backup through a scratch copy (the backup file itself is never touched)."""
    from annotator.store.sqlite import SqliteStore

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "backup.db"
        shutil.copyfile(source, copy)
        try:
            origin = SqliteStore(f"sqlite:///{copy}", read_only=True, label=source)
            verdict = origin.integrity_check(quick=True)
        except StoreError as exc:
            if "upgrade annotator" in str(exc):
                raise
            raise StoreError(Refusal.BAD_BACKUP.format(source=source, detail=exc.detail)) from None
        try:
            if verdict != "ok":
                detail = verdict[:200]
                raise StoreError(Refusal.BAD_BACKUP.format(source=source, detail=detail))
            return load_entries(store, dump_entries(origin), source, numbered=False)
        finally:
            origin.close()


def load_entries(
    store: SqlStore, entries: Iterator[dict[str, Any]], source: Path, numbered: bool
) -> dict[str, int]:
    """Write dump entries into the store, keeping revision numbers, edit sequences and times.

    Call it inside one transaction (`restore` does). Messages name `source` and the entry:
    its line when `numbered` (a JSONL dump), else its position.
    """
    counts = {"datasets": 0, "documents": 0, "revisions": 0, "edits": 0}
    docs: list[sql.EncodedDocument] = []
    dataset = ""
    trailer = False
    promised: int | None = None
    number = 0

    def where(n: int) -> str:
        return f"{source}:{n}" if numbered else f"{source} (entry {n})"

    def flush_documents() -> None:
        if docs:
            counts["documents"] += store.add_encoded(dataset, docs).added
            docs.clear()

    for number, entry in enumerate(entries, start=1):
        kind = entry.get("kind") if isinstance(entry, dict) else None
        try:
            if promised is not None:
                raise ValueError("an entry follows the end line")
            if kind == "header":
                found = int(entry.get("schema_version", 0))
                if found > SCHEMA_VERSION:
                    raise StoreError(sql.newer_database_message(found, SCHEMA_VERSION, "backup"))
                trailer = bool(entry.get("trailer"))
            elif kind == "end":
                promised = int(entry["entries"])
            elif kind == "dataset":
                flush_documents()
                dataset = _text(entry, "dataset")
                counts["datasets"] += 1
                store._ensure_dataset(dataset)
            elif kind == "document":
                fields = (_text(entry, "doc_id"), _text(entry, "sha"), _text(entry, "body"))
                docs.append(sql.EncodedDocument(*fields))
                if len(docs) >= 500:
                    flush_documents()
            elif kind in ("revision", "edit", "suggestions", "rejection"):
                flush_documents()
                _load_row(store, dataset, entry)
                if kind in ("revision", "edit"):
                    counts["revisions" if kind == "revision" else "edits"] += 1
            else:
                raise ValueError(f"unknown entry kind {str(kind)[:40]!r}")
        except StoreError as exc:
            raise StoreError(f"{where(number)}: {exc}", exc.detail) from None
        except sql.DECODE_ERRORS as exc:
            detail = sql.decode_problem(exc)
            raise StoreError(
                f"{where(number)}: not a valid {kind or 'dump'} entry ({detail})"
            ) from None
    flush_documents()
    if trailer and promised != number - 1:
        detail = f"it stops after {number} line(s), without the end line a whole dump has"
        raise StoreError(Refusal.BAD_BACKUP.format(source=source, detail=detail))
    return counts


def _text(entry: dict[str, Any], key: str) -> str:
    """A string field of a dump entry, or a TypeError naming it."""
    value = entry[key]
    if not isinstance(value, str):
        raise TypeError(f"{key!r} must be a string")
    return value


def _load_row(store: SqlStore, dataset: str, entry: dict[str, Any]) -> None:
    """Insert one revision, edit, suggestion list or rejection as it was (in a transaction)."""
    from annotator.records.models import CanonicalRecord

    kind = entry.get("kind")
    if entry.get("dataset", dataset) != dataset:
        raise ValueError(f"it belongs to dataset {entry.get('dataset')!r}, not {dataset!r}")
    if kind == "revision":
        record = CanonicalRecord.model_validate_json(orjson.dumps(entry["record"]))
        store._store_revision(dataset, record.annotation)
    elif kind == "edit":
        seq, created = entry["seq"], entry["created_at"]
        if not isinstance(seq, int) or not isinstance(created, int | float):
            raise TypeError("'seq' must be an integer and 'created_at' a number")
        store._exec(
            "INSERT INTO journal (dataset, doc_id, annotator, seq, op, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                dataset,
                _text(entry, "doc_id"),
                _text(entry, "annotator"),
                seq,
                orjson.dumps(entry["op"]).decode(),
                created,
            ),
        )
    elif kind == "suggestions":
        store._exec(
            "INSERT INTO suggestions (dataset, doc_id, body, updated_at) VALUES (?, ?, ?, ?)",
            (dataset, _text(entry, "doc_id"), _text(entry, "body"), 0.0),
        )
    elif kind == "rejection":
        doc_id, annotator, start, end, label = entry["key"]
        store._exec(
            "INSERT INTO rejections (dataset, doc_id, annotator, span_start, span_end, label,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, 0)",
            (dataset, doc_id, annotator, start, end, label),
        )


def _decoded(what: str, decode: Callable[..., Any], *row: Any) -> Any:
    """Decode a stored row for a backup, or refuse naming it (a backup never skips a row)."""
    try:
        return decode(*row)
    except sql.DECODE_ERRORS as exc:
        detail = sql.decode_problem(exc)
        raise BadRowError(Refusal.BAD_ROW_NO_SKIP.format(what=what, detail=detail)) from None
