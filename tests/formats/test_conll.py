"""CoNLL export: -DOCSTART- per document, one IOB2 column per layer, tags decode to the spans."""

from __future__ import annotations

from export_helpers import corpus, export, record, small_corpus

from annotator.formats.iob import decode_tags


def _documents(path):
    """Per document: the (token, tags...) rows, blank lines dropped."""
    docs: list[list[list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            docs.append([])
        elif line:
            docs[-1].append(line.split(" "))
    return docs


def test_conll_columns_decode_back_to_each_layer(tmp_path):
    records = [*corpus(), *small_corpus(3)]
    manifest = export(records, "conll", tmp_path)
    assert manifest["format_details"]["columns"] == ["token", "ner_tags", "quote_tags"]
    docs = _documents(tmp_path / "train.conll")
    assert len(docs) == len(records)
    for rows, source in zip(docs, records, strict=True):
        assert [r[0] for r in rows] == [t.text for t in source.tokens]
        assert {len(r) for r in rows} == {3}
        main = decode_tags([r[1] for r in rows])
        quotes = decode_tags([r[2] for r in rows])
        want = sorted((s.token_start, s.token_end, s.label) for s in source.spans)
        assert sorted(main + quotes) == want


def test_conll_docstart_line_then_blank_line(tmp_path):
    export(small_corpus(2), "conll", tmp_path)
    lines = (tmp_path / "train.conll").read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("-DOCSTART-")]
    assert len(starts) == 2
    assert all(lines[i] == "-DOCSTART- O O" and lines[i + 1] == "" for i in starts)
    assert lines[starts[1] - 1] == ""


def _blocks(path) -> list[list[str]]:
    """The token column of each block of rows between blank lines (DOCSTART lines left out)."""
    blocks: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            continue
        if line:
            blocks[-1].append(line.split(" ")[0])
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def test_conll_blank_lines_split_sentences_and_paragraphs_but_never_a_span(tmp_path):
    """A blank line follows each sentence end and precedes each paragraph, except where a
    span runs on across that point (a QUOTE of two sentences stays one block)."""
    text = "Kenya sent men. Nepal sent 200!\nThey left\n“We left. They stayed.” Oman said."
    source = record(text, [("We left. They stayed.", "QUOTE"), ("Oman", "COUNTRY")])
    export([source], "conll", tmp_path)
    assert _blocks(tmp_path / "train.conll") == [
        ["Kenya", "sent", "men", "."],
        ["Nepal", "sent", "200", "!"],
        ["They", "left"],
        ["“", "We", "left", ".", "They", "stayed", "."],  # no break inside the QUOTE
        ["”", "Oman", "said", "."],
    ]


def test_conll_whitespace_inside_a_token_becomes_underscore_and_is_reported(tmp_path):
    """A token holding whitespace (possible in imported token lists) is written with "_" so the
    columns stay aligned, and the spans over it are listed as converted in the manifest."""
    from annotator.records import Annotation, canonical, make_document, make_span

    text = "New York sent 200 men."
    tokens = [
        {"text": "New York", "start": 0, "end": 8, "id": 0, "ws": True},
        *(
            {
                "text": w,
                "start": text.index(w),
                "end": text.index(w) + len(w),
                "id": i,
                "ws": w != "men",
            }
            for i, w in enumerate(["sent", "200", "men", "."], start=1)
        ),
    ]
    doc = make_document(text, tokens, "custom")
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator="ann",
        answer="accept",
        spans=(make_span(doc, 0, 8, "ACTOR"), make_span(doc, 14, 17, "FIGURE")),
        schema=small_corpus(1)[0].schema_,
        created_at=small_corpus(1)[0].created_at,
        updated_at=small_corpus(1)[0].updated_at,
    )
    manifest = export([canonical(doc, ann)], "conll", tmp_path)
    (rows,) = _documents(tmp_path / "train.conll")
    assert [r[0] for r in rows] == ["New_York", "sent", "200", "men", "."]
    assert [(c["label"], c["reason"]) for c in manifest["converted"]] == [
        ("ACTOR", "token 0 'New York' written as 'New_York'")
    ]
