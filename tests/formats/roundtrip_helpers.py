"""Helpers of the doccano and Prodigy tests: relations by span keys, a schema file, the CLI, and
a hypothesis strategy for records holding everything the model holds."""

from __future__ import annotations

from pathlib import Path

from export_helpers import T0
from hypothesis import strategies as st
from typer.testing import CliRunner

from annotator.cli import app
from annotator.records.models import Annotation, Relation, canonical, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id

runner = CliRunner()


def relation_keys(record) -> list[tuple[tuple[int, int, str], tuple[int, int, str], str]]:
    """Relations as (head key, child key, label), whatever the span ids are."""
    by_id = {s.id: (s.start, s.end, s.label) for s in record.spans}
    return sorted((by_id[r.head], by_id[r.child], r.label) for r in record.relations)


def schema_file(tmp_path: Path, labels: list[str], doc_labels: str = "") -> Path:
    """A schema TOML with these labels (and any tables given after them), written to tmp_path."""
    path = tmp_path / "schema.toml"
    tables = "".join(f'[[labels]]\nname = "{name}"\n' for name in labels)
    path.write_text(f'name = "t"\nversion = "1.0.0"\n{tables}{doc_labels}', encoding="utf-8")
    return path


def invoke(*args: str):
    """Run the CLI in-process."""
    return runner.invoke(app, list(args), catch_exceptions=False)


WORDS = ["Kenya", "men", "said", "200", ".", "“", "”", "é", "😀", "a-b"]
LABELS = ["A", "B", "Q"]
META_KEYS = ["title", "id", "Comments", "label", "text", "meta", "annotator"]
ATTR_VALUES = st.one_of(
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
)
NAMES = st.sampled_from(["category", "choice", "relevance", "stance"])
VALUES = st.text(alphabet="ab:-é ", min_size=1, max_size=4)


@st.composite
def annotated(draw):
    """A record with spans (some with attributes), relations between them and document labels."""
    text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=12)))
    meta = draw(st.dictionaries(st.sampled_from(META_KEYS), st.integers(0, 9), max_size=3))
    doc = make_document(text, tokenize(text), tokenizer_id(), meta)
    last = len(doc.tokens) - 1
    places = st.tuples(st.integers(0, last), st.integers(0, 2), st.sampled_from(LABELS))
    spans = {}
    for first, width, label in draw(st.lists(places, max_size=6)):
        start, end = doc.tokens[first].start, doc.tokens[min(last, first + width)].end
        keys = st.sampled_from(["iso3", "value", "approx"])
        attrs = draw(st.dictionaries(keys, ATTR_VALUES, max_size=2))
        spans[(start, end, label)] = make_span(doc, start, end, label, attrs)
    made = list(spans.values())
    relations = {}
    if len(made) > 1:
        ends = st.integers(0, len(made) - 1)
        for head, child, label in draw(
            st.lists(st.tuples(ends, ends, st.sampled_from(["R", "S"])), max_size=4)
        ):
            if head != child:
                relation = Relation(head=made[head].id, child=made[child].id, label=label)
                relations[relation.key] = relation
    values = st.lists(VALUES, min_size=1, max_size=2, unique=True).map(tuple)
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator=draw(st.sampled_from(["ana", "ben"])),
        answer="accept",
        spans=tuple(made),
        relations=tuple(relations.values()),
        doc_labels=draw(st.dictionaries(NAMES, values, max_size=2)),
        schema="t@1.0.0",
        created_at=T0,
        updated_at=T0,
    )
    return canonical(doc, ann)
