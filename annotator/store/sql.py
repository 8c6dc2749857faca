"""Table definitions, versioned migrations and row codecs shared by the SQL backends."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError

from annotator.records import line_writer
from annotator.records.models import Annotation, Document, Suggestion
from annotator.store.base import DocumentParts

# Migration n brings a database from version n-1 to n. `{serial}` is an auto-increment primary
# key and `{real}` a double-precision float, filled in per backend.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE datasets (name TEXT PRIMARY KEY, created_at {real} NOT NULL)",
        "CREATE TABLE documents (doc_id TEXT PRIMARY KEY, text_sha256 TEXT NOT NULL,"
        " body TEXT NOT NULL, created_at {real} NOT NULL)",
        "CREATE TABLE dataset_docs (id {serial}, dataset TEXT NOT NULL REFERENCES datasets(name),"
        " doc_id TEXT NOT NULL REFERENCES documents(doc_id), answers INTEGER NOT NULL DEFAULT 0,"
        " UNIQUE (dataset, doc_id))",
        "CREATE INDEX dataset_docs_queue ON dataset_docs (dataset, id, answers)",
        "CREATE TABLE revisions (id {serial}, dataset TEXT NOT NULL, doc_id TEXT NOT NULL,"
        " annotator TEXT NOT NULL, revision INTEGER NOT NULL, answer TEXT NOT NULL,"
        " body TEXT NOT NULL, stored_at {real} NOT NULL,"
        " UNIQUE (dataset, doc_id, annotator, revision),"
        " FOREIGN KEY (dataset, doc_id) REFERENCES dataset_docs (dataset, doc_id))",
        "CREATE INDEX revisions_by_annotator ON revisions (dataset, annotator)",
        "CREATE TABLE journal (id {serial}, dataset TEXT NOT NULL, doc_id TEXT NOT NULL,"
        " annotator TEXT NOT NULL, seq INTEGER NOT NULL, op TEXT NOT NULL,"
        " created_at {real} NOT NULL, UNIQUE (dataset, doc_id, annotator, seq),"
        " FOREIGN KEY (dataset, doc_id) REFERENCES dataset_docs (dataset, doc_id))",
        "CREATE TABLE claims (dataset TEXT NOT NULL, doc_id TEXT NOT NULL,"
        " annotator TEXT NOT NULL, claimed_at {real} NOT NULL, expires_at {real} NOT NULL,"
        " released_at {real}, PRIMARY KEY (dataset, doc_id, annotator),"
        " FOREIGN KEY (dataset, doc_id) REFERENCES dataset_docs (dataset, doc_id))",
        "CREATE INDEX claims_by_annotator ON claims (dataset, annotator, expires_at)",
        "CREATE TABLE suggestions (dataset TEXT NOT NULL, doc_id TEXT NOT NULL,"
        " body TEXT NOT NULL, updated_at {real} NOT NULL, PRIMARY KEY (dataset, doc_id),"
        " FOREIGN KEY (dataset, doc_id) REFERENCES dataset_docs (dataset, doc_id))",
        "CREATE TABLE rejections (dataset TEXT NOT NULL, doc_id TEXT NOT NULL,"
        " annotator TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,"
        " label TEXT NOT NULL, created_at {real} NOT NULL,"
        " PRIMARY KEY (dataset, doc_id, annotator, span_start, span_end, label),"
        " FOREIGN KEY (dataset, doc_id) REFERENCES dataset_docs (dataset, doc_id))",
    ),
    # The latest expiry of a document's live claims, kept on its row so the queue scan can pass
    # unclaimed documents without looking into the claims table.
    2: (
        "ALTER TABLE dataset_docs ADD COLUMN claim_expires {real} NOT NULL DEFAULT 0",
        "UPDATE dataset_docs SET claim_expires = COALESCE((SELECT MAX(c.expires_at) FROM claims c"
        " WHERE c.dataset = dataset_docs.dataset AND c.doc_id = dataset_docs.doc_id"
        " AND c.released_at IS NULL), 0)",
        "DROP INDEX dataset_docs_queue",
        "CREATE INDEX dataset_docs_queue ON dataset_docs (dataset, id, answers, claim_expires, doc_id)",
    ),
    # Revision bodies may carry `session_id` (Prodigy's _session_id), which older tools reject.
    3: (),
}

# Every table the migrations create, and those without which a database is not annotator's.
TABLES = (
    "meta",
    "datasets",
    "documents",
    "dataset_docs",
    "revisions",
    "journal",
    "claims",
    "suggestions",
    "rejections",
)
CORE_TABLES = ("datasets", "documents", "dataset_docs", "revisions")

_SUGGESTIONS = TypeAdapter(list[Suggestion])
_VERSION = re.compile(r"[0-9]{1,9}")


def version_number(value: object) -> int | None:
    """The schema version a meta row holds, or None when it is not a version number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else None
    if isinstance(value, str) and _VERSION.fullmatch(value.strip()):
        return int(value)
    return None


META_TABLE = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


def newer_database_message(found: int, supported: int, where: str) -> str:
    """The refusal shown when a database was written by a newer version of the tool."""
    return (
        f"{where} has schema version {found}, but this annotator supports up to {supported}; "
        "upgrade annotator (pip install -U annotator) or open another database"
    )


@dataclass(frozen=True, slots=True)
class EncodedDocument:
    """A document serialised for its row: id, text hash and body."""

    doc_id: str
    text_sha256: str
    body: str


def encode_document(doc: Document | DocumentParts) -> EncodedDocument:
    """Serialise a document compactly: tokens as flat [start, end, ws] triples."""
    if isinstance(doc, DocumentParts):
        table = {
            "text": doc.text,
            "meta": doc.meta,
            "tokenizer": doc.tokenizer,
            "t": doc.tokens.ravel(),
        }
        encoded = orjson.dumps(table, option=orjson.OPT_SERIALIZE_NUMPY).decode()
        return EncodedDocument(doc.doc_id, doc.text_sha256, encoded)
    flat: list[int] = []
    for tok in doc.tokens:
        flat.extend((tok.start, tok.end, 1 if tok.ws else 0))
    body = {"text": doc.text, "meta": doc.meta, "tokenizer": doc.tokenizer, "t": flat}
    return EncodedDocument(doc.doc_id, doc.text_sha256, orjson.dumps(body).decode())


@dataclass(frozen=True, slots=True)
class Statements:
    """How a part of the store runs SQL: one statement, or a write transaction around several."""

    execute: Callable[[str, Sequence[Any]], Any]
    write: Callable[[], AbstractContextManager[None]]


def decode_document(doc_id: str, sha: str, body: str | bytes) -> Document:
    """Rebuild a stored document; rows were validated when written, so skip re-validation."""
    data = orjson.loads(body)
    text = data["text"]
    tokens = line_writer.tokens_from_flat(text, data["t"])
    return line_writer.document(doc_id, text, sha, data["meta"], tokens, data["tokenizer"])


def decode_document_view(doc_id: str, sha: str, body: str | bytes) -> line_writer.DocumentView:
    """A stored document as an export reads it: its tokens stay flat triples."""
    data = orjson.loads(body)
    return line_writer.DocumentView(
        doc_id, data["text"], sha, data["meta"], data["t"], data["tokenizer"]
    )


def encode_annotation(ann: Annotation) -> str:
    """Serialise an annotation revision as JSON with its canonical key names."""
    unset = {"session_id"} if ann.session_id is None else None
    return ann.model_dump_json(by_alias=True, exclude=unset)


# What decoding a damaged stored row can raise (JSON and pydantic errors are ValueErrors).
DECODE_ERRORS = (ValueError, KeyError, TypeError, IndexError, AttributeError, OverflowError)


def decode_problem(exc: BaseException) -> str:
    """A one-line account of why a stored row did not decode."""
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        first = errors[0]
        where = ".".join(str(part) for part in first["loc"])
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return f"{where}: {first['msg']}{more}" if where else f"{first['msg']}{more}"
    if isinstance(exc, orjson.JSONDecodeError):
        return f"invalid JSON: {exc}"
    return f"{type(exc).__name__}: {exc}"[:200]


def decode_annotation(body: str | bytes) -> Annotation:
    """Parse a stored annotation revision."""
    return Annotation.model_validate_json(body)


def encode_suggestions(suggestions: list[Suggestion]) -> str:
    """Serialise a list of suggestions."""
    return orjson.dumps([s.model_dump(mode="json") for s in suggestions]).decode()


def decode_suggestions(body: str | bytes) -> list[Suggestion]:
    """Parse stored suggestions."""
    return _SUGGESTIONS.validate_json(body)


def epoch(moment: datetime) -> float:
    """A timezone-aware datetime as epoch seconds."""
    return moment.timestamp()


def from_epoch(seconds: float) -> datetime:
    """Epoch seconds as a UTC datetime."""
    return datetime.fromtimestamp(seconds, UTC)


def same_content(a: Annotation, b: Annotation) -> bool:
    """Whether two revisions say the same thing (answer and spans), ignoring times and numbers."""

    def spans(ann: Annotation) -> list[tuple[Any, ...]]:
        return sorted(
            (s.start, s.end, s.label, orjson.dumps(s.attrs, option=orjson.OPT_SORT_KEYS))
            for s in ann.spans
        )

    return a.answer == b.answer and spans(a) == spans(b)
