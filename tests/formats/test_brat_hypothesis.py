"""Random records with fragments, attributes, notes, normalizations, events and relations,
written as brat and read back: the same annotations, values typed by the schema again."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from brat_helpers import read_one
from export_helpers import export
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_budget import examples

from annotator.records.models import Annotation, Relation, Span, canonical, make_document
from annotator.records.tokenization import TokenIndex, tokenize, tokenizer_id
from annotator.schema.model import AttributeSpec, LabelSchema, LabelSpec, RelationSpec, typed_attrs

ATTRIBUTES = (
    AttributeSpec(name="flag", type="bool"),
    AttributeSpec(name="count", type="int"),
    AttributeSpec(name="score", type="float"),
    AttributeSpec(name="kind", type="str"),
)
SCHEMA = LabelSchema(
    name="brat-hypo",
    version="1.0.0",
    labels=tuple(
        LabelSpec(name=n, severity={"overlap": "warning"}, attributes=ATTRIBUTES) for n in "AB"
    ),
    relations=(
        RelationSpec(
            name="LINK",
            head=("*",),
            child=("*",),
            attributes=(AttributeSpec(name="sure", type="bool"),),
        ),
    ),
)
WORDS = ["Kenya", "men", "😀", "𝔘𝔨", "said", "200", ".", "“", "”", "O'Neil", "a-b", "é", "#1"]
SEPARATORS = [" ", "  ", "\n", "\r\n", "\n\n", "\t", "\u2028", "\x0b", "\x1c", "\x85", " \u2029 "]
# one line of text: no line break, no tab, not ending in whitespace
LINE = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"),
    min_size=1,
    max_size=12,
).filter(lambda t: t == t.rstrip())
NAME = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,8}", fullmatch=True)
NOTES = st.lists(st.one_of(LINE, st.just(""), st.just("a\tb")), min_size=1, max_size=2)
NORMS = st.lists(
    st.fixed_dictionaries(
        {"db": NAME, "id": st.from_regex(r"[A-Za-z0-9:._-]{1,8}", fullmatch=True), "text": LINE}
    ),
    min_size=1,
    max_size=2,
)  # an empty list of notes or normalizations is no line, and reads back as none
VALUES = {
    "flag": st.just(True),  # brat attributes are binary: false is written as absent
    "count": st.integers(-(2**63), 2**63 - 1),
    "score": st.floats(allow_nan=False, allow_infinity=False),
    "kind": LINE,
}


@st.composite
def attributes(draw) -> dict:
    """Typed span attributes, with notes and normalizations now and then."""
    found = {name: draw(values) for name, values in VALUES.items() if draw(st.booleans())}
    if draw(st.booleans()):
        found["notes"] = draw(NOTES)
    if draw(st.booleans()):
        found["norm"] = draw(NORMS)
    return found


@st.composite
def records(draw):
    """A record over random words and line breaks: spans (some in pieces), attributes, events
    on spans naming other spans, relations with attributes and role names."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=30))
    text = words[0]
    for word in words[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + word
    doc = make_document(text, tokenize(text), tokenizer_id())
    index = TokenIndex.of(doc.tokens)
    n = len(doc.tokens)
    spans: dict[tuple[int, int, str], Span] = {}
    for first, width, label, cut in draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 1), st.integers(0, 6), st.sampled_from("AB"), st.booleans()
            ),
            min_size=1,
            max_size=10,
        )
    ):
        last = min(n - 1, first + width)
        start, end = doc.tokens[first].start, doc.tokens[last].end
        fragments: tuple = ()
        if cut and last - first >= 2:  # leave out one middle token
            middle = draw(st.integers(first + 1, last - 1))
            fragments = ((start, doc.tokens[middle - 1].end), (doc.tokens[middle + 1].start, end))
        aligned = index.char_span_to_tokens(start, end)
        spans.setdefault(
            (start, end, label),
            Span(
                start=start,
                end=end,
                token_start=aligned[0],
                token_end=aligned[1],
                label=label,
                text=text[start:end],
                attrs=draw(attributes()),
                id=f"T{len(spans) + 1}",
                fragments=fragments,
            ),
        )
    made = list(spans.values())
    ids = [s.id for s in made]
    event_count = 0
    for i, span in enumerate(made):
        if draw(st.integers(0, 3)) == 0:
            event_count += 1
            roles = draw(st.lists(st.tuples(NAME, st.sampled_from(ids)), max_size=3))
            event = {"id": f"E{event_count}", "args": [list(r) for r in roles]}
            if draw(st.booleans()):
                event["attrs"] = {"Confidence": draw(LINE)}
            if draw(st.booleans()):
                event["notes"] = draw(NOTES)
            # a trigger's own attributes and notes belong to its events (brat refuses them)
            made[i] = span.model_copy(update={"attrs": {"events": [event]}})
    relations: dict[tuple[str, str], Relation] = {}
    if len(made) > 1:
        for head, child, sure, roles in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(ids),
                    st.sampled_from(ids),
                    st.just(True),  # brat attributes are binary: false is written as absent
                    st.one_of(st.none(), st.just(["Cause", "Theme"])),
                ),
                max_size=4,
            )
        ):
            if head != child:
                attrs: dict = {"sure": sure}
                if roles:
                    attrs["roles"] = roles
                relations.setdefault(
                    (head, child), Relation(head=head, child=child, label="LINK", attrs=attrs)
                )
    when = datetime(2025, 1, 1, tzinfo=UTC)
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator="ana",
        answer="accept",
        spans=tuple(made),
        relations=tuple(relations.values()),
        schema=SCHEMA.ref,
        created_at=when,
        updated_at=when,
    )
    return canonical(doc, ann)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_brat_hypothesis_write_then_read_gives_back_every_part(source):
    with tempfile.TemporaryDirectory() as tmp:
        manifest = export([source], "brat", Path(tmp) / "out", schema=SCHEMA)
        assert manifest["dropped_parts"] == {}
        (txt,) = list((Path(tmp) / "out" / "train").glob("*.txt"))
        back = read_one(txt)
    assert back.text == source.text
    assert back.losses == ()
    spans = {
        s.id: (s.start, s.end, s.label, s.fragments, typed_attrs(ATTRIBUTES, s.attrs))
        for s in back.spans
    }
    assert spans == {s.id: (s.start, s.end, s.label, s.fragments, s.attrs) for s in source.spans}
    relations = {
        (r.head, r.child, r.label): typed_attrs(SCHEMA.relations[0].attributes, r.attrs)
        for r in back.relations
    }
    assert relations == {(r.head, r.child, r.label): r.attrs for r in source.relations}
