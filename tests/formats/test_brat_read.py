"""brat reading: every annotation kind of real brat files lands in the model, or is counted."""

from __future__ import annotations

import pytest
from brat_helpers import fixture, read, read_one

from annotator.formats.base import Loss


def _span(record, brat_id):
    (found,) = [s for s in record.spans if s.id == brat_id]
    return found


def _write(tmp_path, text: str, ann: str, name: str = "doc"):
    (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
    (tmp_path / f"{name}.ann").write_text(ann, encoding="utf-8", newline="")
    return tmp_path / f"{name}.txt"


def test_brat_read_relations_run_from_arg1_to_arg2_with_their_notes():
    record = read_one(fixture("news-110-note_annotation"))
    relations = [(r.head, r.child, r.label, r.attrs) for r in record.relations]
    assert relations == [
        ("T6", "T7", "Family", {"notes": ["Should this be marked? It's not explicitly stated."]}),
        ("T13", "T14", "Family", {}),
    ]
    head = _span(record, "T6")
    assert (head.label, record.text[head.start : head.end]) == ("Person", "Orville Wright")
    assert record.losses == ()


def test_brat_read_notes_stay_plain_text_on_spans_and_events():
    record = read_one(fixture("news-110-note_annotation"))
    assert _span(record, "T1").attrs == {"notes": ["Should fictional places be annotated?"]}
    (event,) = _span(record, "T5").attrs["events"]
    assert event == {
        "id": "E1",
        "args": [["Org-Arg", "T2"], ["Org-Arg2", "T3"], ["Org-Arg3", "T4"]],
        "notes": [
            "Annotate as one merge event with three participants or two events with two "
            "participants each?"
        ],
    }


def test_brat_read_attributes_binary_as_true_and_valued_as_text():
    record = read_one(fixture("news-100-attribute_annotation"))
    assert _span(record, "T1").attrs == {"Individual": True}
    events = {e["id"]: e for s in record.spans for e in s.attrs.get("events", [])}
    assert len(events) == 10
    assert events["E1"] == {
        "id": "E1",
        "args": [["Reporter-Arg", "T1"], ["Event-Arg", "E2"]],
        "attrs": {"Confidence": "Neutral"},
    }
    confidence = {k: e.get("attrs", {}).get("Confidence") for k, e in events.items()}
    assert confidence == {
        "E1": "Neutral",
        "E2": "Low",
        "E3": "Neutral",
        "E4": "Neutral",
        "E5": "High",
        "E6": None,
        "E7": None,
        "E8": None,
        "E9": None,
        "E10": None,
    }


def test_brat_read_valued_attribute_on_every_entity():
    record = read_one(fixture("NCBI-disease-PMID-1248000"))
    categories = [s.attrs["Category"] for s in record.spans]
    assert len(categories) == 22
    assert categories.count("DiseaseClass") == 11
    assert categories.count("SpecificDisease") == 6
    assert categories.count("Modifier") == 3
    assert categories.count("CompositeMention") == 2


def test_brat_read_equivalences_become_relations_of_their_type():
    record = read_one(fixture("GE-PMID-10438843"))
    assert [(r.head, r.child, r.label) for r in record.relations] == [
        ("T8", "T7", "Equiv"),
        ("T6", "T5", "Equiv"),
    ]


def test_brat_read_old_modifiers_are_binary_attributes_of_their_event():
    record = read_one(fixture("GE-PMID-10438843"))
    events = {e["id"]: e for s in record.spans for e in s.attrs.get("events", [])}
    assert events["E7"]["attrs"] == {"Negation": True}
    assert events["E9"]["attrs"] == {"Speculation": True}
    assert [e for e in events.values() if "attrs" in e] == [events["E7"], events["E9"]]


def test_brat_read_events_sharing_a_trigger_are_all_kept():
    record = read_one(fixture("GE-PMID-9119025"))
    assert _span(record, "T4").attrs["events"] == [
        {"id": "E1", "args": [["Theme", "E4"]]},
        {"id": "E2", "args": [["Theme", "E3"]]},
    ]
    assert _span(record, "T5").attrs["events"] == [
        {"id": "E3", "args": [["Theme", "T2"]]},
        {"id": "E4", "args": [["Theme", "T1"]]},
    ]
    assert [s.id for s in record.spans if "events" in s.attrs] == ["T4", "T5", "T6"]


def test_brat_read_discontinuous_span_keeps_its_fragments():
    record = read_one(fixture("dkpro-document0d"))
    span = _span(record, "T2")
    assert (span.start, span.end, span.fragments) == (5, 10, ((5, 7), (9, 10)))
    assert [record.text[a:b] for a, b in span.fragments] == ["is", "n"]
    assert _span(record, "T3").fragments == ()
    assert _span(record, "T1").attrs == {"events": [{"id": "E1", "args": []}]}


def test_brat_read_pieces_apart_only_by_line_breaks_are_one_span(tmp_path):
    text = "New\nYork and New \r\n\n York or Rome\u2028and Paris."
    path = _write(
        tmp_path,
        text,
        "T1\tLOC 0 3;4 8\tNew York\nT2\tLOC 13 16;21 25\tNew York\n"
        "T3\tLOC 29 33;34 37\tRome and\nT4\tLOC 0 3;9 12\tNew and\n",
    )
    record = read_one(path)
    shape = {s.id: (s.start, s.end, s.fragments) for s in record.spans}
    assert shape == {
        "T1": (0, 8, ()),
        "T2": (13, 25, ()),
        "T3": (29, 37, ()),
        "T4": (0, 12, ((0, 3), (9, 12))),
    }


def test_brat_read_normalizations_in_brat_and_bionlp_forms(tmp_path):
    text = "Barack Obama met Angela Merkel."
    path = _write(
        tmp_path,
        text,
        "T1\tPerson 0 12\tBarack Obama\nN1\tReference T1 Wikipedia:534366\tBarack Obama\n"
        "T2\tPerson 17 30\tAngela Merkel\nN2\tReference T2 Wikidata:Q567\t\n"
        "N3\tReference Annotation:T2 Referent:GND:118580485\n",
    )
    record = read_one(path)
    assert _span(record, "T1").attrs == {
        "norm": [{"db": "Wikipedia", "id": "534366", "text": "Barack Obama"}]
    }
    assert _span(record, "T2").attrs == {
        "norm": [
            {"db": "Wikidata", "id": "Q567", "text": ""},
            {"db": "GND", "id": "118580485", "text": ""},
        ]
    }


def test_brat_read_keeps_every_note_of_one_entity_as_written(tmp_path):
    path = _write(
        tmp_path,
        "Discworld is flat.",
        "T1\tGPE 0 9\tDiscworld\n#1\tAnnotatorNotes T1\tfictional?\n"
        '#2\tAnnotatorNotes T1\t{"note": "json is text here"}\n#3\tAnnotatorNotes T1\t\n',
    )
    record = read_one(path)
    assert _span(record, "T1").attrs == {
        "notes": ["fictional?", '{"note": "json is text here"}', ""]
    }


@pytest.mark.parametrize("breaker", ["\u2028", "\x0b", "\x1c", "\x85", "\x0c", "\u2029"])
def test_brat_read_splits_the_ann_file_at_newlines_only(tmp_path, breaker):
    text = f"one{breaker}two three"
    path = _write(tmp_path, text, f"T1\tX 0 7\tone{breaker}two\nT2\tX 8 13\tthree\r\n")
    record = read_one(path)
    assert [(s.id, s.start, s.end) for s in record.spans] == [("T1", 0, 7), ("T2", 8, 13)]


def test_brat_read_lines_may_name_ids_defined_further_down(tmp_path):
    path = _write(
        tmp_path,
        "L binds R-PK here.",
        "R1\tProtein-Component Arg1:T1 Arg2:T2\nA1\tKnown R1\n#1\tAnnotatorNotes R1\tok\n"
        "T1\tProtein 0 1\tL\nT2\tEntity 8 12\tR-PK\n",
    )
    record = read_one(path)
    (relation,) = record.relations
    assert (relation.head, relation.child, relation.attrs) == (
        "T1",
        "T2",
        {"Known": True, "notes": ["ok"]},
    )


def test_brat_read_roles_other_than_arg1_arg2_are_kept(tmp_path):
    path = _write(
        tmp_path,
        "He saw Mary.",
        "T1\tP 0 2\tHe\nT2\tP 7 11\tMary\nR1\tCoref Anaphor:T1 Antecedent:T2\n",
    )
    (relation,) = read_one(path).relations
    assert relation.attrs == {"roles": ["Anaphor", "Antecedent"]}


def test_brat_read_counts_what_it_cannot_keep(tmp_path):
    path = _write(
        tmp_path,
        "Kenya and Kenya sent men.",
        "T1\tC 0 5\tKenya\nT2\tC 10 15\tKenya\nT3\tC 0 5\tKenya\nT4\tV 16 20\tsent\n"
        "E1\tV:T4 Agent:T1\nR1\tLink Arg1:T1 Arg2:T2\nR2\tLink Arg1:T3 Arg2:T2\n"
        "R3\tAbout Arg1:E1 Arg2:T2\nA1\tSure R3\n#1\tSTATUS T1\tdone\n",
    )
    record = read_one(path)
    assert [s.id for s in record.spans] == ["T1", "T2", "T4"]
    assert [(r.head, r.child) for r in record.relations] == [("T1", "T2")]
    assert {(loss.kind, loss.count) for loss in record.losses} == {
        ("repeated brat text span", 1),
        ("repeated brat relation", 1),
        ("brat relation with an event argument", 1),
        ("brat A line on a relation not kept", 1),
        ("brat STATUS comment", 1),
    }
    assert all(isinstance(loss, Loss) and loss.detail for loss in record.losses)


@pytest.mark.parametrize(
    ("ann", "line", "message"),
    [
        ("T1\tX 0 5\tKenya\nR1\tLink Arg1:T1\n", 2, "R1: expected 'R1<TAB>TYPE Arg1:ID Arg2:ID'"),
        ("T1\tX 0 5\tKenya\nA1\tSure T9\n", 2, "A1: it names T9, which no T, R or E line"),
        ("T1\tX 0 5\tKenya\nE1\tY:T1\n", 2, "E1: a Y event needs a Y trigger, but T1 is a X"),
        ("T1\tX 0 5\tKenya\nQ1\tfoo T1\n", 2, "Q1: unknown annotation kind"),
        ("T1\tX 0 5\tKenya\nN1\tReference T1 nocolon\n", 2, "N1: expected 'N1<TAB>Reference"),
        ("T1\tX 0 3;2 5\tKen nya\n", 1, "T1: its pieces 0 3;2 5 overlap"),
        ("T1 X 0 5 Kenya\n", 1, "expected an id, a tab"),
        ("T1\tX 0 5\tKenya\nT1\tX 6 10\tsent\n", 2, "T1: this id is used twice"),
    ],
)
def test_brat_read_bad_lines_refuse_the_document_naming_file_and_line(tmp_path, ann, line, message):
    path = _write(tmp_path, "Kenya sent men.", ann)
    records, problems = read(path)
    assert records == []
    assert [(p.path, p.line) for p in problems] == [(str(tmp_path / "doc.ann"), line)]
    assert message in problems[0].message
