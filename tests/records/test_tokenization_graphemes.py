"""Token boundaries never fall inside a grapheme cluster (flags, ZWJ emoji, skin tones)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.records.tokenization import grapheme_starts, token_table_many, tokenize

PIECES = [
    "🇺🇦",
    "🇷🇺",
    "👨‍👩‍👧",
    "👍🏽",
    "é",
    "e\u0301",
    "Kenya",
    "’s",
    " ",
    "\n",
    ".",
    "200",
    "“",
    "”",
]


def test_graphemes_flag_and_emoji_sequences_stay_one_token():
    assert [t["text"] for t in tokenize("Ukraine 🇺🇦 and Russia 🇷🇺🇺🇦.")] == [
        "Ukraine",
        "🇺🇦",
        "and",
        "Russia",
        "🇷🇺",
        "🇺🇦",
        ".",
    ]
    family = tokenize("A family 👨‍👩‍👧 fled.")
    assert [t["text"] for t in family][2] == "👨‍👩‍👧"
    assert (family[2]["start"], family[2]["end"]) == (9, 14)  # code points, not clusters


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_graphemes_no_token_boundary_inside_a_cluster(pieces):
    text = "".join(pieces)
    starts = grapheme_starts(text)
    tokens = tokenize(text)
    for token in tokens:
        assert token["start"] in starts and token["end"] in starts, (text, token)
        assert token["text"] == text[token["start"] : token["end"]]
    assert "".join(t["text"] for t in tokens) == "".join(text.split())  # no text lost
    (table,) = token_table_many([text])
    assert [tuple(row) for row in table.tolist()] == [
        (t["start"], t["end"], int(t["ws"])) for t in tokens
    ]
