"""EditSession without an App: every editing command, undo/redo, overlap rules, replay == live."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.records.models import Suggestion, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.session.edit import EditSession

TEXT = (
    "Kenya’s President William Ruto said “young Kenyans were recruited by Russia” today.\n"
    "Nearly 200 foreign nationals from 37 countries were captured. The Coordination "
    "Headquarters for the Treatment of Prisoners of War counted at least 3,388 fighters."
)


@pytest.fixture(scope="module")
def doc():
    return make_document(TEXT, tokenize(TEXT), tokenizer_id())


def tok(session: EditSession, word: str, nth: int = 0) -> int:
    """Index of the nth token whose text is `word`."""
    hits = [i for i, w in enumerate(session.nav.words) if w == word]
    return hits[nth]


def texts(session: EditSession) -> list[tuple[str, str]]:
    return [(s.label, s.text) for s in session.ordered()]


def do(session: EditSession, plan) -> dict:
    assert plan.op is not None, plan.message
    json.dumps(plan.op)  # every op is JSON-able
    session.perform(plan.op)
    return plan.op


def select(session: EditSession, first: str, last: str) -> None:
    session.moves.select_range(tok(session, first), tok(session, last))


def test_session_label_multi_token_selection(doc, schema):
    s = EditSession(doc, schema)
    select(s, "President", "Ruto")
    do(s, s.plan_label("ACTOR"))
    assert texts(s) == [("ACTOR", "President William Ruto")]
    assert s.selection() is None and s.focus == s.ordered()[0].key


def test_session_label_cursor_token_and_toggle_off(doc, schema):
    s = EditSession(doc, schema)
    s.moves.move_to(tok(s, "Kenya"))
    do(s, s.plan_label("COUNTRY"))
    assert texts(s) == [("COUNTRY", "Kenya")]
    do(s, s.plan_label("COUNTRY"))
    assert texts(s) == []


def test_session_nested_spans_inside_quote_allowed(doc, schema):
    s = EditSession(doc, schema)
    s.moves.move_to(tok(s, "young"))
    assert s.moves.select_quote() == ""
    do(s, s.plan_label("QUOTE"))
    s.moves.move_to(tok(s, "Russia"))
    do(s, s.plan_label("COUNTRY"))
    assert texts(s) == [("QUOTE", "young Kenyans were recruited by Russia"), ("COUNTRY", "Russia")]
    assert s.issues() == []


def test_session_crossing_quote_is_refused(doc, schema):
    s = EditSession(doc, schema)
    s.moves.move_to(tok(s, "young"))
    s.moves.select_quote()
    do(s, s.plan_label("QUOTE"))
    select(s, "Russia", "today")
    plan = s.plan_label("ACTOR")
    assert plan.op is None and "overlap" in plan.message
    assert len(s.spans) == 1


def test_session_label_replaces_contained_disallowed_span(doc, schema):
    s = EditSession(doc, schema)
    s.moves.move_to(tok(s, "William"))
    do(s, s.plan_label("ACTOR"))
    select(s, "President", "Ruto")
    do(s, s.plan_label("ACTOR"))
    assert texts(s) == [("ACTOR", "President William Ruto")]
    s.moves.move_to(tok(s, "William"))
    assert s.plan_label("COUNTRY").op is None  # inside an ACTOR: refused, ACTOR kept


def test_session_resize_relabel_delete(doc, schema):
    s = EditSession(doc, schema)
    select(s, "William", "Ruto")
    do(s, s.plan_label("ACTOR"))
    do(s, s.plan_resize("start", -1))
    assert texts(s) == [("ACTOR", "President William Ruto")]
    do(s, s.plan_resize("end", -1))
    assert texts(s) == [("ACTOR", "President William")]
    do(s, s.plan_resize("end", +1))
    do(s, s.plan_relabel("COUNTRY"))
    assert texts(s) == [("COUNTRY", "President William Ruto")]
    s.moves.clear()
    s.moves.move_to(tok(s, "Ruto"))
    do(s, s.plan_delete())
    assert texts(s) == []
    assert s.plan_delete().op is None


def test_session_resize_cannot_collapse_or_leave_text(doc, schema):
    s = EditSession(doc, schema)
    s.moves.move_to(0)
    do(s, s.plan_label("COUNTRY"))
    assert s.plan_resize("end", -1).op is None
    assert s.plan_resize("start", -1).op is None


def test_session_undo_three_then_redo(doc, schema):
    s = EditSession(doc, schema)
    for word in ("Kenya", "Russia", "Nearly"):
        s.moves.move_to(tok(s, word))
        do(s, s.plan_label("COUNTRY"))
    assert len(s.spans) == 3
    for expected in (2, 1, 0):
        do(s, s.plan_undo())
        assert len(s.spans) == expected
    assert s.plan_undo().op is None
    do(s, s.plan_redo())
    assert texts(s) == [("COUNTRY", "Kenya")]
    s.moves.move_to(tok(s, "War"))
    do(s, s.plan_label("ACTOR"))
    assert s.plan_redo().op is None  # a new edit clears the redo stack


def test_session_undo_restores_replaced_spans(doc, schema):
    s = EditSession(doc, schema)
    s.moves.move_to(tok(s, "William"))
    do(s, s.plan_label("ACTOR"))
    select(s, "President", "Ruto")
    do(s, s.plan_label("ACTOR"))
    do(s, s.plan_undo())
    assert texts(s) == [("ACTOR", "William")]


def test_session_replay_equals_live_state(doc, schema):
    s = EditSession(doc, schema)
    ops = []
    s.moves.move_to(tok(s, "Kenya"))
    ops.append(do(s, s.plan_label("COUNTRY")))
    select(s, "President", "Ruto")
    ops.append(do(s, s.plan_label("ACTOR")))
    ops.append(do(s, s.plan_resize("start", +1)))
    ops.append(do(s, s.plan_undo()))
    ops.append(do(s, s.plan_undo()))
    ops.append(do(s, s.plan_redo()))
    replayed = EditSession.replay(doc, schema, json.loads(json.dumps(ops)))
    assert replayed.spans == s.spans
    assert replayed.undo_stack == s.undo_stack
    assert replayed.redo_stack == s.redo_stack


COMMANDS = st.lists(
    st.tuples(
        st.sampled_from(["label", "delete", "resize", "relabel", "undo", "redo"]),
        st.integers(0, 40),
        st.integers(0, 3),
        st.sampled_from(["ACTOR", "COUNTRY", "QUOTE", "FIGURE"]),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(COMMANDS)
def test_session_replay_equals_live_for_any_command_sequence(doc, schema, commands):
    s = EditSession(doc, schema)
    ops = []
    for name, at, width, label in commands:
        s.moves.select_range(at, min(at + width, len(s.index) - 1))
        plan = {
            "label": lambda label=label: s.plan_label(label),
            "delete": s.plan_delete,
            "resize": lambda width=width: s.plan_resize("end" if width % 2 else "start", 1),
            "relabel": lambda label=label: s.plan_relabel(label),
            "undo": s.plan_undo,
            "redo": s.plan_redo,
        }[name]()
        if plan.op is not None:
            ops.append(json.loads(json.dumps(plan.op)))
            s.perform(plan.op)
    replayed = EditSession.replay(doc, schema, ops)
    assert replayed.spans == s.spans
    assert (replayed.undo_stack, replayed.redo_stack) == (s.undo_stack, s.redo_stack)
    for span in s.spans.values():
        assert TEXT[span.start : span.end] == span.text


def test_session_base_op_restores_earlier_spans(doc, schema):
    spans = [make_span(doc, 0, 5, "COUNTRY")]
    s = EditSession.replay(doc, schema, [EditSession.base_op(spans)])
    assert texts(s) == [("COUNTRY", "Kenya")]
    assert s.plan_undo().op is None  # the base is not an undoable edit


def test_session_smart_selections(doc, schema):
    s = EditSession(doc, schema)
    s.moves.move_to(tok(s, "Kenyans"))
    s.moves.select_quote()
    assert s.selection() == (tok(s, "young"), tok(s, "Russia"))
    s.moves.move_to(tok(s, "Headquarters"))
    s.moves.select_name()
    first, last = s.selection()
    assert " ".join(s.nav.words[first : last + 1]) == (
        "Coordination Headquarters for the Treatment of Prisoners of War"
    )
    s.moves.move_to(tok(s, "3,388"))
    s.moves.select_name()
    first, last = s.selection()
    assert s.nav.words[first : last + 1] == ["at", "least", "3,388"]
    s.moves.move_to(tok(s, "said"))
    assert "no name" in s.moves.select_name()


def test_session_unlabelled_next_skips_labelled_regions(doc, schema):
    s = EditSession(doc, schema)
    found = []
    for label in ("COUNTRY", "ACTOR", "QUOTE", "COUNTRY", "COUNTRY"):
        assert s.moves.unlabelled_next() == ""
        first, last = s.selection()
        found.append(" ".join(s.nav.words[first : last + 1]))
        do(s, s.plan_label(label))
    assert found == [
        "Kenya",
        "President William Ruto",
        "young Kenyans were recruited by Russia",
        "Kenyans",
        "Russia",
    ]


def test_session_sentence_and_paragraph_moves(doc, schema):
    s = EditSession(doc, schema)
    s.moves.sentence_next()
    assert s.nav.words[s.cursor] == "Nearly"
    s.moves.sentence_next()
    assert s.nav.words[s.cursor] == "The"
    s.moves.sentence_prev()
    assert s.nav.words[s.cursor] == "Nearly"
    s.moves.doc_start()
    s.moves.paragraph_next()
    assert s.nav.words[s.cursor] == "Nearly"


def test_session_search_smart_case_and_bad_regex(doc, schema):
    s = EditSession(doc, schema)
    assert s.moves.search("kenya") == "match 1 of 2"
    assert s.nav.words[s.cursor] == "Kenya"
    s.moves.match_step(+1)
    assert s.nav.words[s.cursor] == "Kenyans"
    assert s.moves.search("Kenyans") == "match 1 of 1"
    assert s.moves.search("(unclosed").startswith("bad regular expression")


def test_session_selection_grows_and_shrinks_from_anchor(doc, schema):
    s = EditSession(doc, schema)
    s.moves.move_to(3)
    s.moves.grow(+1)
    s.moves.grow(+1)
    assert s.selection() == (3, 5)
    s.moves.grow(-1)
    s.moves.grow(-1)
    s.moves.grow(-1)
    assert s.selection() == (2, 3)
    s.moves.clear()
    s.moves.toggle_select_mode()
    s.moves.right()
    assert s.selection() == (2, 3)


def test_session_suggestions_accept_reject_undo(doc, schema):
    kenya = make_span(doc, 0, 5, "COUNTRY")
    ruto = make_span(doc, 18, 30, "ACTOR")
    s = EditSession(
        doc,
        schema,
        suggestions=[Suggestion(span=kenya, source="p"), Suggestion(span=ruto, source="p")],
    )
    s.moves.suggestion_step()
    assert s.suggestion_focus == kenya.key
    do(s, s.plan_accept_suggestion())
    assert texts(s) == [("COUNTRY", "Kenya")]
    s.moves.suggestion_step()
    do(s, s.plan_reject_suggestion())
    assert s.open_suggestions() == []
    do(s, s.plan_undo())
    assert [x.span.key for x in s.open_suggestions()] == [ruto.key]
    do(s, s.plan_accept_all())
    assert len(s.spans) == 2


def test_session_issues_name_the_offending_span(doc, schema):
    s = EditSession(doc, schema)
    s.moves.move_to(tok(s, "said"))
    do(s, s.plan_label("FIGURE"))
    found = s.issues()
    assert found and found[0][1] == s.ordered()[0].key
    assert found[0][0].code.endswith("301")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 6), st.sampled_from(["QUOTE", "ACTOR"])),
        max_size=12,
    ),
    st.integers(0, 40),
    st.integers(0, 8),
)
def test_session_spans_overlapping_equals_a_full_scan(doc, schema, ranges, first, width):
    spans = []
    for start, length, label in ranges:
        last = min(start + length, len(doc.tokens) - 1)
        a, b = doc.tokens[start].start, doc.tokens[last].end
        spans.append(make_span(doc, a, b, label))
    s = EditSession(doc, schema, spans)
    last = min(first + width, len(doc.tokens) - 1)
    found = {span.key for span in s.spans_over_tokens(first, last)}
    expected = {
        span.key
        for span in s.spans.values()
        if span.token_start <= last and span.token_end >= first
    }
    assert found == expected
    for token in range(first, last + 1):
        slow = [k for k, span in s.spans.items() if span.token_start <= token <= span.token_end]
        assert sorted(span.key for span in s.spans_at(token)) == sorted(slow)
