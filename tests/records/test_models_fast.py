"""The fast record paths give exactly what the pydantic models give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from annotator.records import line_writer
from annotator.records.models import (
    Annotation,
    Document,
    Token,
    Tokens,
    canonical,
    make_document,
    make_span,
)
from annotator.records.tokenization import tokenize, tokenizer_id

TEXT = "Nearly 200 men 🇰🇪 from Kenya\twere  sent,\nsaid “the ministry”."


def _flat(tokens: tuple[Token, ...]) -> list[int]:
    """Tokens as the store keeps them: flat (start, end, ws) triples."""
    return [n for t in tokens for n in (t.start, t.end, 1 if t.ws else 0)]


def _pair(text: str = TEXT, **fields):
    """A document with two spans and an annotation carrying `fields`."""
    doc = make_document(text, tokenize(text), tokenizer_id(), {"title": "t", "n": [1, 2.5]})
    spans = (
        make_span(doc, text.index("200"), text.index("200") + 3, "FIGURE"),
        make_span(doc, text.index("Kenya"), text.index("Kenya") + 5, "COUNTRY", {"iso": "KE"}),
    )
    when = datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=UTC)
    values = {"created_at": when, "updated_at": when} | fields
    ann = Annotation(
        doc_id=doc.doc_id, annotator="amy", answer="accept", spans=spans, schema="s@1", **values
    )
    return doc, ann


def test_records_fast_tokens_equal_validated_tokens():
    """Tokens rebuilt from stored triples equal the validated ones, astral characters included."""
    doc, _ = _pair()
    rebuilt = line_writer.tokens_from_flat(doc.text, _flat(doc.tokens))
    assert rebuilt == doc.tokens
    assert [t.model_dump() for t in rebuilt] == [t.model_dump() for t in doc.tokens]
    assert any(not t.ws for t in rebuilt) and any(t.ws for t in rebuilt)
    assert Token.model_validate(rebuilt[3].model_dump()) == rebuilt[3]


def test_records_fast_tokens_stay_frozen_models():
    """A rebuilt token is a real frozen Token: hashable, copyable, refusing assignment."""
    token = line_writer.tokens_from_flat("ab cd", [0, 2, 1, 3, 5, 0])[1]
    assert isinstance(token, Token) and token.text == "cd" and token.id == 1
    assert hash(token) == hash(Token(text="cd", start=3, end=5, id=1, ws=False))
    with pytest.raises(ValidationError):
        token.start = 4
    moved = token.model_copy(update={"id": 7})
    assert moved.id == 7 and token.id == 1 and token.model_fields_set == set(Token.model_fields)


def test_records_fast_tokens_refuse_a_cut_triple():
    """A stored token list that is not whole triples is an error, not a silent short list."""
    with pytest.raises(ValueError):
        line_writer.tokens_from_flat("ab cd", [0, 2, 1, 3, 5])


def test_records_fast_canonical_record_equals_the_model_path():
    """canonical_record builds the same line as records.canonical, session id included."""
    doc, ann = _pair(session_id="amy-session", duration_s=12.5, revision=3, sources=("bob",))
    assert line_writer.canonical_record(doc, ann) == canonical(doc, ann)
    assert canonical(doc, ann).session_id == "amy-session"


@settings(max_examples=60, deadline=None)
@given(
    offset_minutes=st.integers(-14 * 60, 14 * 60),
    micro=st.integers(0, 999_999),
    duration=st.one_of(st.integers(0, 10_000), st.floats(0, 1e9, allow_nan=False)),
    meta_value=st.recursive(
        st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
        max_leaves=6,
    ),
    session=st.none() | st.text(max_size=8),
)
def test_records_fast_canonical_json_equals_model_dump(
    offset_minutes, micro, duration, meta_value, session
):
    """The canonical JSON bytes equal orjson.dumps(record.to_json_dict()) byte for byte."""
    zone = timezone(timedelta(minutes=offset_minutes))
    created = datetime(2025, 6, 7, 8, 9, 10, micro, tzinfo=zone)
    doc, ann = _pair(
        created_at=created,
        updated_at=created + timedelta(seconds=3),
        duration_s=duration,
        session_id=session,
    )
    doc = doc.model_copy(update={"meta": {"x": meta_value}})
    record = canonical(doc, ann)
    assert line_writer.canonical_json(record) == orjson.dumps(record.to_json_dict())


def test_records_fast_tokens_keep_their_own_dicts_through_copies():
    """Stored and made documents list each token's own field dict; copies keep the link."""
    import copy
    import pickle

    doc, ann = _pair()
    stored = line_writer.tokens_from_flat(doc.text, _flat(doc.tokens))
    for tokens in (doc.tokens, stored, pickle.loads(pickle.dumps(stored)), copy.deepcopy(stored)):
        assert isinstance(tokens, Tokens) and tokens == tuple(doc.tokens)
        assert all(d is t.__dict__ for d, t in zip(tokens.dicts, tokens, strict=True))
        assert list(tokens.starts) == [t.start for t in doc.tokens]
        assert list(tokens.ends) == [t.end for t in doc.tokens]
    plain = Document.model_validate(doc.model_dump())  # validation makes a plain tuple
    assert type(plain.tokens) is tuple and plain == doc
    records = [line_writer.canonical_record(d, ann) for d in (doc, plain)]
    assert type(records[0].tokens) is Tokens and type(records[1].tokens) is tuple
    lines = {line_writer.canonical_json(r, newline=True) for r in records}
    assert lines == {orjson.dumps(canonical(plain, ann).to_json_dict()) + b"\n"}


def test_records_fast_canonical_line_is_the_records_line():
    """The line written straight from a pair's field dicts is the canonical record's line."""
    from annotator.records import hashing

    for fields in ({}, {"duration_s": 2.5, "session_id": "s1", "sources": ("amy", "bo")}):
        doc, ann = _pair(**fields)
        keys = sorted(s.key for s in ann.spans)
        in_hash = hashing.input_hash(doc.text)
        line = line_writer.canonical_line(
            doc.__dict__,
            ann.__dict__,
            in_hash,
            hashing.task_hash_of_keys(in_hash, keys),
            [s.__dict__ for s in ann.spans],
        )
        assert line == orjson.dumps(canonical(doc, ann).to_json_dict()) + b"\n"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=60))
def test_records_fast_flat_tokens_write_the_models_json(text):
    """Tokens kept flat (as a store holds them) write byte for byte the JSON of the Token
    models, whatever the text holds: astral characters, quotes, backslashes, control bytes."""
    doc = make_document(text, tokenize(text), tokenizer_id())
    flat = line_writer.FlatTokens(text, _flat(doc.tokens))
    assert flat.json() == orjson.dumps([t.model_dump() for t in doc.tokens])
    assert flat.tokens() == doc.tokens and len(flat) == len(doc.tokens)
    view = line_writer.DocumentView(
        doc.doc_id, text, doc.text_sha256, doc.meta, _flat(doc.tokens), doc.tokenizer
    )
    assert line_writer.as_document(view) == doc and line_writer.as_document(doc) is doc


def test_records_fast_flat_tokens_refuse_broken_triples():
    """Token numbers that are not whole (start, end, ws) triples are refused, not misread."""
    with pytest.raises(ValueError, match="triples"):
        line_writer.FlatTokens("ab cd", [0, 2, 1, 3, 5])
