"""Model suggester: any spaCy pipeline (package name or path) with a map from its labels to the schema's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from annotator.records.models import Document, Suggestion
from annotator.records.tokenization import TokenIndex
from annotator.schema.model import LabelSchema
from annotator.suggest.base import BATCH_SIZE, Candidate, SuggesterError, admit, register

DEFAULT_LABEL_MAP = {
    "PERSON": "ACTOR",
    "ORG": "ACTOR",
    "NORP": "ACTOR",
    "GPE": "COUNTRY",
    "CARDINAL": "FIGURE",
    "QUANTITY": "FIGURE",
}


def parse_label_map(text: str, schema: LabelSchema) -> dict[str, str]:
    """Parse 'PERSON:ACTOR,GPE:COUNTRY' (or '=' instead of ':'); every target must be a schema label."""
    mapping: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        source, sep, target = item.replace("=", ":").partition(":")
        if not sep or not source or not target:
            raise SuggesterError(
                f"label map entry {item!r} must look like MODEL_LABEL:SCHEMA_LABEL"
            )
        if target not in schema.by_name:
            raise SuggesterError(
                f"label map entry {item!r}: {target} is not a label of {schema.ref} "
                f"({', '.join(schema.label_names)})"
            )
        mapping[source] = target
    return mapping


def _span_groups(nlp: Any) -> list[str]:
    """Span group keys the pipeline's span categorizers write to."""
    keys = []
    for _, component in nlp.pipeline:
        key = getattr(component, "key", None)
        if isinstance(key, str) and hasattr(component, "suggester"):
            keys.append(key)
    return keys


class ModelSuggester:
    """Runs a spaCy pipeline on the documents' texts and maps its entities and spans to labels."""

    def __init__(self, nlp: Any, schema: LabelSchema, label_map: dict[str, str], name: str) -> None:
        """Keep the pipeline, the schema and the resolved map from model labels to schema labels."""
        self.nlp = nlp
        self.schema = schema
        self.label_map = label_map
        self.name = name
        self.groups = _span_groups(nlp)

    def _target(self, label: str) -> str | None:
        """Schema label a model label maps to, or None to drop it."""
        if label in self.label_map:
            return self.label_map[label]
        return label if label in self.schema.by_name else None

    def suggest(self, docs: Iterable[Document]) -> Iterator[list[Suggestion]]:
        """Yield each document's suggestions, running the pipeline with `nlp.pipe` in batches.

        The pipeline tokenizes each text itself (`nlp.make_doc`, whitespace tokens included), as
        the training DocBins were built; its spans are mapped back to the document's tokens by
        character offsets.
        """
        batch: list[Document] = []

        def run(chunk: list[Document]) -> Iterator[list[Suggestion]]:
            texts = (d.text for d in chunk)
            for doc, spacy_doc in zip(chunk, self.nlp.pipe(texts), strict=True):
                index = TokenIndex.of(doc.tokens)
                yield admit(doc, self._candidates(doc.text, spacy_doc, index), self.schema, index)

        for doc in docs:
            batch.append(doc)
            if len(batch) >= BATCH_SIZE:
                yield from run(batch)
                batch = []
        if batch:
            yield from run(batch)

    def _candidates(self, text: str, spacy_doc: Any, index: TokenIndex) -> list[Candidate]:
        """Entities and span-group spans as candidates in the document's own token indices."""
        found: list[Candidate] = []
        source = f"model:{self.name}"
        predicted = [(ent, 1.0) for ent in spacy_doc.ents]
        for key in self.groups:
            group = spacy_doc.spans.get(key)
            if group is None:
                continue
            scores = group.attrs.get("scores")
            predicted += [
                (span, float(scores[i]) if scores is not None else 1.0)
                for i, span in enumerate(group)
            ]
        for span, score in predicted:
            target = self._target(span.label_)
            aligned = _aligned(text, span.start_char, span.end_char, index) if target else None
            if target and aligned is not None:
                found.append(Candidate(aligned[0], aligned[1], target, source, score))
        return found


def _aligned(text: str, start: int, end: int, index: TokenIndex) -> tuple[int, int] | None:
    """Inclusive document token indices of a predicted char span, edge whitespace dropped.

    None when an edge falls inside a document token (a pipeline with another tokenizer).
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return index.char_span_to_tokens(start, end) if end > start else None


def load_pipeline(target: str) -> Any:
    """Load a spaCy pipeline by path or installed package; SuggesterError says what to give instead."""
    import spacy

    path = Path(target)
    if path.is_dir() and (path / "model-best").is_dir() and not (path / "meta.json").exists():
        path = path / "model-best"
    try:
        return spacy.load(path if path.exists() else target)
    except (OSError, ValueError, KeyError, ImportError) as exc:
        detail = " ".join(str(exc).split())[:300]
        raise SuggesterError(
            f"cannot load the spaCy pipeline {target!r} ({detail}); give the folder written by "
            "'annotator train --out DIR' or the name of an installed pipeline package"
        ) from None


@register("model")
def build_model_suggester(argument: str, schema: LabelSchema) -> ModelSuggester:
    """Build from 'PATH_OR_PACKAGE[?map=MODEL:SCHEMA,...]'; without a map, known NER labels are mapped."""
    target, _, query = argument.partition("?")
    if not target:
        raise SuggesterError("model suggester needs a pipeline: use model:PATH or model:PACKAGE")
    options = parse_qs(query, keep_blank_values=True)
    unknown = set(options) - {"map"}
    if unknown:
        raise SuggesterError(f"model:{argument}: unknown option(s) {sorted(unknown)}; only 'map'")
    nlp = load_pipeline(target)
    if "map" in options:
        label_map = parse_label_map(",".join(options["map"]), schema)
    else:
        label_map = {k: v for k, v in DEFAULT_LABEL_MAP.items() if v in schema.by_name}
    return ModelSuggester(nlp, schema, label_map, Path(target).name or target)
