"""brat round trips: real brat files imported and exported give back the same annotations, and
the sample corpus comes back from brat with its relations and attributes."""

from __future__ import annotations

import pytest
from brat_helpers import (
    annotations_of,
    brat_reading_problems,
    fixture,
    import_and_export,
    inferred_schema,
    read_one,
    schema_for,
)
from export_helpers import corpus, export, schema

from annotator.importing.run import import_paths
from annotator.records.models import canonical
from annotator.schema.model import AttributeSpec
from annotator.store import open_store

NEWS = ["Person", "Organization", "GPE", "Merge-org", "Report"]
GE = ["Protein", "Positive_regulation", "Binding", "Negative_regulation"]
CASES = {
    "news-110-note_annotation": schema_for(NEWS, {"Family": True}),
    "news-100-attribute_annotation": schema_for(NEWS),
    "GE-PMID-9119025": schema_for(GE),
    "NCBI-disease-PMID-1248000": schema_for(
        ["Disease"],
        attributes={
            "Disease": [
                AttributeSpec(
                    name="Category",
                    type="enum",
                    values=("DiseaseClass", "SpecificDisease", "Modifier", "CompositeMention"),
                    required=True,
                )
            ]
        },
    ),
    # spans inside spaCy tokens (`CD4` of `CD4(+)`) and a fragment ending inside a word: the
    # tokens are split there
    "GE-PMID-10438843": inferred_schema("GE-PMID-10438843"),
    "dkpro-document0d": inferred_schema("dkpro-document0d"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_brat_roundtrip_import_then_export_gives_back_the_same_annotations(tmp_path, name):
    source = read_one(fixture(name))
    folder, manifest = import_and_export(fixture(name), CASES[name], tmp_path)
    back = read_one(folder / f"{name}.txt")
    assert back.text == source.text
    written = (folder / f"{name}.ann").read_text(encoding="utf-8")
    assert brat_reading_problems(back.text, written) == []
    assert annotations_of(back) == annotations_of(source)
    assert back.losses == ()
    assert manifest["dropped_parts"] == {}


def test_brat_roundtrip_keeps_t_and_e_ids_and_writes_lines_brat_reads(tmp_path):
    name = "news-110-note_annotation"
    folder, _ = import_and_export(fixture(name), CASES[name], tmp_path)
    written = (folder / f"{name}.ann").read_text(encoding="utf-8").split("\n")
    assert "T6\tPerson 520 534\tOrville Wright" in written
    assert "E1\tMerge-org:T5 Org-Arg:T2 Org-Arg2:T3 Org-Arg3:T4" in written
    assert "R1\tFamily Arg1:T6 Arg2:T7" in written
    assert "#1\tAnnotatorNotes T1\tShould fictional places be annotated?" in written
    assert "#3\tAnnotatorNotes R1\tShould this be marked? It's not explicitly stated." in written


def test_brat_roundtrip_equivalences_of_an_undirected_type_are_written_as_groups(tmp_path):
    text = "IL-2 (interleukin 2, IL2) and SEA."
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    (tmp_path / "d.ann").write_text(
        "T1\tProtein 0 4\tIL-2\nT2\tProtein 6 19\tinterleukin 2\nT3\tProtein 21 24\tIL2\n"
        "T4\tProtein 30 33\tSEA\n*\tEquiv T1 T2 T3\n",
        encoding="utf-8",
    )
    folder, _ = import_and_export(
        tmp_path / "d.txt", schema_for(["Protein"], {"Equiv": False}), tmp_path
    )
    written = (folder / "d.ann").read_text(encoding="utf-8")
    assert "*\tEquiv T1 T2 T3\n" in written
    assert "R1" not in written
    conf = (folder / "annotation.conf").read_text(encoding="utf-8")
    assert "Equiv\tArg1:Protein, Arg2:Protein, <REL-TYPE>:symmetric-transitive" in conf


def test_brat_roundtrip_sample_corpus_keeps_relations_and_typed_attributes(tmp_path):
    """The seed article through brat and back into a store: same spans, attributes (numbers and
    true read back as the schema's types; false left out, as brat attributes are binary),
    relations; its document labels and false attributes named as lost."""
    (source,) = corpus()
    manifest = export([source], "brat", tmp_path / "out")
    falses = sum(1 for s in source.spans for v in s.attrs.values() if v is False)
    assert manifest["dropped_parts"] == {
        "document labels": {"count": 2, "reason": "brat has no document-level annotation"},
        "false attributes": {
            "count": falses,
            "reason": "brat attributes are binary: false is left out",
        },
    }
    store = open_store(f"sqlite:///{tmp_path / 'back.db'}")
    summary = import_paths(store, "d", [tmp_path / "out" / "train"], "brat", schema=schema())
    assert summary.problems == [] and summary.annotations == 1
    ((doc, ann),) = list(store.annotations("d"))
    store.close()
    back = canonical(doc, ann)
    kept = {s.key: {k: v for k, v in s.attrs.items() if v is not False} for s in source.spans}
    assert {s.key: s.attrs for s in back.spans} == kept
    assert all(s.id.startswith("T") for s in back.spans)

    def linked(record):
        key = {s.id: s.key for s in record.spans}
        return sorted((key[r.head], key[r.child], r.label) for r in record.relations)

    assert linked(back) == linked(source)
    assert len(back.relations) == 17


def test_brat_roundtrip_numbers_come_back_typed_and_false_is_left_out(tmp_path):
    (source,) = corpus()
    figure = next(s for s in source.spans if s.attrs.get("approx"))
    changed = figure.model_copy(update={"attrs": {**figure.attrs, "approx": False}})
    edited = source.model_copy(
        update={"spans": tuple(changed if s is figure else s for s in source.spans)}
    )
    manifest = export([edited], "brat", tmp_path / "out")
    ann = next((tmp_path / "out" / "train").glob("*.ann")).read_text(encoding="utf-8")
    assert "\tapprox T1\n" not in ann and "\tvalue T1 200.0\n" in ann
    assert manifest["dropped_parts"]["false attributes"]["count"] >= 1
    store = open_store(f"sqlite:///{tmp_path / 'back.db'}")
    import_paths(store, "d", [tmp_path / "out" / "train"], "brat", schema=schema())
    ((_, ann_back),) = list(store.annotations("d"))
    store.close()
    expected = {k: v for k, v in changed.attrs.items() if v is not False}
    assert next(s for s in ann_back.spans if s.key == figure.key).attrs == expected


def test_brat_roundtrip_import_summary_names_what_was_not_kept(tmp_path):
    (tmp_path / "d.txt").write_text("Kenya and Nepal sent men.", encoding="utf-8")
    (tmp_path / "d.ann").write_text(
        "T1\tC 0 5\tKenya\nT2\tC 10 15\tNepal\nR1\tLink Arg1:T1 Arg2:T2\n"
        "R2\tLink Arg1:T1 Arg2:T2\n#1\tSTATUS T1\tchecked\n",
        encoding="utf-8",
    )
    store = open_store(f"sqlite:///{tmp_path / 'd.db'}")
    summary = import_paths(
        store, "d", [tmp_path / "d.txt"], "brat", schema=schema_for(["C"], {"Link": True})
    )
    ((_, ann),) = list(store.annotations("d"))
    store.close()
    assert summary.annotations == 1 and summary.problems == []
    assert dict(summary.losses) == {"repeated brat relation": 1, "brat STATUS comment": 1}
    assert [(r.head, r.child) for r in ann.relations] == [("T1", "T2")]
