"""The model suggester: any spaCy pipeline on disk, its labels mapped onto the schema's."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from annotator.records.models import make_document
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.suggest import SuggesterError, get_suggester

TEXT = "Kofi Mensah said 300 men left Ghana in May 2024 for Russia."
SEEN: list[tuple[str, list[str]]] = []


@Language.component("test_record_input")
def record_input(doc):
    """Remember the text and tokens the pipeline was given."""
    SEEN.append((doc.text, [t.text for t in doc]))
    return doc


@pytest.fixture(scope="module")
def ner_model(tmp_path_factory):
    """A pipeline with an entity ruler standing in for a statistical NER model."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Kofi Mensah"},
            {"label": "CARDINAL", "pattern": "300"},
            {"label": "GPE", "pattern": "Ghana"},
            {"label": "GPE", "pattern": "Russia"},
            {"label": "DATE", "pattern": "May 2024"},
            {"label": "GPE", "pattern": "Atlantis"},
        ]
    )
    path = tmp_path_factory.mktemp("ner")
    nlp.to_disk(path)
    return path


def labelled(suggester, text=TEXT):
    doc = make_document(text, tokenize(text), tokenizer_id())
    (found,) = list(suggester.suggest([doc]))
    for s in found:
        assert doc.text[s.span.start : s.span.end] == s.span.text
        assert doc.tokens[s.span.token_start].start == s.span.start
    return {(s.span.label, s.span.text) for s in found}


def test_model_default_map_turns_ner_labels_into_schema_labels(ner_model, schema):
    got = labelled(get_suggester(f"model:{ner_model}", schema))
    assert got == {
        ("ACTOR", "Kofi Mensah"),
        ("FIGURE", "300"),
        ("COUNTRY", "Ghana"),
        ("COUNTRY", "Russia"),
    }


def test_model_explicit_map_replaces_the_default(ner_model, schema):
    got = labelled(get_suggester(f"model:{ner_model}?map=GPE:COUNTRY", schema))
    assert got == {("COUNTRY", "Ghana"), ("COUNTRY", "Russia")}


def test_model_suggestions_failing_the_schema_are_not_offered(ner_model, schema):
    got = labelled(get_suggester(f"model:{ner_model}", schema), "Atlantis sent 300 men.")
    assert ("COUNTRY", "Atlantis") not in got
    assert ("FIGURE", "300") in got


def test_model_source_names_the_pipeline(ner_model, schema):
    doc = make_document(TEXT, tokenize(TEXT), tokenizer_id())
    (found,) = list(get_suggester(f"model:{ner_model}", schema).suggest([doc]))
    assert {s.source for s in found} == {f"model:{ner_model.name}"}


@pytest.mark.parametrize(
    ("suffix", "message"),
    [
        ("?map=GPE:PLACE", "PLACE is not a label"),
        ("?map=GPE", "must look like MODEL_LABEL:SCHEMA_LABEL"),
        ("?colour=red", "unknown option"),
    ],
)
def test_model_bad_map_is_a_clear_error(ner_model, schema, suffix, message):
    with pytest.raises(SuggesterError, match=message):
        get_suggester(f"model:{ner_model}{suffix}", schema)


def test_model_missing_pipeline_says_what_to_give(tmp_path, schema):
    with pytest.raises(SuggesterError, match="annotator train --out DIR"):
        get_suggester(f"model:{tmp_path / 'missing'}", schema)


def test_model_sees_the_text_tokenized_as_in_training(tmp_path, schema):
    """The pipeline gets `nlp.make_doc(text)` (whitespace tokens kept), as training DocBins hold."""
    nlp = spacy.blank("en")
    nlp.add_pipe("test_record_input")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Kofi  Mensah"},
            {"label": "GPE", "pattern": "Ghana"},
            {"label": "CARDINAL", "pattern": [{"IS_SPACE": True}, {"LIKE_NUM": True}]},
        ]
    )
    nlp.to_disk(tmp_path / "pipe")
    text = "Kofi  Mensah said:\n\n300 men left\tGhana."
    suggester = get_suggester(f"model:{tmp_path / 'pipe'}", schema)
    SEEN.clear()
    got = labelled(suggester, text)
    expected_tokens = [t.text for t in spacy.blank("en").make_doc(text)]
    recorded = list(SEEN)
    assert recorded == [(text, expected_tokens)]
    assert got == {("ACTOR", "Kofi  Mensah"), ("FIGURE", "300"), ("COUNTRY", "Ghana")}


def test_model_span_inside_a_document_token_is_dropped(tmp_path, schema):
    """A predicted span whose edge falls inside a document token is not offered."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "Ghana"}])
    nlp.tokenizer.add_special_case("Ghanaian", [{"ORTH": "Ghana"}, {"ORTH": "ian"}])
    nlp.to_disk(tmp_path / "pipe")
    got = labelled(get_suggester(f"model:{tmp_path / 'pipe'}", schema), "Ghanaian men left Ghana.")
    assert got == {("COUNTRY", "Ghana")}
