"""The model suggester: any spaCy pipeline on disk, its labels mapped onto the schema's."""

from __future__ import annotations

import pytest
import spacy

from annotator.records import make_document
from annotator.schema import default_schema_path, load_schema
from annotator.suggest import SuggesterError, get_suggester
from annotator.text import tokenize, tokenizer_id

TEXT = "Kofi Mensah said 300 men left Ghana in May 2024 for Russia."


@pytest.fixture(scope="module")
def schema():
    return load_schema(default_schema_path())


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
