"""Phrase moves of the pure session: word and clause motions, hints, `e` candidates, auto-advance."""

from __future__ import annotations

import pytest

from annotator.records.models import Suggestion, make_document, make_span
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import default_schema_path, load_schema
from annotator.session.edit import EditSession
from annotator.session.hints import hint_labels

TEXT = (
    "Moscow Signs Deal With Kenya For Growing Army\n"
    "The Kenyan government said recruits were forced to sign contracts, then sent away. "
    "However, officials in Kenya said at least 3,388 men served only one to two weeks "
    "in 2024. He added that Nearly 200 Nepalese soldiers had died near Moscow."
)


@pytest.fixture(scope="module")
def session_of():
    schema = load_schema(default_schema_path())
    doc = make_document(TEXT, tokenize(TEXT), tokenizer_id())
    return lambda suggestions=(): EditSession(doc, schema, (), suggestions)


def words(s: EditSession) -> str:
    first, last = s.selection()
    return " ".join(s.nav.words[first : last + 1])


def test_session_word_motions_extend_and_shrink(session_of):
    s = session_of()
    s.moves.move_to(s.nav.words.index("forced"))
    s.moves.word_next()
    s.moves.word_next()
    assert words(s) == "forced to sign"
    s.moves.word_prev()
    assert words(s) == "forced to"
    s.moves.clear()
    s.moves.move_to(s.nav.words.index("forced"))
    s.moves.clause_next()
    assert words(s) == "forced to sign contracts"
    s.moves.clear()
    s.moves.move_to(s.nav.words.index("contracts"))
    s.moves.clause_prev()
    assert words(s) == "The Kenyan government said recruits were forced to sign contracts"


def test_session_e_skips_sentence_openers_headline_words_years_and_adjectives(session_of):
    s = session_of()
    found = []
    while s.moves.unlabelled_next() == "":
        found.append(words(s))
    assert found == [
        "Moscow",
        "Kenya",
        "Kenya",
        "at least 3,388",
        "only one to two weeks",
        "Nearly 200",
        "Moscow",
    ]


def test_session_hint_labels_are_two_keys_nearest_first(session_of):
    s = session_of()
    cursor = s.nav.words.index("forced")
    labels = hint_labels(s.nav, 0, len(s.nav) - 1, cursor)
    assert all(len(label) == 2 for label in labels)
    assert labels["fj"[0] * 2] == cursor
    assert sorted(labels.values()) == [t for t in range(len(s.nav)) if s.nav.is_word(t)]
    s.moves.jump(labels["ff"])
    assert s.cursor == cursor and s.selection() is None


def test_session_accept_and_reject_move_to_the_next_suggestion(session_of):
    doc = session_of().doc
    kenya = [i for i in range(len(TEXT)) if TEXT.startswith("Kenya ", i)]
    spans = [make_span(doc, i, i + 5, "COUNTRY") for i in kenya]
    moscow = make_span(doc, 0, 6, "ACTOR")
    s = session_of([Suggestion(span=x, source="p") for x in [moscow, *spans]])
    s.moves.suggestion_step()
    assert s.suggestion_focus == moscow.key
    s.perform(s.plan_accept_suggestion().op)
    assert s.suggestion_focus == spans[0].key
    s.perform(s.plan_reject_suggestion().op)
    assert s.suggestion_focus == spans[1].key
    s.perform(s.plan_accept_suggestion().op)
    assert s.suggestion_focus is None
    assert sorted(k[0] for k in s.spans) == [0, kenya[1]]
