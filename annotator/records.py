"""Strict, frozen pydantic models of documents, spans, annotations and the canonical JSONL line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import chain
from operator import le, lt, sub
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
from annotator.errors import Issue, make_issue
from annotator.text import TokenIndex, text_sha256

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


class Suggestion(BaseModel):
    """A proposed span from a pattern or model, stored apart and never exported as gold."""

    model_config = _STRICT
    span: Span
    source: str
    score: Annotated[float, Field(ge=0.0, le=1.0)] = 1.0


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


def _span_issues(text: str, index: TokenIndex, spans: tuple[Span, ...]) -> list[Issue]:
    """Check each span's offsets, text, token indices and uniqueness against the document."""
    issues: list[Issue] = []
    seen: set[tuple[int, int, str]] = set()
    ids: set[str] = set()
    length = len(text)
    for i, span in enumerate(spans):
        start, end, key, span_id_ = span.start, span.end, span.key, span.id
        if (
            start < end <= length
            and text[start:end] == span.text
            and index.char_span_to_tokens(start, end) == (span.token_start, span.token_end)
            and key not in seen
            and span_id_ not in ids
        ):
            seen.add(key)
            if span_id_:
                ids.add(span_id_)
            continue
        issues.extend(_one_span_issues(text, index, i, span, seen, ids))
        seen.add(key)
        if span_id_:
            ids.add(span_id_)
    return issues


def _one_span_issues(
    text: str, index: TokenIndex, i: int, span: Span, seen: set, ids: set
) -> list[Issue]:
    """Locate every problem of one span that failed the quick check."""
    issues: list[Issue] = []
    where = {"span_index": i, "label": span.label, "span_text": span.text}
    if span.start >= span.end:
        return [make_issue(200, start=span.start, end=span.end, **where)]
    if span.end > len(text):
        return [make_issue(201, start=span.start, end=span.end, length=len(text), **where)]
    actual = text[span.start : span.end]
    if actual != span.text:
        issues.append(
            make_issue(202, given=span.text, actual=actual, start=span.start, end=span.end, **where)
        )
    aligned = index.char_span_to_tokens(span.start, span.end)
    if aligned is None:
        issues.append(make_issue(204, start=span.start, end=span.end, **where))
    elif aligned != (span.token_start, span.token_end):
        issues.append(
            make_issue(
                203,
                token_start=span.token_start,
                token_end=span.token_end,
                start=span.start,
                end=span.end,
                **where,
            )
        )
    if span.key in seen:
        issues.append(make_issue(205, start=span.start, end=span.end, **where))
    if span.id and span.id in ids:
        issues.append(make_issue(211, id=span.id, **where))
    return issues


TokenLists = tuple[Sequence[str], Sequence[int], Sequence[int], Sequence[int]]


def token_issues(text: str, tokens: tuple[Token, ...]) -> list[Issue]:
    """Check that tokens are ordered, in range, numbered in order and equal their text slices."""
    return token_list_issues(
        text,
        tuple(t.text for t in tokens),
        tuple(t.start for t in tokens),
        tuple(t.end for t in tokens),
        tuple(t.id for t in tokens),
    )


def token_list_issues(
    text: str,
    texts: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    ids: Sequence[int],
) -> list[Issue]:
    """Token checks on parallel sequences: a fast whole-list pass, then the first problem located."""
    count = len(starts)
    if (
        list(ids) == list(range(count))
        and all(map(lt, starts, ends))
        and all(map(le, chain((0,), ends), starts))
        and (not count or ends[-1] <= len(text))
        and list(map(len, texts)) == list(map(sub, ends, starts))
        and all(map(text.startswith, texts, starts))
    ):
        return []
    prev_end = 0
    for i in range(count):
        start, end = starts[i], ends[i]
        problem = None
        if ids[i] != i:
            problem = f"id is {ids[i]}, expected {i}"
        elif start < prev_end or end <= start or end > len(text):
            problem = f"offsets [{start}, {end}) overlap, are empty or leave the text"
        elif text[start:end] != texts[i]:
            problem = f"text {texts[i]!r} differs from the slice {text[start:end]!r}"
        if problem:
            return [make_issue(208, index=i, detail=problem, field=f"tokens[{i}]")]
        prev_end = end
    return []


def record_issues(record: CanonicalRecord) -> list[Issue]:
    """Every problem one canonical line has on its own, without a schema."""
    tokens = record.tokens
    lists = (
        tuple(t.text for t in tokens),
        tuple(t.start for t in tokens),
        tuple(t.end for t in tokens),
        tuple(t.id for t in tokens),
    )
    return record_issues_with_tokens(record, lists)


def record_issues_with_tokens(
    record: Any, tokens: TokenLists, tokens_checked: bool = False
) -> list[Issue]:
    """Single-record checks of a record (or a fast_check mirror) with tokens as parallel lists.

    `tokens_checked` skips the token checks when the caller already ran `token_list_issues`.
    """
    issues: list[Issue] = []
    text = record.text
    digest = text_sha256(text)
    if digest != record.text_sha256:
        issues.append(make_issue(206, field="text_sha256"))
    expected_id = digest[:16]
    if record.doc_id != expected_id:
        issues.append(make_issue(207, given=record.doc_id, expected=expected_id, field="doc_id"))
    texts, starts, ends, ids = tokens
    if not tokens_checked:
        issues.extend(token_list_issues(text, texts, starts, ends, ids))
    if record.spans:
        issues.extend(_span_issues(text, TokenIndex(starts, ends), record.spans))
    if record.updated_at < record.created_at:
        issues.append(make_issue(209, field="updated_at"))
    if record.input_hash is not None:
        expected = hashing.input_hash(text)
        if record.input_hash != expected:
            issues.append(
                make_issue(
                    210, "warning", field="_input_hash", given=record.input_hash, expected=expected
                )
            )
        if record.task_hash is not None:
            task = hashing.task_hash(expected, record.spans)
            if record.task_hash != task:
                issues.append(
                    make_issue(
                        210, "warning", field="_task_hash", given=record.task_hash, expected=task
                    )
                )
    return issues


def now_utc() -> datetime:
    """Return the current time, timezone-aware."""
    return datetime.now(UTC)


def make_document(
    text: str, tokens: list[dict], tokenizer: str, meta: dict | None = None
) -> Document:
    """Build a Document from a text and its token dicts, deriving id and hash."""
    digest = text_sha256(text)
    return Document(
        doc_id=digest[:16],
        text=text,
        text_sha256=digest,
        meta=meta or {},
        tokens=tuple(Token(**t) for t in tokens),
        tokenizer=tokenizer,
    )


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
