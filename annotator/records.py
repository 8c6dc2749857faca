"""Strict, frozen pydantic models of documents, spans, annotations and the canonical JSONL line."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import UTC, datetime
from operator import itemgetter
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationInfo,
    model_validator,
)

from annotator import hashing
from annotator.record_checks import (
    TokenLists,
    record_issues,
    record_issues_with_tokens,
    token_issues,
    token_list_issues,
)
from annotator.text import TokenIndex, doc_id_from_sha256, text_sha256

__all__ = [
    "Annotation",
    "Answer",
    "CanonicalRecord",
    "Document",
    "NonNegative",
    "Span",
    "Suggestion",
    "Token",
    "TokenLists",
    "Tokens",
    "canonical",
    "make_document",
    "make_span",
    "now_utc",
    "record_issues",
    "record_issues_with_tokens",
    "span_id",
    "token_bounds",
    "token_dicts",
    "token_issues",
    "token_list_issues",
]

Answer = Literal["accept", "reject", "ignore"]
NonNegative = Annotated[int, Field(ge=0)]

_STRICT = ConfigDict(strict=True, frozen=True, extra="forbid")


class Token(BaseModel):
    """One token: its text, code point offsets (end-exclusive), index and trailing whitespace."""

    model_config = _STRICT
    text: str
    start: NonNegative
    end: NonNegative
    id: NonNegative
    ws: bool


class Span(BaseModel):
    """A labelled span: code point offsets, inclusive token indices, label, text, attributes."""

    model_config = _STRICT
    start: NonNegative
    end: NonNegative
    token_start: NonNegative
    token_end: NonNegative
    label: Annotated[str, Field(min_length=1)]
    text: str
    attrs: dict[str, JsonValue] = Field(default_factory=dict)
    id: str = ""

    @property
    def key(self) -> tuple[int, int, str]:
        """Identity of a span for dedupe and comparison: offsets and label."""
        return (self.start, self.end, self.label)


def reading_order(span: Span) -> tuple[int, int, str]:
    """Sort key of spans in reading order: start, longer first, then label."""
    return (span.start, -span.end, span.label)


class Suggestion(BaseModel):
    """A proposed span from a pattern or model, stored apart and never exported as gold."""

    model_config = _STRICT
    span: Span
    source: str
    score: Annotated[float, Field(ge=0.0, le=1.0)] = 1.0


class Tokens(tuple):
    """A document's Token objects, with their field dicts and offsets kept for fast readers.

    `dicts` are the tokens' own `__dict__`s (shared, not copied), in one list so a JSON writer
    does not visit every token object; `starts` and `ends` are the offsets as compact arrays
    for span checks. Equality and hashing are the tuple's.
    """

    dicts: list[dict[str, Any]]
    starts: array[int]
    ends: array[int]

    @classmethod
    def of(
        cls,
        tokens: tuple[Token, ...],
        dicts: list[dict[str, Any]] | None = None,
        bounds: tuple[array[int], array[int]] | None = None,
    ) -> Tokens:
        """Wrap Token objects, with their field dicts and offsets when the caller has them."""
        wrapped = cls(tokens)
        wrapped.dicts = [t.__dict__ for t in tokens] if dicts is None else dicts
        if bounds is None:
            bounds = array("q", map(_START, wrapped.dicts)), array("q", map(_END, wrapped.dicts))
        wrapped.starts, wrapped.ends = bounds
        return wrapped


_START = itemgetter("start")
_END = itemgetter("end")


def token_dicts(tokens: tuple[Token, ...]) -> list[dict[str, Any]]:
    """The tokens' field dicts in order (kept by `Tokens`, else read from each token)."""
    if type(tokens) is Tokens:
        return tokens.dicts
    return [t.__dict__ for t in tokens]


def token_bounds(tokens: Sequence[Any]) -> tuple[Sequence[int], Sequence[int]]:
    """The tokens' start and end offsets (kept by `Tokens` and flat tokens, else read from each)."""
    starts = getattr(tokens, "starts", None)
    if starts is not None:
        return starts, tokens.ends  # type: ignore[attr-defined]
    return [t.start for t in tokens], [t.end for t in tokens]


class Document(BaseModel):
    """An article: text, its hash-derived id, metadata and its tokens."""

    model_config = _STRICT
    doc_id: str
    text: str
    text_sha256: str
    meta: dict[str, JsonValue] = Field(default_factory=dict)
    tokens: tuple[Token, ...]
    tokenizer: str


class Annotation(BaseModel):
    """One annotator's answer on one document, as an append-only revision."""

    model_config = _STRICT
    doc_id: str
    annotator: Annotated[str, Field(min_length=1)]
    answer: Answer
    spans: tuple[Span, ...] = ()
    schema_: str = Field(alias="schema")
    created_at: AwareDatetime
    updated_at: AwareDatetime
    duration_s: Annotated[float, Field(ge=0.0)] = 0.0
    revision: Annotated[int, Field(ge=1)] = 1
    sources: tuple[str, ...] = ()
    session_id: str | None = None


class CanonicalRecord(BaseModel):
    """One canonical JSONL line: a document with one annotation, plus Prodigy's keys."""

    model_config = ConfigDict(strict=True, frozen=True, extra="forbid", populate_by_name=True)
    doc_id: str
    text: str
    text_sha256: str
    meta: dict[str, JsonValue] = Field(default_factory=dict)
    tokens: tuple[Token, ...]
    tokenizer: str
    spans: tuple[Span, ...] = ()
    annotator: Annotated[str, Field(min_length=1)]
    answer: Answer
    schema_: str = Field(alias="schema")
    created_at: AwareDatetime
    updated_at: AwareDatetime
    duration_s: Annotated[float, Field(ge=0.0)] = 0.0
    revision: Annotated[int, Field(ge=1)] = 1
    sources: tuple[str, ...] = ()
    input_hash: int | None = Field(default=None, alias="_input_hash")
    task_hash: int | None = Field(default=None, alias="_task_hash")
    annotator_id: str | None = Field(default=None, alias="_annotator_id")
    session_id: str | None = Field(default=None, alias="_session_id")
    timestamp: int | None = Field(default=None, alias="_timestamp")

    @model_validator(mode="after")
    def _check_consistency(self, info: ValidationInfo) -> CanonicalRecord:
        """Run every single-record check; collect into the context list or raise."""
        sink = info.context.get("issues") if isinstance(info.context, dict) else None
        problems = record_issues(self)
        if sink is not None:
            sink.extend(problems)
        elif problems:
            raise ValueError("; ".join(f"{p.code} {p.message}" for p in problems))
        return self

    @property
    def document(self) -> Document:
        """The document part of the line."""
        return Document(
            doc_id=self.doc_id,
            text=self.text,
            text_sha256=self.text_sha256,
            meta=self.meta,
            tokens=self.tokens,
            tokenizer=self.tokenizer,
        )

    @property
    def annotation(self) -> Annotation:
        """The annotation part of the line."""
        return Annotation(
            doc_id=self.doc_id,
            annotator=self.annotator,
            answer=self.answer,
            spans=self.spans,
            schema=self.schema_,
            created_at=self.created_at,
            updated_at=self.updated_at,
            duration_s=self.duration_s,
            revision=self.revision,
            sources=self.sources,
            session_id=self.session_id,
        )

    def to_json_dict(self) -> dict[str, Any]:
        """Return the line as a JSON-ready dict with its canonical key names."""
        return self.model_dump(mode="json", by_alias=True)


def now_utc() -> datetime:
    """Return the current time, timezone-aware."""
    return datetime.now(UTC)


def make_document(
    text: str, tokens: list[dict], tokenizer: str, meta: dict | None = None
) -> Document:
    """Build a Document from a text and its token dicts, deriving id and hash."""
    digest = text_sha256(text)
    doc = Document(
        doc_id=doc_id_from_sha256(digest),
        text=text,
        text_sha256=digest,
        meta=meta or {},
        tokens=tuple(Token(**t) for t in tokens),
        tokenizer=tokenizer,
    )
    doc.__dict__["tokens"] = Tokens.of(doc.tokens)  # same tokens, with their dicts listed
    return doc


def make_span(
    doc: Document,
    start: int,
    end: int,
    label: str,
    attrs: dict | None = None,
    index: TokenIndex | None = None,
) -> Span:
    """Build a token-aligned Span from char offsets; ValueError if they do not align."""
    index = index or TokenIndex.of(doc.tokens)
    aligned = index.char_span_to_tokens(start, end)
    if aligned is None:
        raise ValueError(f"span [{start}, {end}) {label} does not align to token boundaries")
    return Span(
        start=start,
        end=end,
        token_start=aligned[0],
        token_end=aligned[1],
        label=label,
        text=doc.text[start:end],
        attrs=attrs or {},
        id=span_id(start, end, label),
    )


def span_id(start: int, end: int, label: str) -> str:
    """Stable, readable span id from its identity."""
    return f"{label}:{start}-{end}"


def canonical(doc: Document, ann: Annotation, session_id: str | None = None) -> CanonicalRecord:
    """Join a document and an annotation into the canonical line with Prodigy's keys."""
    in_hash = hashing.input_hash(doc.text)
    return CanonicalRecord(
        doc_id=doc.doc_id,
        text=doc.text,
        text_sha256=doc.text_sha256,
        meta=doc.meta,
        tokens=doc.tokens,
        tokenizer=doc.tokenizer,
        spans=ann.spans,
        annotator=ann.annotator,
        answer=ann.answer,
        schema=ann.schema_,
        created_at=ann.created_at,
        updated_at=ann.updated_at,
        duration_s=ann.duration_s,
        revision=ann.revision,
        sources=ann.sources,
        _input_hash=in_hash,
        _task_hash=hashing.task_hash(in_hash, ann.spans),
        _annotator_id=ann.annotator,
        _session_id=session_id if session_id is not None else ann.session_id,
        _timestamp=int(ann.updated_at.timestamp()),
    )
