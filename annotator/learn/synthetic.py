"""Generated annotated news sentences: a deterministic corpus for training tests and benchmarks."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from annotator.records.models import (
    Annotation,
    CanonicalRecord,
    canonical,
    make_document,
    make_span,
)
from annotator.records.tokenization import TokenIndex, tokenize_many, tokenizer_id
from annotator.schema.model import LabelSchema

FILLERS = {
    "ACTOR": [
        "President Ana Moreno",
        "General Piotr Kazan",
        "the Interior Ministry",
        "Defense Intelligence",
        "Minister Sara Okafor",
        "the Migration Committee",
        "Colonel Ivan Petrov",
        "Reuters",
    ],
    "COUNTRY": ["Nepal", "Kenya", "Cuba", "India", "Ghana", "Serbia", "Peru", "Laos", "Uganda"],
    "FIGURE": [
        "nearly 300",
        "at least 45",
        "more than 1,200",
        "around 80",
        "dozens",
        "over 5,000",
        "only two",
        "12",
    ],
    "TACTIC": [
        "threatened with deportation",
        "promised jobs",
        "bribery",
        "forced to sign contracts",
        "misled into joining",
        "blackmail",
        "lured",
    ],
    "QUOTE": [
        "they tricked us",
        "we had no choice",
        "nobody told us about the war",
        "I was promised a job",
        "they took our passports",
    ],
}
TEMPLATES = [
    "{ACTOR} said {FIGURE} citizens of {COUNTRY} had been {TACTIC}.",
    "In {COUNTRY}, {FIGURE} men were {TACTIC}, according to {ACTOR}.",
    "“{QUOTE}” said a recruit from {COUNTRY}, speaking to {ACTOR}.",
    "{ACTOR} warned that recruiters used {TACTIC} on {FIGURE} migrants.",
    'A soldier from {COUNTRY} said: "{QUOTE}".',
    "Officials in {COUNTRY} counted {FIGURE} cases last month.",
]


def _sentence(rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    """One sentence from a random template, with the char spans of its filled slots."""
    template = rng.choice(TEMPLATES)
    text = ""
    spans: list[tuple[int, int, str]] = []
    rest = template
    while "{" in rest:
        before, _, after = rest.partition("{")
        label, _, rest = after.partition("}")
        text += before
        value = rng.choice(FILLERS[label])
        if label == "ACTOR" and value.startswith("the "):
            text += "the "
            value = value[4:]
        if not text or text.endswith(". "):
            value = value[0].upper() + value[1:]
        spans.append((len(text), len(text) + len(value), label))
        text += value
    return text + rest, spans


def generate_texts(count: int, seed: int = 0, sentences: int = 4) -> list[tuple[str, list]]:
    """`count` generated documents of a few sentences each, with their (start, end, label) spans."""
    rng = random.Random(seed)
    out: list[tuple[str, list]] = []
    for _ in range(count):
        text = ""
        spans: list[tuple[int, int, str]] = []
        for _ in range(sentences):
            sentence, found = _sentence(rng)
            offset = len(text)
            spans.extend((s + offset, e + offset, label) for s, e, label in found)
            text += sentence + " "
        out.append((text.rstrip(), spans))
    return out


def generate_records(
    count: int, schema: LabelSchema, seed: int = 0, sentences: int = 4
) -> list[CanonicalRecord]:
    """Generated documents as accepted canonical records annotated by 'synthetic'."""
    made = generate_texts(count, seed, sentences)
    stamp = datetime(2025, 1, 1, tzinfo=UTC)
    records: list[CanonicalRecord] = []
    token_lists = tokenize_many([text for text, _ in made], schema.language)
    for (text, spans), tokens in zip(made, token_lists, strict=True):
        doc = make_document(text, tokens, tokenizer_id(schema.language), {"source": "synthetic"})
        index = TokenIndex.of(doc.tokens)
        unique = sorted(set(spans))
        ann = Annotation(
            doc_id=doc.doc_id,
            annotator="synthetic",
            answer="accept",
            spans=tuple(make_span(doc, s, e, label, index=index) for s, e, label in unique),
            schema=schema.ref,
            created_at=stamp,
            updated_at=stamp,
        )
        records.append(canonical(doc, ann))
    return records
