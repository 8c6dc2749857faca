"""brat writing: every part the model holds is written so brat reads it, or named as dropped."""

from __future__ import annotations

import orjson
import pytest
from brat_helpers import brat_reading_problems, read_one, schema_for
from export_helpers import corpus, export, record

from annotator.records.models import Relation


def _ann(out) -> str:
    (path,) = list((out / "train").glob("*.ann"))
    return path.read_text(encoding="utf-8")


def test_brat_write_every_line_of_the_sample_corpus_reads_in_brat(tmp_path):
    (source,) = corpus()
    export([source], "brat", tmp_path)
    ann = _ann(tmp_path)
    assert brat_reading_problems(source.text, ann) == []
    kinds = {line[0] for line in ann.split("\n") if line}
    assert kinds == {"T", "R", "A"}


def test_brat_write_discontinuous_span_as_pieces_with_texts_joined_by_a_space(tmp_path):
    text = "Kenya and also sent men."
    base = record(text, [("Kenya", "COUNTRY")])
    span = base.spans[0].model_copy(
        update={"end": 19, "token_end": 3, "text": text[:19], "fragments": ((0, 5), (15, 19))}
    )
    export([base.model_copy(update={"spans": (span,)})], "brat", tmp_path)
    ann = _ann(tmp_path)
    assert ann.startswith("T1\tCOUNTRY 0 5;15 19\tKenya sent\n")
    back = read_one(next((tmp_path / "train").glob("*.txt")))
    assert back.spans[0].fragments == ((0, 5), (15, 19))


@pytest.mark.parametrize("breaker", ["\u2028", "\x0b", "\x1c", "\x85", "\r\n", "\u2029"])
def test_brat_write_spans_holding_line_breaks_read_back_whole(tmp_path, breaker):
    text = f"“men were misled{breaker}into joining” he said."
    quote = f"men were misled{breaker}into joining"
    source = record(text, [(quote, "QUOTE")])
    source = source.model_copy(
        update={"spans": (source.spans[0].model_copy(update={"attrs": {"notes": ["ok"]}}),)}
    )
    export([source], "brat", tmp_path)
    ann = _ann(tmp_path)
    assert brat_reading_problems(text, ann) == []
    back = read_one(next((tmp_path / "train").glob("*.txt")))
    ((span,),) = [back.spans]
    assert (span.start, span.end, span.fragments, span.attrs) == (
        1,
        1 + len(quote),
        (),
        {"notes": ["ok"]},
    )


def test_brat_write_keeps_t_ids_and_numbers_new_spans_after_them(tmp_path):
    source = record(
        "Kenya and Nepal sent India men.",
        [("Kenya", "COUNTRY"), ("Nepal", "COUNTRY"), ("India", "COUNTRY")],
    )
    ids = ["T7", "COUNTRY:10-15", "T2"]
    spans = tuple(s.model_copy(update={"id": i}) for s, i in zip(source.spans, ids, strict=True))
    relation = Relation(head="COUNTRY:10-15", child="T7", label="NEAR")
    export(
        [source.model_copy(update={"spans": spans, "relations": (relation,)})],
        "brat",
        tmp_path,
        schema=schema_for(["COUNTRY"], {"NEAR": True}),
    )
    lines = _ann(tmp_path).split("\n")
    assert lines[:3] == [
        "T7\tCOUNTRY 0 5\tKenya",
        "T8\tCOUNTRY 10 15\tNepal",
        "T2\tCOUNTRY 21 26\tIndia",
    ]
    assert "R1\tNEAR Arg1:T8 Arg2:T7" in lines


def test_brat_write_names_every_part_brat_cannot_hold(tmp_path):
    (source,) = corpus()
    first, second, *rest = source.spans
    odd = first.model_copy(
        update={
            "attrs": {
                "value": 200.0,
                "list": [1, 2],
                "two words": "x",
                "notes": ["one\nline"],
                "norm": [{"db": "Wiki data", "id": "Q1", "text": ""}],
            }
        }
    )
    export([source.model_copy(update={"spans": (odd, second, *rest)})], "brat", tmp_path)
    manifest = orjson.loads((tmp_path / "manifest.json").read_bytes())
    dropped = {k: v["count"] for k, v in manifest["dropped_parts"].items()}
    falses = sum(1 for s in (second, *rest) for v in s.attrs.values() if v is False)
    assert dropped == {
        "attributes": 2,
        "notes": 1,
        "normalizations": 1,
        "document labels": 2,
        "false attributes": falses,
    }
    assert "\tvalue T1 200.0\n" in _ann(tmp_path)


def test_brat_write_annotation_conf_declares_what_the_files_use(tmp_path):
    (source,) = corpus()
    export([source], "brat", tmp_path)
    conf = (tmp_path / "train" / "annotation.conf").read_text(encoding="utf-8")
    sections = dict(
        (block.split("\n")[0], block.split("\n")[1:]) for block in conf.strip().split("\n\n")
    )
    assert sections["[entities]"] == ["ACTOR", "COUNTRY", "FIGURE", "TACTIC", "QUOTE"]
    assert "SPEAKER\tArg1:QUOTE, Arg2:ACTOR" in sections["[relations]"]
    assert "COUNTS\tArg1:FIGURE, Arg2:ACTOR|COUNTRY" in sections["[relations]"]
    assert "approx\tArg:FIGURE" in sections["[attributes]"]
    iso3 = next(x for x in sections["[attributes]"] if x.startswith("iso3\t"))
    assert iso3.startswith("iso3\tArg:COUNTRY, Value:RUS|UKR|")


def test_brat_write_leaves_what_brat_refuses_on_event_triggers_to_the_manifest(tmp_path):
    text = "Google and YouTube merged."
    source = record(text, [("Google", "ORG"), ("YouTube", "ORG"), ("merged", "MERGE")])
    org, other, trigger = source.spans
    event = {"id": "E1", "args": [["Org", org.id], ["Org2", other.id]], "attrs": {"Sure": True}}
    trigger = trigger.model_copy(update={"attrs": {"events": [event], "notes": ["x"], "k": "v"}})
    same = Relation(head=trigger.id, child=org.id, label="SAME")
    manifest = export(
        [source.model_copy(update={"spans": (org, other, trigger), "relations": (same,)})],
        "brat",
        tmp_path,
        schema=schema_for(["ORG", "MERGE"], {"SAME": False}),
    )
    ann = _ann(tmp_path)
    assert brat_reading_problems(text, ann) == []
    assert "E1\tMERGE:T3 Org:T1 Org2:T2\n" in ann and "A1\tSure E1\n" in ann
    assert "AnnotatorNotes" not in ann and "*" not in ann
    dropped = {k: v["count"] for k, v in manifest["dropped_parts"].items()}
    assert dropped == {"event trigger attributes": 2, "relations": 1}
