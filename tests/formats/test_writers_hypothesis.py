"""Random documents with overlapping spans through every writer: no crash, and the manifest's
written count equals the spans found in the files, written plus dropped equals the input."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import orjson
import spacy
from export_helpers import export
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_budget import examples
from spacy.tokens import DocBin

from annotator.formats import load_all
from annotator.formats.iob import decode_tags
from annotator.records.models import Annotation, canonical, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import parse_schema

SCHEMA = parse_schema(
    """
name = "hypo"
version = "1.0.0"
[[labels]]
name = "A"
key = "a"
severity = { overlap = "warning" }
[[labels]]
name = "B"
key = "d"
severity = { overlap = "warning" }
[[labels]]
name = "Q"
key = "q"
may_contain = ["*"]
severity = { overlap = "warning" }
"""
)
WORDS = ["Kenya", "men", "😀", "𝔘𝔨", "said", "200", ".", "“", "”", "O'Neil", "a-b", "é"]
SEPARATORS = [" ", " ", " ", "\n", "  ", "\n\n", "\t"]


def _json_lines(path: Path) -> list[dict]:
    return [orjson.loads(x) for x in path.read_bytes().splitlines() if x.strip()]


def _count_hf(out: Path) -> int:
    """Spans in the rows' `spans` columns (tag layers may leave overlapping ones out)."""
    return sum(len(row["spans"]) for path in out.glob("*.jsonl") for row in _json_lines(path))


def _count_conll(out: Path) -> int:
    total = 0
    for doc in out.joinpath("train.conll").read_text(encoding="utf-8").split("-DOCSTART-")[1:]:
        rows = [line.split(" ") for line in doc.splitlines()[1:] if line]
        for column in range(1, len(rows[0]) if rows else 1):
            total += len(decode_tags([r[column] for r in rows]))
    return total


COUNTERS = {
    "prodigy": lambda out: sum(len(r["spans"]) for r in _json_lines(out / "train.jsonl")),
    "doccano": lambda out: sum(len(r["label"]) for r in _json_lines(out / "train.jsonl")),
    "gliner": lambda out: sum(len(r["ner"]) for r in _json_lines(out / "train.jsonl")),
    "jsonl": lambda out: sum(len(r["spans"]) for p in out.glob("*.jsonl") for r in _json_lines(p)),
    "labelstudio": lambda out: sum(
        item["type"] == "labels"
        for task in orjson.loads((out / "train.json").read_bytes())
        for a in task["annotations"]
        for item in a["result"]
    ),
    "brat": lambda out: sum(
        line.startswith("T")
        for p in (out / "train").glob("*.ann")
        for line in p.read_text(encoding="utf-8").splitlines()
    ),
    "spacy": lambda out: sum(
        len(d.spans["sc"])
        for d in DocBin().from_disk(out / "train.spacy").get_docs(spacy.blank("en").vocab)
    ),
    "hf": _count_hf,
    "conll": _count_conll,
}


@st.composite
def documents(draw):
    """A record over random words and separators with random, possibly overlapping spans."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
    text = words[0]
    for word in words[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + word
    doc = make_document(text, tokenize(text), tokenizer_id())
    n = len(doc.tokens)
    raw = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, 5), st.sampled_from("ABQ")),
            max_size=12,
        )
    )
    spans = {}
    for first, width, label in raw:
        last = min(n - 1, first + width)
        start, end = doc.tokens[first].start, doc.tokens[last].end
        spans[(start, end, label)] = make_span(doc, start, end, label)
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator=draw(st.sampled_from(["ana", "ben"])),
        answer="accept",
        spans=tuple(spans.values()),
        schema=SCHEMA.ref,
        created_at=draw(st.datetimes(max_value=datetime(2099, 1, 1), timezones=st.just(UTC))),
        updated_at=datetime(2100, 1, 1, tzinfo=UTC),
    )
    return canonical(doc, ann)


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(documents(), min_size=1, max_size=4, unique_by=lambda r: r.doc_id))
def test_writers_hypothesis_manifest_counts_match_files(records):
    total = sum(len(r.spans) for r in records)
    for fmt, spec in sorted(load_all().items()):
        if spec.writer is None:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            manifest = export(records, fmt, out, schema=SCHEMA)
            totals = manifest["totals"]
            assert totals["spans"] == total, fmt
            assert totals["spans_written"] + totals["spans_dropped"] == total, fmt
            assert COUNTERS[fmt](out) == totals["spans_written"], fmt
