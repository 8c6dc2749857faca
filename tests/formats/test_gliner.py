"""GLiNER export: inclusive token ends decode to the span text; chunks stay under max length."""

from __future__ import annotations

import orjson
from export_helpers import corpus, export, record
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.gliner import MAX_LENGTH, MAX_WIDTH


def _lines(path):
    return [orjson.loads(x) for x in path.read_bytes().splitlines()]


def _decoded(line):
    """What GLiNER reads for each entity: tokens[start : end + 1] (end inclusive)."""
    return [(" ".join(line["tokenized_text"][s : e + 1]), label) for s, e, label in line["ner"]]


def test_gliner_inclusive_ends_decode_every_span_back_to_its_text(tmp_path):
    (source,) = corpus()
    manifest = export([source], "gliner", tmp_path)
    lines = _lines(tmp_path / "train.jsonl")
    got = sorted(pair for line in lines for pair in _decoded(line))
    want = sorted(
        (" ".join(t.text for t in source.tokens[s.token_start : s.token_end + 1]), s.label)
        for s in source.spans
    )
    assert got == want
    assert manifest["totals"]["spans_dropped"] == 0
    assert all(len(line["tokenized_text"]) <= MAX_LENGTH for line in lines)


def test_gliner_long_paragraph_is_cut_at_sentences_under_max_length(tmp_path):
    sentence = "Nearly 200 men from Nepal were sent to the front by recruiters again ."
    text = " ".join(sentence.replace("again", f"again{i}") for i in range(60))
    spans = []
    start = 0
    for _ in range(60):
        at = text.index("Nepal", start)
        spans.append((at, at + 5, "COUNTRY"))
        start = at + 5
    manifest = export([record(text, spans)], "gliner", tmp_path)
    lines = _lines(tmp_path / "train.jsonl")
    assert len(lines) > 1
    assert all(len(line["tokenized_text"]) <= MAX_LENGTH for line in lines)
    assert all(line["tokenized_text"][-1] == "." for line in lines)
    assert sum(len(line["ner"]) for line in lines) == 60
    assert manifest["totals"]["spans_dropped"] == 0


def test_gliner_reports_spans_wider_than_max_width(tmp_path):
    words = "they said we would guard buildings far from the front for good money every month"
    text = f"A recruit said “{words}” later."
    manifest = export([record(text, [(words, "QUOTE")])], "gliner", tmp_path)
    (flagged,) = manifest["converted"]
    assert flagged["label"] == "QUOTE" and f"max_width {MAX_WIDTH}" in flagged["reason"]
    assert _lines(tmp_path / "train.jsonl")[0]["ner"]


def test_gliner_paragraphs_become_separate_examples(tmp_path):
    text = "Kenya warned Russia.\nNepal warned Russia too."
    export([record(text, [("Kenya", "COUNTRY"), ("Nepal", "COUNTRY")])], "gliner", tmp_path)
    lines = _lines(tmp_path / "train.jsonl")
    assert [line["tokenized_text"][0] for line in lines] == ["Kenya", "Nepal"]
    assert [line["ner"] for line in lines] == [[[0, 0, "COUNTRY"]], [[0, 0, "COUNTRY"]]]


WORDS = ["a", "b.", ".", "!", "?", "…", "Mr.", "...", "“", "”", "😀", "?!", "end.", "\n", "\n\n"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(WORDS), st.sampled_from(["", " ", "  ", "\n", " \n "])),
        min_size=1,
        max_size=25,
    )
)
def test_gliner_chunk_boundaries_are_line_breaks_and_sentence_ends(parts):
    """Paragraphs start at a token with a line break in the gap before it; sentences at a token
    after a sentence-ending token (and not at a paragraph start): checked token by token."""
    from annotator.formats.breaks import SENTENCE_END
    from annotator.formats.gliner import _boundaries

    text = "".join(word + gap for word, gap in parts).strip() or "a"
    source = record(text, [])
    tokens = source.tokens
    paragraphs = [
        i for i in range(1, len(tokens)) if "\n" in text[tokens[i - 1].end : tokens[i].start]
    ]
    sentences = [
        i
        for i in range(1, len(tokens))
        if i not in paragraphs and tokens[i - 1].text in SENTENCE_END
    ]
    assert _boundaries(source) == (paragraphs, sentences)
