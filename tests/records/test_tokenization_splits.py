"""Tokens follow the annotation: a span edge inside a spaCy token splits the token there."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.importing.run import import_paths
from annotator.records.tokenization import split_tokens_at, token_table_many, tokenize
from annotator.schema.model import LabelSchema, LabelSpec

SCHEMA = LabelSchema(
    name="bio",
    version="1.0.0",
    labels=(LabelSpec(name="Protein"), LabelSpec(name="Title")),
)


def _write(path: Path, lines: list) -> Path:
    path.write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    return path


def test_token_splits_cut_tokens_at_inner_edges_only():
    """Cuts inside tokens split them; cuts on edges, in spaces or past the text change nothing."""
    (table,) = token_table_many(["CD4(+) T cells HHGTTGor"])
    assert [tuple(r[:2]) for r in table.tolist()] == [(0, 5), (5, 6), (7, 8), (9, 14), (15, 23)]
    split, count = split_tokens_at(table, [0, 3, 6, 14, 15, 21, 99])
    assert count == 2
    assert [tuple(r) for r in split.tolist()] == [
        (0, 3, 0),
        (3, 5, 0),
        (5, 6, 1),
        (7, 8, 1),
        (9, 14, 1),
        (15, 21, 0),
        (21, 23, 0),
    ]
    assert split_tokens_at(table, [0, 5, 15]) == (table, 0)


def test_token_splits_let_a_span_inside_a_token_import_and_are_counted(sqlite_store, tmp_path):
    """`CD4` inside `CD4(+)` and `HHGTTG` inside `HHGTTGor` are stored with the text unchanged."""
    text = "CD4(+) T cells read HHGTTGor twice."
    path = _write(
        tmp_path / "bio.jsonl",
        [
            {
                "text": text,
                "spans": [
                    {"start": 0, "end": 3, "label": "Protein"},
                    {"start": 20, "end": 26, "label": "Title"},
                ],
            }
        ],
    )
    summary = import_paths(sqlite_store, "bio", [path], schema=SCHEMA)
    assert (summary.problems, summary.annotations) == ([], 1)
    assert (summary.token_splits, summary.split_documents) == (2, 1)
    ((doc, ann),) = list(sqlite_store.annotations("bio"))
    assert doc.text == text
    assert [t.text for t in doc.tokens][:3] == ["CD4", "(+", ")"]
    assert [(s.text, s.token_start, s.token_end) for s in ann.spans] == [
        ("CD4", 0, 0),
        ("HHGTTG", 6, 6),
    ]
    assert len(doc.tokens) == len(tokenize(text)) + 2


def test_token_splits_never_touch_a_document_already_stored(sqlite_store, tmp_path):
    """A stored document keeps its tokens (its annotations index them): a later span inside a
    token is refused, naming it, and a later aligned span indexes the stored tokens."""
    text = "CD4(+) T cells rise."
    first = _write(
        tmp_path / "a.jsonl",
        [{"text": text, "spans": [{"start": 0, "end": 3, "label": "Protein"}]}],
    )
    import_paths(sqlite_store, "bio", [first], schema=SCHEMA, annotator="a")
    later = _write(
        tmp_path / "b.jsonl",
        [
            {"text": text, "spans": [{"start": 15, "end": 19, "label": "Protein"}]},
            {"text": text, "spans": [{"start": 1, "end": 3, "label": "Protein"}]},
        ],
    )
    summary = import_paths(sqlite_store, "bio", [later], schema=SCHEMA, annotator="b")
    assert summary.token_splits == 0
    ((problem,),) = [summary.problems]
    assert problem.line == 2 and "does not align" in problem.message
    stored = {a.annotator: (d, a.spans[0]) for d, a in sqlite_store.annotations("bio")}
    doc, span = stored["b"]
    assert doc.tokens[span.token_start].text == "rise"


def test_token_splits_of_a_document_stored_for_another_dataset_are_the_ones_used(
    sqlite_store, tmp_path
):
    """Documents are shared between datasets: a later import elsewhere aligns to the split
    tokens already stored, so its token indices point at the right tokens."""
    text = "CD4(+) T cells rise."
    first = _write(
        tmp_path / "a.jsonl",
        [{"text": text, "spans": [{"start": 0, "end": 3, "label": "Protein"}]}],
    )
    import_paths(sqlite_store, "one", [first], schema=SCHEMA)
    later = _write(
        tmp_path / "b.jsonl",
        [{"text": text, "spans": [{"start": 15, "end": 19, "label": "Protein"}]}],
    )
    summary = import_paths(sqlite_store, "two", [later], schema=SCHEMA)
    assert summary.problems == []
    ((doc, ann),) = list(sqlite_store.annotations("two"))
    assert doc.tokens[ann.spans[0].token_start].text == "rise"


def test_token_splits_agree_for_repeats_of_a_text_within_one_file(sqlite_store, tmp_path):
    """A text first seen without spans, then with spans inside tokens, is stored once, split
    for every record of it, and each answer's indices point at the stored tokens."""
    text = "CD4(+) T cells rise."
    path = _write(
        tmp_path / "a.jsonl",
        [
            {"text": text},
            {"text": text, "spans": [{"start": 15, "end": 19, "label": "Protein"}]},
            {"text": text, "spans": [{"start": 0, "end": 3, "label": "Protein"}]},
        ],
    )
    summary = import_paths(sqlite_store, "bio", [path], schema=SCHEMA)
    assert summary.problems == []
    assert (summary.added, summary.token_splits, summary.split_documents) == (1, 1, 1)
    assert (summary.annotations, summary.replaced) == (2, 1)  # one annotator, two revisions
    ((doc, _),) = list(sqlite_store.annotations("bio"))
    revisions = sqlite_store.revisions("bio", doc.doc_id, "import")
    found = {r.spans[0].text: doc.tokens[r.spans[0].token_start].text for r in revisions}
    assert found == {"rise": "rise", "CD4": "CD4"}
