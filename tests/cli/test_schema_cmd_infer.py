"""Two commands bring any peer file in: `schema infer` writes the schema, `import` takes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.importing.run import import_paths
from annotator.schema.model import load_schema
from annotator.session.actions import reserved_keys
from annotator.store import open_store

FIXTURES = Path(__file__).resolve().parents[1] / "formats" / "fixtures"
runner = CliRunner()

# Every real fixture a peer tool wrote, with the problems the format itself cannot avoid (a
# line without text, a label definition file, a value.text that differs from the task's text).
CASES = [
    *(("brat", p.name, 0) for p in sorted((FIXTURES / "brat").glob("*.txt"))),
    *(
        ("labelstudio", f"{p.parent.name}/{p.name}", 1 if p.parent.name == "references" else 0)
        for p in sorted((FIXTURES / "labelstudio").glob("*/*.json"))
    ),
    *(("prodigy", p.name, 0) for p in sorted((FIXTURES / "prodigy").glob("*.jsonl"))),
    *(
        ("doccano", p.name, {"intent.jsonl": 1, "valid_labels.json": 2}.get(p.name, 0))
        for p in sorted((FIXTURES / "doccano").glob("*.json*"))
    ),
]


def infer(tmp_path: Path, fmt: str, *paths: Path, extra: tuple[str, ...] = ()) -> Path:
    """Run `schema infer` and keep its TOML in a file."""
    out = tmp_path / "inferred.toml"
    args = ["schema", "infer", "-f", fmt, *map(str, paths), *extra, "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(("fmt", "name", "expected_problems"), CASES)
def test_schema_infer_then_import_takes_every_real_fixture(tmp_path, fmt, name, expected_problems):
    """The inferred schema loads, keeps every key free of the TUI's, and the import with it
    refuses nothing the format allows."""
    path = FIXTURES / fmt / name
    schema = load_schema(infer(tmp_path, fmt, path))
    keys = [x.key for x in (*schema.labels, *schema.relations) if x.key]
    assert len(keys) == len(set(keys)) and not set(keys) & set(reserved_keys())
    assert all(r.key is None or r.key.isupper() for r in schema.relations)
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        summary = import_paths(store, "x", [path], fmt, schema=schema)
    finally:
        store.close()
    assert len(summary.problems) == expected_problems, summary.problems
    assert summary.imported == summary.records - expected_problems


def test_schema_infer_keeps_names_types_arguments_and_undirected_types(tmp_path):
    """Names as written; relation arguments as seen; brat `*` types undirected; attribute
    types from the values; enums for few strings; document labels with `multiple`."""
    brat = FIXTURES / "brat"
    schema = load_schema(
        infer(
            tmp_path,
            "brat",
            brat / "GE-PMID-10438843.txt",
            brat / "NCBI-disease-PMID-1248000.txt",
            brat / "news-100-attribute_annotation.txt",
            brat / "news-110-note_annotation.txt",
        )
    )
    assert {"Protein", "Positive_regulation", "Disease", "Merge-org", "Person"} <= set(
        schema.label_names
    )
    relations = schema.relation_by_name
    assert (relations["Equiv"].directed, relations["Equiv"].head) == (False, ("Protein",))
    assert (relations["Family"].directed, relations["Family"].child) == (True, ("Person",))
    (category,) = schema.by_name["Disease"].attributes
    assert (category.name, category.type) == ("Category", "enum")
    assert set(category.values) == {
        "DiseaseClass",
        "SpecificDisease",
        "Modifier",
        "CompositeMention",
    }
    (individual,) = schema.by_name["Person"].attributes
    assert (individual.name, individual.type) == ("Individual", "bool")
    doccano = FIXTURES / "doccano"
    schema = load_schema(
        infer(tmp_path, "doccano", doccano / "text_classification.jsonl", doccano / "intent.jsonl")
    )
    (category,) = schema.doc_labels
    assert (category.name, category.multiple) == ("category", True)
    assert set(category.values) == {"positive", "negative", "neutral"}


def test_schema_infer_types_numbers_and_many_strings(tmp_path):
    """Whole numbers are int, any decimal makes float, more than a dozen strings make str."""
    from annotator.schema.infer import attribute_type

    assert attribute_type([1, "2", 3]) == ("int", [])
    assert attribute_type([1, "2.5"]) == ("float", [])
    assert attribute_type([True, "false"]) == ("bool", [])
    assert attribute_type(["a", "b", "a"]) == ("enum", ["a", "b"])
    assert attribute_type([f"v{i}" for i in range(13)]) == ("str", [])


def test_schema_infer_of_files_without_spans_still_loads(tmp_path):
    """Document-label files give a schema with one placeholder label, so it loads."""
    schema = load_schema(infer(tmp_path, "prodigy", FIXTURES / "prodigy" / "textcat_multi.jsonl"))
    assert schema.label_names == ("Span",)
    assert schema.doc_labels
