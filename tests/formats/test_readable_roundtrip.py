"""read(write(x)) for prodigy, brat, doccano and labelstudio: equal, or exactly the documented loss."""

from __future__ import annotations

import pytest
from export_helpers import corpus, export, keys, record, schema, small_corpus

from annotator.formats import get_format
from annotator.formats.base import IncomingRecord, ReadProblem
from annotator.schema.model import typed_attrs

# What each readable format carries back besides text and span offsets/labels.
CARRIES = {
    "prodigy": {"meta", "annotator", "answer", "tokens", "timestamp", "attrs"},
    "doccano": {"meta", "annotator", "attrs"},
    "labelstudio": {"meta", "annotator", "answer", "timestamps", "attrs"},
    "brat": {"attrs", "attrs_as_text", "attrs_binary"},
}
OUTPUT = {
    "prodigy": "train.jsonl",
    "doccano": "train.jsonl",
    "labelstudio": "train.json",
    "brat": "train",
}


def _read(fmt: str, path) -> tuple[list[IncomingRecord], list[ReadProblem]]:
    items = list(get_format(fmt).reader(path))
    return (
        [i for i in items if isinstance(i, IncomingRecord)],
        [i for i in items if isinstance(i, ReadProblem)],
    )


def _sources():
    with_attrs = record(
        "Kenya’s President William Ruto spoke.\nHe said “men were misled\ninto joining” there.",
        [
            ("Kenya", "COUNTRY"),
            ("President William Ruto", "ACTOR"),
            ("men were misled\ninto joining", "QUOTE"),
        ],
        annotator="lead",
        answer="reject",
        meta={"title": "t", "n": 1},
    )
    with_attrs = with_attrs.model_copy(
        update={
            "spans": (
                with_attrs.spans[0].model_copy(update={"attrs": {"iso": "KE"}}),
                *with_attrs.spans[1:],
            )
        }
    )
    return [*corpus(), *small_corpus(3), with_attrs]


@pytest.mark.parametrize("fmt", sorted(CARRIES))
def test_readable_roundtrip_keeps_text_and_every_span(tmp_path, fmt):
    sources = _sources()
    export(sources, fmt, tmp_path, answers=("accept", "reject"))
    read, problems = _read(fmt, tmp_path / OUTPUT[fmt])
    assert problems == []
    by_text = {r.text: r for r in read}
    assert len(read) == len(sources)
    carried = CARRIES[fmt]
    for source in sources:
        back = by_text[source.text]
        assert keys(back.spans) == keys(source.spans)
        if "meta" in carried:
            assert back.meta == source.meta
        if "annotator" in carried:
            assert back.annotator == source.annotator
        if "answer" in carried:
            assert back.answer == source.answer
        if "tokens" in carried:
            assert list(back.tokens) == [t.model_dump() for t in source.tokens]
        if "timestamp" in carried:
            assert back.updated_at.timestamp() == int(source.updated_at.timestamp())
        if "timestamps" in carried:
            assert (back.created_at, back.updated_at) == (source.created_at, source.updated_at)
        attrs = {(s.start, s.end, s.label): s.attrs for s in back.spans}
        if "attrs_as_text" in carried:  # values come back as text; the import types them
            specs = schema().by_name
            attrs = {k: typed_attrs(specs[k[2]].attributes, a) for k, a in attrs.items()}
        expected = {(s.start, s.end, s.label): s.attrs for s in source.spans}
        if "attrs_binary" in carried:  # brat attributes are binary: a false one is left out
            expected = {
                k: {n: v for n, v in a.items() if v is not False} for k, a in expected.items()
            }
        if "attrs" in carried:
            assert attrs == expected
        else:
            assert all(a == {} for a in attrs.values())


@pytest.mark.parametrize("fmt", ["doccano", "prodigy"])
def test_readable_roundtrip_span_attrs_are_kept_and_said_where(tmp_path, fmt):
    manifest = export(_sources(), fmt, tmp_path, answers=("accept", "reject"))
    assert manifest["converted"] == []
    assert manifest["dropped_parts"] == {}
    assert "attrs" in manifest["format_details"]["span_attrs"]


def test_readable_roundtrip_brat_splits_multiline_spans_into_fragments(tmp_path):
    export(_sources(), "brat", tmp_path, answers=("accept", "reject"))
    anns = [p.read_text(encoding="utf-8") for p in (tmp_path / "train").glob("*.ann")]
    assert any("QUOTE" in a and ";" in a for a in anns)
    assert any("\tiso T1 KE\n" in a for a in anns)
    assert not any("AnnotatorNotes" in a for a in anns)


@pytest.mark.parametrize(
    ("fmt", "name", "content", "message"),
    [
        ("prodigy", "a.jsonl", '{"text": "Kenya"}\n{"text": 5}\n', "non-empty 'text'"),
        (
            "prodigy",
            "a.jsonl",
            '{"text": "Kenya", "spans": [{"start": 0, "end": 9, "label": "C"}]}\n',
            "outside the text",
        ),
        ("prodigy", "a.jsonl", '{"text": "Kenya"\n', "invalid JSON"),
        ("doccano", "a.jsonl", '{"text": "Kenya", "label": [[0, 5]]}\n', "[start, end, label]"),
        (
            "labelstudio",
            "a.json",
            '[{"data": {"text": "😀 Kenya"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 2, "end": 7, "text": "Nepal", "labels": ["C"]}}]}]}]',
            "value.text 'Nepal' differs",
        ),
        ("labelstudio", "a.json", '[{"data": {}}]', "data.text"),
    ],
)
def test_readable_roundtrip_bad_input_names_where(tmp_path, fmt, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    _, problems = _read(fmt, path)
    assert problems and message in problems[-1].message
    assert problems[-1].path == str(path)


def test_readable_roundtrip_brat_bad_offsets_name_the_line(tmp_path):
    (tmp_path / "d.txt").write_text("Kenya spoke.", encoding="utf-8")
    (tmp_path / "d.ann").write_text(
        "T1\tCOUNTRY 0 5\tKenya\nT2\tCOUNTRY 0 4\tKenya\n", encoding="utf-8"
    )
    _, problems = _read("brat", tmp_path)
    (problem,) = problems
    assert problem.line == 2 and "differs" in problem.message
