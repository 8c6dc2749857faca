"""Offsets round-trip without loss: char <-> token <-> UTF-16, on hostile text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.records.tokenization import TokenIndex, Utf16Map, from_utf16, to_utf16, tokenize

PIECES = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from(
        [
            "😀",
            "👩\u200d👩\u200d👧",
            "e\u0301",
            "\r\n",
            "\n",
            "\t",
            "\x00",
            "\x1b",
            "\u200b",
            "“",
            "”",
            " ",
            "word",
        ]
    ),
)
HOSTILE = st.lists(PIECES, max_size=40).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(HOSTILE)
def test_text_tokens_are_exact_slices(text):
    """Every token is its slice of the text, in order, numbered, with whitespace flags."""
    tokens = tokenize(text)
    prev_end = 0
    for i, tok in enumerate(tokens):
        assert tok["id"] == i
        assert text[tok["start"] : tok["end"]] == tok["text"] and tok["text"].strip()
        assert tok["start"] >= prev_end
        prev_end = tok["end"]
        nxt = tokens[i + 1]["start"] if i + 1 < len(tokens) else len(text)
        assert tok["ws"] == (nxt > tok["end"])


@SETTINGS
@given(HOSTILE, st.data())
def test_text_token_char_round_trip(text, data):
    """Any token range maps to chars and back to the same range; snap covers any char span."""
    tokens = tokenize(text)
    index = TokenIndex.of(tokens)
    if tokens:
        first = data.draw(st.integers(0, len(tokens) - 1))
        last = data.draw(st.integers(first, len(tokens) - 1))
        start, end = index.tokens_to_chars(first, last)
        assert index.char_span_to_tokens(start, end) == (first, last)
        assert index.token_at(start) == first and index.token_at(end - 1) == last
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    snapped = index.snap(start, end)
    if snapped is not None:
        s, e = index.tokens_to_chars(*snapped)
        assert s < end and e > start  # the snapped tokens touch the selection
        inside = [t for t in tokens if t["start"] < end and t["end"] > start]
        assert inside and s == inside[0]["start"] and e == inside[-1]["end"]


@SETTINGS
@given(HOSTILE, st.data())
def test_text_utf16_round_trip(text, data):
    """Code point offsets survive the trip to UTF-16 and back, by function and by map."""
    mapping = Utf16Map(text)
    offset = data.draw(st.integers(0, len(text)))
    u16 = to_utf16(text, offset)
    assert u16 == len(text[:offset].encode("utf-16-le")) // 2
    assert mapping.to_utf16(offset) == u16
    assert from_utf16(text, u16) == offset
    assert mapping.from_utf16(u16) == offset


def test_text_utf16_refuses_the_middle_of_a_pair():
    """A UTF-16 offset inside a surrogate pair is an error, not a silent shift."""
    import pytest

    text = "a😀b"
    assert to_utf16(text, 2) == 3
    with pytest.raises(ValueError):
        from_utf16(text, 2)
    with pytest.raises(ValueError):
        Utf16Map(text).from_utf16(2)
    for plain in ("abc", ""):  # no astral characters: nothing indexed, the same bounds
        with pytest.raises(ValueError):
            Utf16Map(plain).from_utf16(len(plain) + 1)
        with pytest.raises(ValueError):
            Utf16Map(plain).from_utf16(-1)
        with pytest.raises(IndexError):
            Utf16Map(plain).to_utf16(len(plain) + 1)
