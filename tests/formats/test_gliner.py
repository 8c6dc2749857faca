"""GLiNER export: inclusive token ends decode to the span text; chunks stay under max length;
relations index into their example's ner list."""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
from annotated import SCHEMA as ANNOTATED
from annotated import annotated_records
from export_helpers import corpus, export, record
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_budget import examples

from annotator.formats.gliner import MAX_LENGTH, MAX_WIDTH, chunk_bounds
from annotator.formats.parts import (
    DOC_LABELS,
    FRAGMENTS,
    RELATION_ATTRIBUTES,
    RELATIONS,
    SPAN_ATTRIBUTES,
)


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


@settings(max_examples=examples(300), deadline=None)
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


def _written_relations(lines, bounds) -> list[tuple]:
    """Each written relation as ((first, last, label) of head, of tail, label) in whole-record
    token indices, read through the `ner` entries its indices point at."""
    found = []
    for line, (start, _) in zip(lines, bounds, strict=True):
        ner = [(s + start, e + start, label) for s, e, label in line["ner"]]
        found += [(ner[h], ner[t], label) for h, t, label in line["relations"]]
    return sorted(found)


def test_gliner_relations_index_into_the_examples_ner(tmp_path):
    """The seed article: each relation whose spans share an example is written as [head, tail,
    label] indices into that example's ner list; the others are counted as dropped."""
    (source,) = corpus()
    manifest = export([source], "gliner", tmp_path)
    lines = _lines(tmp_path / "train.jsonl")
    written = _written_relations(lines, chunk_bounds(source))
    spans = {s.id: (s.token_start, s.token_end, s.label) for s in source.spans}
    everything = {(spans[r.head], spans[r.child], r.label) for r in source.relations}
    assert set(written) <= everything and written
    dropped = manifest["dropped_parts"]
    assert len(written) + dropped.get(RELATIONS, {"count": 0})["count"] == len(source.relations)
    assert dropped[SPAN_ATTRIBUTES]["count"] == sum(len(s.attrs) for s in source.spans)
    assert dropped[DOC_LABELS]["count"] == 2
    assert all({"tokenized_text", "ner", "relations"} == set(line) for line in lines)
    assert manifest["format_details"]["relations"].startswith("[head, tail, label]")


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_records())
def test_gliner_hypothesis_relations_are_written_exactly_when_their_spans_share_an_example(source):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        manifest = export([source], "gliner", out, schema=ANNOTATED)
        lines = _lines(out / "train.jsonl")
    bounds = chunk_bounds(source)
    example = {
        span.id: k
        for k, (start, end) in enumerate(bounds)
        for span in source.spans
        if start <= span.token_start and span.token_end < end
    }
    spans = {s.id: (s.token_start, s.token_end, s.label) for s in source.spans}
    together = [
        r for r in source.relations if r.head in example and example[r.head] == example.get(r.child)
    ]
    assert _written_relations(lines, bounds) == sorted(
        (spans[r.head], spans[r.child], r.label) for r in together
    )
    counted = {kind: entry["count"] for kind, entry in manifest["dropped_parts"].items()}
    expected = {
        RELATIONS: len(source.relations) - len(together),
        RELATION_ATTRIBUTES: sum(len(r.attrs) for r in source.relations),
        SPAN_ATTRIBUTES: sum(len(s.attrs) for s in source.spans),
        DOC_LABELS: sum(len(v) for v in source.doc_labels.values()),
        FRAGMENTS: sum(1 for s in source.spans if s.fragments),
    }
    assert counted == {kind: count for kind, count in expected.items() if count}
