"""Label Studio: offsets in UTF-16 code units, so emoji and astral characters never shift a span."""

from __future__ import annotations

import orjson
from export_helpers import export, keys, record

from annotator.formats.labelstudio import read_labelstudio

ASTRAL = "😀 🇺🇦 𝔘𝔨𝔯𝔞𝔦𝔫𝔢 𠜎"


def _utf16(text: str, offset: int) -> int:
    """What JavaScript's String.length counts for text[:offset]."""
    return len(text[:offset].encode("utf-16-le")) // 2


def test_labelstudio_emoji_before_spans_roundtrip_exactly(tmp_path):
    text = f"{ASTRAL} Kenya’s President William Ruto {ASTRAL} said Russia 🇷🇺 recruited men."
    source = record(
        text, [("Kenya", "COUNTRY"), ("President William Ruto", "ACTOR"), ("Russia", "COUNTRY")]
    )
    export([source], "labelstudio", tmp_path)
    (task,) = orjson.loads((tmp_path / "train.json").read_bytes())
    for item in task["annotations"][0]["result"]:
        value = item["value"]
        span = next(s for s in source.spans if s.text == value["text"])
        assert (value["start"], value["end"]) == (_utf16(text, span.start), _utf16(text, span.end))
        assert value["start"] > span.start
    (back,) = list(read_labelstudio(tmp_path / "train.json"))
    assert back.text == text
    assert keys(back.spans) == keys(source.spans)
    assert [text[s.start : s.end] for s in back.spans] == [s.text for s in source.spans]


def test_labelstudio_groups_annotators_of_one_document_in_one_task(tmp_path):
    text = "Kenya and Nepal sent men."
    a = record(text, [("Kenya", "COUNTRY")], annotator="ana")
    b = record(text, [("Kenya", "COUNTRY"), ("Nepal", "COUNTRY")], annotator="ben")
    export([a, b], "labelstudio", tmp_path)
    (task,) = orjson.loads((tmp_path / "train.json").read_bytes())
    assert [x["annotator"] for x in task["annotations"]] == ["ana", "ben"]
    config = (tmp_path / "labeling_config.xml").read_text(encoding="utf-8")
    assert '<Labels name="label" toName="text">' in config and 'value="QUOTE"' in config
    back = list(read_labelstudio(tmp_path / "train.json"))
    assert [(r.annotator, len(r.spans)) for r in back] == [("ana", 1), ("ben", 2)]


def test_labelstudio_true_or_false_as_an_offset_is_refused_by_name(tmp_path):
    """JSON true/false where an offset belongs is an error naming the field, not offset 1/0,
    in texts with and without astral characters."""
    from annotator.formats.base import ReadProblem

    for text in ("Kenya sent men.", f"{ASTRAL} Kenya sent men."):
        task = {
            "data": {"text": text},
            "annotations": [
                {"result": [{"value": {"start": False, "end": 5, "labels": ["COUNTRY"]}}]}
            ],
        }
        path = tmp_path / "tasks.json"
        path.write_bytes(orjson.dumps([task]))
        (problem,) = list(read_labelstudio(path))
        assert isinstance(problem, ReadProblem)
        assert "value.start/end must be integers" in problem.message
