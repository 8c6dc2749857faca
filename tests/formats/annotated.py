"""Random fully annotated records for round-trip properties: overlapping and discontinuous spans
with typed attributes, relations with attributes, and document labels, all valid for SCHEMA."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from annotator.records.models import Annotation, Relation, canonical, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import parse_schema

SCHEMA = parse_schema(
    """
name = "parts"
version = "1.0.0"

[[labels]]
name = "A"
key = "a"
severity = { overlap = "warning" }

[[labels.attributes]]
name = "n"
type = "int"

[[labels.attributes]]
name = "kind"
type = "enum"
values = ["x", "y"]

[[labels]]
name = "B"
key = "d"
severity = { overlap = "warning" }

[[labels.attributes]]
name = "ok"
type = "bool"

[[labels.attributes]]
name = "v"
type = "float"

[[labels]]
name = "Q"
key = "q"
may_contain = ["*"]
severity = { overlap = "warning" }

[[relations]]
name = "R"
key = "K"
head = ["A"]
child = ["B", "A"]

[[relations.attributes]]
name = "w"
type = "float"

[[relations]]
name = "S"
key = "Z"
head = ["Q"]
child = ["A", "B"]

[[doc_labels]]
name = "topic"
values = ["t1", "t2", "t3"]
multiple = true

[[doc_labels]]
name = "tone"
values = ["pos", "neg"]
"""
)
WORDS = ["Kenya", "men", "😀", "𝔘𝔨", "said", "200", ".", "“", "”", "O'Neil", "a-b", "é"]
SEPARATORS = [" ", " ", " ", "\n", "  ", "\n\n", "\t"]
LABEL_ATTRS = {
    "A": {"n": st.integers(-(2**40), 2**40), "kind": st.sampled_from(["x", "y"])},
    "B": {"ok": st.booleans(), "v": st.floats(-1e9, 1e9, allow_nan=False)},
    "Q": {},
}


@st.composite
def annotated_records(draw):
    """A canonical record with spans (some discontinuous), attributes, relations, doc labels."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
    text = words[0]
    for word in words[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + word
    doc = make_document(text, tokenize(text), tokenizer_id())
    tokens = doc.tokens
    n = len(tokens)
    spans = {}
    picks = st.tuples(st.integers(0, n - 1), st.integers(0, 4), st.sampled_from("ABQ"))
    for first, width, label in draw(st.lists(picks, max_size=10)):
        last = min(n - 1, first + width)
        start, end = tokens[first].start, tokens[last].end
        if (start, end, label) in spans:
            continue
        attrs = {
            name: draw(values) for name, values in LABEL_ATTRS[label].items() if draw(st.booleans())
        }
        span = make_span(doc, start, end, label, attrs)
        if last - first >= 2 and draw(st.booleans()):
            pieces = ((start, tokens[first].end), (tokens[last].start, end))
            span = span.model_copy(update={"fragments": pieces})
        spans[(start, end, label)] = span
    made = list(spans.values())
    relations = {}
    for head, child, weight in draw(
        st.lists(
            st.tuples(
                st.integers(0, 20), st.integers(0, 20), st.none() | st.floats(0, 1, width=32)
            ),
            max_size=6,
        )
    ):
        if not made:
            break
        h, c = made[head % len(made)], made[child % len(made)]
        if h.id == c.id:
            continue
        if h.label == "A" and c.label in ("A", "B"):
            attrs = {} if weight is None else {"w": float(weight)}
            relations[(h.id, c.id, "R")] = Relation(head=h.id, child=c.id, label="R", attrs=attrs)
        elif h.label == "Q" and c.label in ("A", "B"):
            relations[(h.id, c.id, "S")] = Relation(head=h.id, child=c.id, label="S")
    doc_labels = {}
    topics = draw(st.lists(st.sampled_from(["t1", "t2", "t3"]), unique=True, max_size=3))
    if topics:
        doc_labels["topic"] = tuple(topics)
    tone = draw(st.none() | st.sampled_from(["pos", "neg"]))
    if tone:
        doc_labels["tone"] = (tone,)
    when = datetime(2025, 1, 1, tzinfo=UTC)
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator=draw(st.sampled_from(["ana", "ben"])),
        answer="accept",
        spans=tuple(made),
        relations=tuple(relations.values()),
        doc_labels=doc_labels,
        schema=SCHEMA.ref,
        created_at=when,
        updated_at=when,
    )
    return canonical(doc, ann)


def span_keys(spans) -> list[tuple]:
    """Sorted (start, end, label, attrs, fragments) of spans or RawSpans."""
    return sorted(
        (s.start, s.end, s.label, sorted(s.attrs.items()), tuple(map(tuple, s.fragments)))
        for s in spans
    )


def relation_keys(relations, spans) -> list[tuple]:
    """Sorted relations as ((head start, end, label), (child ...), label, attrs), id-free."""
    by_id = {s.id: (s.start, s.end, s.label) for s in spans}
    return sorted(
        (by_id[r.head], by_id[r.child], r.label, sorted(r.attrs.items())) for r in relations
    )
