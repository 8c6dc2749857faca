"""Model suggester: any spaCy pipeline (package name or path) with a map from its labels to the schema's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from annotator.records import Document, Suggestion
from annotator.schema import LabelSchema
from annotator.suggest.base import BATCH_SIZE, Candidate, SuggesterError, admit, register
from annotator.text import TokenIndex

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
    """Runs a spaCy pipeline on the documents' own tokens and maps its entities and spans to labels."""

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
        """Yield each document's suggestions, running the pipeline with `nlp.pipe` in batches."""
        from spacy.tokens import Doc

        batch: list[Document] = []

        def run(chunk: list[Document]) -> Iterator[list[Suggestion]]:
            inputs = [
                Doc(
                    self.nlp.vocab,
                    words=[t.text for t in d.tokens],
                    spaces=[t.ws for t in d.tokens],
                )
                for d in chunk
            ]
            for doc, spacy_doc in zip(chunk, self.nlp.pipe(inputs), strict=True):
                yield admit(
                    doc, self._candidates(spacy_doc), self.schema, TokenIndex.of(doc.tokens)
                )

        for doc in docs:
            batch.append(doc)
            if len(batch) >= BATCH_SIZE:
                yield from run(batch)
                batch = []
        if batch:
            yield from run(batch)

    def _candidates(self, spacy_doc: Any) -> list[Candidate]:
        """Entities and span-group spans as candidates (token indices match the document's)."""
        found: list[Candidate] = []
        source = f"model:{self.name}"
        for ent in spacy_doc.ents:
            target = self._target(ent.label_)
            if target:
                found.append(Candidate(ent.start, ent.end - 1, target, source))
        for key in self.groups:
            group = spacy_doc.spans.get(key)
            if group is None:
                continue
            scores = group.attrs.get("scores")
            for i, span in enumerate(group):
                target = self._target(span.label_)
                if target:
                    score = float(scores[i]) if scores is not None else 1.0
                    found.append(Candidate(span.start, span.end - 1, target, source, score))
        return found


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
