"""One imported record -> a stored document and its annotation, checked without per-token models.

The pydantic models in `records.py` stay the definition of a record. A document is stored as
its text and token columns (what the store keeps), so building a `Token` model per token, only
to serialise it again, is skipped: tokens the pipeline made itself are trusted, tokens a file
carries are type-checked in one msgspec pass (which accepts no more than `Token` does) and then
go through the same token checks (`token_list_issues`) as `annotator validate`. Spans and the
annotation are still built as models, and the line is checked by the same record and schema
rules as before.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import msgspec
import numpy
from pydantic import ValidationError

from annotator.errors import Errors, Issue, make_issue
from annotator.formats.base import IncomingRecord, ReadProblem
from annotator.records.mirror import TokenMirrors
from annotator.records.models import Annotation, Span, Suggestion, now_utc, span_id
from annotator.records.tokenization import TokenIndex
from annotator.schema.model import AttributeSpec, LabelSchema, typed_attrs
from annotator.store import DocumentParts
from annotator.validation.rules import annotation_issues, rules_of, token_list_issues

_AT = re.compile(r" - at `\$(.*)`$")


@dataclass(frozen=True, slots=True)
class TokenizedDocument:
    """A document ready to store, with the token index its spans are aligned against."""

    parts: DocumentParts
    text: str
    index: TokenIndex


def tokenized_document(
    record: IncomingRecord, table: Any, tokenizer: str
) -> TokenizedDocument | ReadProblem:
    """The record's document from the pipeline's token table, or from the tokens it carries."""
    if table is not None:
        parts = DocumentParts.of(record.text, record.meta, tokenizer, table)
        index = TokenIndex(table[:, 0].tolist(), table[:, 1].tolist())
        return TokenizedDocument(parts, record.text, index)
    try:
        tokens = msgspec.convert(record.tokens, TokenMirrors)
    except msgspec.ValidationError as exc:
        return ReadProblem(record.path, record.line, f"{_token_type_problem(exc)}; fix the token")
    texts = [t.text for t in tokens]
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    issues = token_list_issues(record.text, texts, starts, ends, [t.id for t in tokens])
    if issues:
        return _problem(record, issues)
    flat = numpy.array([(t.start, t.end, 1 if t.ws else 0) for t in tokens], dtype=numpy.int64)
    parts = DocumentParts.of(record.text, record.meta, record.tokenizer or tokenizer, flat)
    return TokenizedDocument(parts, record.text, TokenIndex(starts, ends))


def _token_type_problem(exc: msgspec.ValidationError) -> str:
    """A msgspec type error on tokens as 'tokens[i].field: expected ...'."""
    message = str(exc)
    found = _AT.search(message)
    where = f"tokens{found.group(1)}" if found else "tokens"
    detail = message[: found.start()] if found else message
    return f"{where}: {detail[:1].lower()}{detail[1:].replace('`', '')}"


def annotation_of(
    doc: TokenizedDocument,
    record: IncomingRecord,
    schema: LabelSchema,
    annotator: str | None,
    answer: str,
) -> Annotation | ReadProblem:
    """The record's spans as an answered annotation, or the first reason the line is refused."""
    text, index = doc.text, doc.index
    spans: list[Span] = []
    created = record.created_at or now_utc()
    try:
        for i, raw in enumerate(record.spans or ()):
            aligned = index.char_span_to_tokens(raw.start, raw.end)
            covered = text[raw.start : raw.end]
            if aligned is None:
                return ReadProblem(
                    record.path,
                    record.line,
                    f"span {i} {raw.label} {covered!r} [{raw.start}, {raw.end}) does not align "
                    "to token boundaries (move its edges to token starts/ends)",
                )
            spans.append(
                Span(
                    start=raw.start,
                    end=raw.end,
                    token_start=aligned[0],
                    token_end=aligned[1],
                    label=raw.label,
                    text=covered,
                    attrs=typed_attrs(_attribute_specs(schema, raw.label), raw.attrs),
                    id=raw.id or span_id(raw.start, raw.end, raw.label),
                    fragments=raw.fragments,
                )
            )
        relations = tuple(
            r.model_copy(update={"attrs": typed_attrs(_relation_specs(schema, r.label), r.attrs)})
            for r in record.relations
        )
        annotation = Annotation(
            doc_id=doc.parts.doc_id,
            annotator=annotator or record.annotator or "import",
            answer=record.answer or answer,
            spans=tuple(spans),
            relations=relations,
            doc_labels=record.doc_labels,
            schema=record.schema or schema.ref,
            created_at=created,
            updated_at=max(record.updated_at or created, created),
            duration_s=record.duration_s or 0.0,
            revision=record.revision or 1,
            sources=tuple(record.sources),
            session_id=record.session_id,
        )
    except ValidationError as exc:
        detail = exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        return ReadProblem(record.path, record.line, f"{detail} (fix the span or field it names)")
    unknown = Counter(s.label for s in annotation.spans if s.label not in schema.by_name)
    if unknown:
        labels = ", ".join(f"'{label}'" for label in unknown)  # shown as written
        i, span = next((i, s) for i, s in enumerate(annotation.spans) if s.label in unknown)
        first = f"{i} '{span.text[:40]}' [{span.start}, {span.end})"
        found = make_issue(
            Errors.E327, count=unknown.total(), labels=labels, schema=schema.ref, first=first
        )
        return ReadProblem(record.path, record.line, f"{found.code} {found.message} ({found.hint})")
    issues = _line_issues(doc, annotation, schema)
    return _problem(record, issues) if issues else annotation


def _attribute_specs(schema: LabelSchema, label: str) -> tuple[AttributeSpec, ...]:
    """The attributes a label declares (none for a label the schema lacks)."""
    spec = schema.by_name.get(label)
    return spec.attributes if spec is not None else ()


def _relation_specs(schema: LabelSchema, label: str) -> tuple[AttributeSpec, ...]:
    """The attributes a relation type declares (none for a type the schema lacks)."""
    spec = schema.relation_by_name.get(label)
    return spec.attributes if spec is not None else ()


def _line_issues(doc: TokenizedDocument, ann: Annotation, schema: LabelSchema) -> list[Issue]:
    """Errors of the canonical line this document and annotation make (tokens already checked)."""
    issues = annotation_issues(doc.text, doc.index.starts, doc.index.ends, ann)
    issues.extend(rules_of(schema).issues(doc.text, ann))
    return [i for i in issues if i.severity == "error"]


def _problem(record: IncomingRecord, errors: list[Issue]) -> ReadProblem:
    """The first error of a record, located, with how many more there are and how to fix it."""
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    where = first.where().partition(" ")[2]
    prefix = f"{where}: " if where else ""
    return ReadProblem(
        record.path, record.line, f"{prefix}{first.code} {first.message}{more} ({first.hint})"
    )


def suggestions_of(
    doc: TokenizedDocument, record: IncomingRecord, annotator: str | None
) -> tuple[list[Suggestion], list[tuple[str, Suggestion]]] | ReadProblem:
    """The record's suggestions aligned to its tokens: those offered, and (annotator, suggestion)
    pairs an annotator rejected; the first unaligned one refuses the record."""
    offered: list[Suggestion] = []
    rejected: list[tuple[str, Suggestion]] = []
    who = annotator or record.annotator or "import"
    for i, raw in enumerate(record.suggestions):
        span = raw.span
        aligned = doc.index.char_span_to_tokens(span.start, span.end)
        if aligned is None:
            return ReadProblem(
                record.path,
                record.line,
                f"suggestion {i} {span.label} [{span.start}, {span.end}) does not align to "
                "token boundaries (move its edges to token starts/ends)",
            )
        try:
            made = Suggestion(
                span=Span(
                    start=span.start,
                    end=span.end,
                    token_start=aligned[0],
                    token_end=aligned[1],
                    label=span.label,
                    text=doc.text[span.start : span.end],
                    attrs=span.attrs,
                    id=span.id or span_id(span.start, span.end, span.label),
                    fragments=span.fragments,
                ),
                source=raw.source,
                score=min(1.0, max(0.0, float(raw.score))),
            )
        except ValidationError as exc:
            detail = exc.errors(include_url=False)[0]["msg"]
            return ReadProblem(record.path, record.line, f"suggestion {i}: {detail}")
        if raw.decision == "reject":
            rejected.append((who, made))
        else:
            offered.append(made)
    return offered, rejected
