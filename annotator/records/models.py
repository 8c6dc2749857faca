"""Strict, frozen pydantic models of documents, spans, relations, annotations and the canonical line.

Each record type is defined here once. Faster forms (the msgspec mirror that decodes lines in
one pass, the trusted constructors and line writers the store and exporter use) are derived
from these field lists in `mirror.py` and `line_writer.py`, never written again.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import UTC, datetime
from operator import itemgetter
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationInfo,
    model_validator,
)

from annotator.compat import replace_field_in_place
from annotator.records import hashing
from annotator.records.tokenization import TokenIndex, doc_id_from_sha256, text_sha256

__all__ = [
    "INT64_MAX",
    "JSON_DEPTH",
    "Annotation",
    "Answer",
    "CanonicalRecord",
    "Document",
    "JsonObject",
    "Offset",
    "Relation",
    "Span",
    "Suggestion",
    "Token",
    "Tokens",
    "canonical",
    "json_value_problem",
    "make_document",
    "make_span",
    "now_utc",
    "reading_order",
    "span_id",
    "token_bounds",
    "token_dicts",
]

Answer = Literal["accept", "reject", "ignore"]
ANSWERS: tuple[Answer, ...] = get_args(Answer)
INT64_MAX = (1 << 63) - 1  # every integer a record holds fits in 64 bits (JSON readers, SQL)
JSON_DEPTH = 64  # deepest nesting of a free-form value (meta, attrs); orjson stops at 255
Offset = Annotated[int, Field(ge=0, le=INT64_MAX)]
NonEmpty = Annotated[str, Field(min_length=1)]


def json_value_problem(value: Any, depth: int = 0) -> str | None:
    """Why a free-form JSON value cannot be stored (an integer beyond 64 bits, nesting too deep)."""
    if type(value) is int:
        return None if -INT64_MAX - 1 <= value <= INT64_MAX else f"integer {value} exceeds 64 bits"
    if isinstance(value, dict | list):
        if depth >= JSON_DEPTH:
            return f"nested deeper than {JSON_DEPTH} levels"
        items = value.values() if isinstance(value, dict) else value
        for item in items:
            problem = json_value_problem(item, depth + 1)
            if problem is not None:
                return problem
    return None


def _bounded(value: dict[str, Any]) -> dict[str, Any]:
    """Refuse a free-form object that no JSON reader or SQL backend could take back."""
    problem = json_value_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


JsonObject = Annotated[dict[str, JsonValue], AfterValidator(_bounded)]

_STRICT = ConfigDict(strict=True, frozen=True, extra="forbid", populate_by_name=True)


class Token(BaseModel):
    """One token: its text, code point offsets (end-exclusive), index and trailing whitespace."""

    model_config = _STRICT
    text: str
    start: Offset
    end: Offset
    id: Offset
    ws: bool


class Span(BaseModel):
    """A labelled span: code point offsets, inclusive token indices, label, text, attributes.

    A discontinuous span (brat `8 12;23 26`) keeps `start`/`end` and `text` for its whole extent
    and lists its pieces in `fragments`, each a token-aligned [start, end) inside that extent;
    a continuous span has no fragments.
    """

    model_config = _STRICT
    start: Offset
    end: Offset
    token_start: Offset
    token_end: Offset
    label: NonEmpty
    text: str
    attrs: JsonObject = Field(default_factory=dict)
    id: str = ""
    fragments: tuple[tuple[Offset, Offset], ...] = ()

    @property
    def key(self) -> tuple[int, int, str]:
        """Identity of a span for dedupe and comparison: offsets and label."""
        return (self.start, self.end, self.label)


class Relation(BaseModel):
    """A labelled link from a head span to a child span, named by their span ids."""

    model_config = _STRICT
    head: NonEmpty
    child: NonEmpty
    label: NonEmpty
    attrs: JsonObject = Field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity of a relation: head id, child id, label."""
        return (self.head, self.child, self.label)


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
    meta: JsonObject = Field(default_factory=dict)
    tokens: tuple[Token, ...]
    tokenizer: str


class Annotation(BaseModel):
    """One annotator's answer on one document, as an append-only revision.

    `doc_labels` maps each document-level choice to the values picked (one for a single
    choice); `relations` link spans by their ids.
    """

    model_config = _STRICT
    doc_id: str
    annotator: NonEmpty
    answer: Answer
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    doc_labels: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    schema_: str = Field(alias="schema")
    created_at: AwareDatetime
    updated_at: AwareDatetime
    duration_s: Annotated[float, Field(ge=0.0, le=1e15)] = 0.0
    revision: Annotated[int, Field(ge=1, le=INT64_MAX)] = 1
    sources: tuple[str, ...] = ()
    session_id: str | None = None


DOCUMENT_FIELDS = tuple(Document.model_fields)
ANNOTATION_FIELDS = tuple(Annotation.model_fields)


class CanonicalRecord(Annotation, Document):
    """One canonical JSONL line: a document's fields, then one annotation's, then Prodigy's keys."""

    model_config = _STRICT
    input_hash: int | None = Field(default=None, alias="_input_hash")
    task_hash: int | None = Field(default=None, alias="_task_hash")
    annotator_id: str | None = Field(default=None, alias="_annotator_id")
    session_id: str | None = Field(default=None, alias="_session_id")
    timestamp: Annotated[int, Field(ge=-INT64_MAX, le=INT64_MAX)] | None = Field(
        default=None, alias="_timestamp"
    )

    @model_validator(mode="after")
    def _check_consistency(self, info: ValidationInfo) -> CanonicalRecord:
        """Run every single-record check; collect into the context list or raise."""
        from annotator.validation.rules import record_issues

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
        fields = self.__dict__
        return Document.model_construct(**{name: fields[name] for name in DOCUMENT_FIELDS})

    @property
    def annotation(self) -> Annotation:
        """The annotation part of the line."""
        fields = self.__dict__
        return Annotation.model_construct(**{name: fields[name] for name in ANNOTATION_FIELDS})

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
    replace_field_in_place(doc, "tokens", Tokens.of(doc.tokens))  # same tokens, dicts listed
    return doc


def make_span(
    doc: Document,
    start: int,
    end: int,
    label: str,
    attrs: dict | None = None,
    index: TokenIndex | None = None,
    span_id_: str | None = None,
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
        id=span_id(start, end, label) if span_id_ is None else span_id_,
    )


def span_id(start: int, end: int, label: str) -> str:
    """Stable, readable span id from its identity."""
    return f"{label}:{start}-{end}"


def canonical(doc: Document, ann: Annotation, session_id: str | None = None) -> CanonicalRecord:
    """Join a document and an annotation into the canonical line with Prodigy's keys."""
    in_hash = hashing.input_hash(doc.text)
    fields: dict[str, Any] = {name: getattr(doc, name) for name in DOCUMENT_FIELDS}
    fields.update((name, getattr(ann, name)) for name in ANNOTATION_FIELDS)
    if session_id is not None:
        fields["session_id"] = session_id
    return CanonicalRecord(
        **fields,
        input_hash=in_hash,
        task_hash=hashing.task_hash(in_hash, ann.spans),
        annotator_id=ann.annotator,
        timestamp=int(ann.updated_at.timestamp()),
    )
