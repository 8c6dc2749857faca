"""brat test helpers: the real fixtures, schemas that fit them, and import/export round trips.

The fixtures' labels (`Person`, `Merge-org`) are not capitals-only names, which schema files
refuse until labels may be any name without whitespace; the schemas here are built in code,
as `schema infer` will write them, so everything else about the files is tested today.
"""

from __future__ import annotations

from pathlib import Path

from export_helpers import export

from annotator.formats import get_format
from annotator.formats.base import IncomingRecord, ReadProblem
from annotator.importing import import_paths
from annotator.records import canonical
from annotator.schema import AttributeSpec, LabelSchema, LabelSpec, RelationSpec
from annotator.store import open_store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "brat"


def fixture(name: str) -> Path:
    """The .txt of a fixture pair."""
    return FIXTURES / f"{name}.txt"


def read(path: Path) -> tuple[list[IncomingRecord], list[ReadProblem]]:
    """Everything the brat reader yields for a path, records and problems apart."""
    items = list(get_format("brat").reader(path))
    return (
        [i for i in items if isinstance(i, IncomingRecord)],
        [i for i in items if isinstance(i, ReadProblem)],
    )


def read_one(path: Path) -> IncomingRecord:
    """The one record a pair gives, failing on any problem."""
    records, problems = read(path)
    assert problems == []
    (record,) = records
    return record


def schema_for(
    labels: list[str],
    relations: dict[str, bool] | None = None,
    attributes: dict[str, list[AttributeSpec]] | None = None,
) -> LabelSchema:
    """A schema of these labels (overlaps allowed), relation types over any labels (name ->
    directed) and attributes per label."""
    attributes = attributes or {}
    return LabelSchema(
        name="brat-fixture",
        version="1.0.0",
        labels=tuple(
            LabelSpec(name=label, may_contain=("*",), attributes=tuple(attributes.get(label, ())))
            for label in labels
        ),
        relations=tuple(
            RelationSpec(name=name, head=("*",), child=("*",), directed=directed)
            for name, directed in (relations or {}).items()
        ),
    )


def import_and_export(source: Path, schema: LabelSchema, tmp_path: Path) -> tuple[Path, dict]:
    """Import a brat path into a fresh SQLite store, export the dataset as brat; the export's
    split folder and its manifest."""
    store = open_store(f"sqlite:///{tmp_path / 'brat.db'}")
    summary = import_paths(store, "d", [source], "brat", schema=schema)
    assert summary.problems == [], summary.problems
    records = [canonical(doc, ann) for doc, ann in store.annotations("d")]
    store.close()
    manifest = export(records, "brat", tmp_path / "out", schema=schema)
    return tmp_path / "out" / "train", manifest


def annotations_of(record: IncomingRecord) -> tuple[set, set]:
    """A record's spans and relations as comparable sets (attrs as sorted JSON-like tuples)."""
    spans = {
        (s.id, s.start, s.end, s.label, s.fragments, repr(sorted(s.attrs.items())))
        for s in record.spans
    }
    relations = {
        (r.head, r.child, r.label, repr(sorted(r.attrs.items()))) for r in record.relations
    }
    return spans, relations
