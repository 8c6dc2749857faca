"""Single-record checks of tokens and spans against their text, hashes and ids, without a schema."""

from __future__ import annotations

from collections.abc import Sequence
from operator import le, sub
from typing import TYPE_CHECKING, Any

from annotator import hashing
from annotator.errors import Issue, make_issue
from annotator.text import TokenIndex, doc_id_from_sha256, text_sha256

if TYPE_CHECKING:
    from annotator.records import CanonicalRecord, Span, Token


def span_issues(
    text: str,
    spans: Sequence[Span],
    *,
    starts: Sequence[int] = (),
    ends: Sequence[int] = (),
    tokens: Sequence[Any] | None = None,
) -> list[Issue]:
    """Check each span's offsets, text, token indices and uniqueness against the tokens.

    The tokens come either as parallel `starts`/`ends` lists or as `tokens` (objects with
    `.start`/`.end`, read in place so an export builds no lists); the clean case reads two
    offsets per span, and only a failing span builds a full index.
    """
    issues: list[Issue] = []
    seen: set[tuple[int, int, str]] = set()
    ids: set[str] = set()
    length = len(text)
    count = len(starts) if tokens is None else len(tokens)
    index: TokenIndex | None = None
    for i, span in enumerate(spans):
        start, end, span_id_ = span.start, span.end, span.id
        first, last = span.token_start, span.token_end
        key = (start, end, span.label)
        if (
            0 <= start < end <= length
            and 0 <= first <= last < count
            and (
                starts[first] == start and ends[last] == end
                if tokens is None
                else tokens[first].start == start and tokens[last].end == end
            )
            and text[start:end] == span.text
            and key not in seen
            and span_id_ not in ids
        ):
            seen.add(key)
            if span_id_:
                ids.add(span_id_)
            continue
        if index is None:
            index = TokenIndex(starts, ends) if tokens is None else TokenIndex.of(tokens)
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
        and all(texts)  # no empty token: with the lengths below, every start < end
        and list(map(len, texts)) == list(map(sub, ends, starts))
        and (not count or (starts[0] >= 0 and ends[-1] <= len(text)))
        and all(map(le, ends, starts[1:]))
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
    expected_id = doc_id_from_sha256(digest)
    if record.doc_id != expected_id:
        issues.append(make_issue(207, given=record.doc_id, expected=expected_id, field="doc_id"))
    texts, starts, ends, ids = tokens
    if not tokens_checked:
        issues.extend(token_list_issues(text, texts, starts, ends, ids))
    if record.spans:
        issues.extend(span_issues(text, record.spans, starts=starts, ends=ends))
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
