"""CoNLL export: -DOCSTART- per document, one IOB2 column per layer, tags decode to the spans."""

from __future__ import annotations

from export_helpers import corpus, export, small_corpus

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
