"""brat test helpers: the real fixtures, schemas that fit them, and import/export round trips.

The schemas are built in code (`schema_for`) or written by `schema infer` (`inferred_schema`),
as a user brings a brat corpus in with two commands.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from export_helpers import export

from annotator.formats import get_format
from annotator.formats.base import IncomingRecord, ReadProblem
from annotator.importing.run import import_paths
from annotator.records.models import canonical
from annotator.schema.model import AttributeSpec, LabelSchema, LabelSpec, RelationSpec
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


def inferred_schema(name: str) -> LabelSchema:
    """The schema `annotator schema infer --format brat` writes for a fixture, loaded."""
    from annotator.schema.infer import infer_schema
    from annotator.schema.model import parse_schema

    records, problems = read(fixture(name))
    assert problems == []
    return parse_schema(infer_schema(records).toml(name))


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


# brat's own reading rules (nlplab/brat server/src/annotation.py), restated to check our lines:
# the file is read line by line with Python's codecs reader (it ends lines where
# str.splitlines does); an id is `[A-Za-z]+` or `#[A-Za-z]*` then digits (or `*`); the fields
# after it are cut at the first tab; a T's text field must equal its pieces joined by a space;
# no line but an event or a relation may name an event's trigger.
_ID = re.compile(r"([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*?)")


def brat_reading_problems(text: str, ann: str) -> list[str]:
    """What brat's parser would refuse in an .ann file written for `text`."""
    problems: list[str] = []
    if ann.splitlines() != ann.split("\n")[:-1]:
        problems.append("a line holds a character str.splitlines breaks at")
    defined: dict[str, str] = {}  # id -> kind
    labels: dict[str, str] = {}
    references: list[tuple[str, str]] = []  # (kind of the referring line, id)
    triggers: set[str] = set()
    for line in ann.split("\n")[:-1]:
        key, _, rest = line.partition("\t")
        data, tab, tail = rest.partition("\t")
        if key != "*" and not _ID.fullmatch(key):
            problems.append(f"bad id {key!r}")
            continue
        if key != "*" and key in defined:
            problems.append(f"duplicate id {key}")
        kind = key[0]
        defined[key] = kind
        if kind == "T":
            label, _, offsets = data.partition(" ")
            pieces = [tuple(map(int, p.split(" "))) for p in offsets.split(";")]
            labels[key] = label
            if not tab or tail != " ".join(text[a:b] for a, b in pieces):
                problems.append(f"{key}: text field differs from the pieces")
            if any(a > b or b > len(text) for a, b in pieces) or any(
                x[1] > y[0] for x, y in pairwise(pieces)
            ):
                problems.append(f"{key}: bad pieces")
        elif kind == "R":
            parts = data.split()
            args = [p.split(":") for p in parts[1:]]
            if len(args) != 2 or any(len(a) != 2 for a in args) or args[0][0] == args[1][0]:
                problems.append(f"{key}: bad relation")
            references.extend((kind, a[-1]) for a in args)
        elif kind == "E":
            parts = data.split()
            event_type, trigger = parts[0].split(":")
            triggers.add(trigger)
            references.append((kind, trigger))
            references.extend((kind, p.split(":")[1]) for p in parts[1:])
            labels[key] = event_type
            if labels.get(trigger) != event_type:
                problems.append(f"{key}: trigger {trigger} is not a {event_type}")
        elif kind in "AM":
            found = re.match(r"(.+?) (.+?) (.+?)$", data) or re.match(r"(.+?) (.+?)$", data)
            if not found:
                problems.append(f"{key}: bad attribute")
            else:
                references.append((kind, found.group(2)))
        elif kind == "N":
            found = re.match(r"(\S+) (\S+) (\S+?):(\S+)", data)
            if not found:
                problems.append(f"{key}: bad normalization")
            else:
                references.append((kind, found.group(2)))
        elif kind == "#":
            parts = data.split()
            if len(parts) != 2:
                problems.append(f"{key}: bad note")
            else:
                references.append((kind, parts[1]))
        elif kind == "*":
            references.extend((kind, ref) for ref in data.split()[1:])
    problems.extend(f"{ref} is not defined" for _, ref in references if ref not in defined)
    # only events (and, for BioNLP data, relations) may name an event's trigger
    problems.extend(
        f"a {kind} line names the trigger {ref}"
        for kind, ref in references
        if ref in triggers and kind not in "ER"
    )
    return problems
