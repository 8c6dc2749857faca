"""The Suggester interface, its registry, and the admission of candidate spans under a schema."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from annotator.records.models import Document, Suggestion, make_span, reading_order
from annotator.records.tokenization import TokenIndex
from annotator.schema.model import LabelSchema
from annotator.validation.rules import rules_of

BATCH_SIZE = 64


class SuggesterError(Exception):
    """A suggester cannot be built (unknown kind, missing model, bad pattern file); says how to fix it."""


@runtime_checkable
class Suggester(Protocol):
    """Something that proposes spans for documents, batch by batch."""

    name: str

    def suggest(self, docs: Iterable[Document]) -> Iterator[list[Suggestion]]:
        """Yield the suggestions of each document, in input order."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed span in token indices (inclusive), before the schema decides on it."""

    token_start: int
    token_end: int
    label: str
    source: str
    score: float = 1.0

    @property
    def length(self) -> int:
        """Number of tokens covered."""
        return self.token_end - self.token_start + 1


Factory = Callable[[str, LabelSchema], Suggester]
SUGGESTERS: dict[str, Factory] = {}


def register(kind: str) -> Callable[[Factory], Factory]:
    """Register a factory that builds a suggester from the argument after `kind:` and a schema."""

    def decorate(factory: Factory) -> Factory:
        SUGGESTERS[kind] = factory
        return factory

    return decorate


def _load_builtin() -> None:
    """Import the bundled suggester modules so they register themselves."""
    from annotator.suggest import model, patterns  # noqa: F401


def split_specs(text: str) -> list[str]:
    """Split 'patterns,model:PATH?map=A:B,C:D' at commas that start a new registered kind."""
    _load_builtin()
    parts: list[str] = []
    for piece in text.split(","):
        head = piece.strip().split(":", 1)[0].split("?", 1)[0]
        if parts and head not in SUGGESTERS:
            parts[-1] += "," + piece
        elif piece.strip():
            parts.append(piece.strip())
    return parts


def get_suggester(spec: str, schema: LabelSchema) -> Suggester:
    """Build the suggester a spec names ('patterns', 'model:PATH[?map=...]', or several joined by commas)."""
    _load_builtin()
    specs = split_specs(spec)
    if not specs:
        raise SuggesterError("no suggester named; use 'patterns' or 'model:PATH'")
    built = []
    for one in specs:
        kind, _, argument = one.partition(":")
        kind, _, query = kind.partition("?")
        if query:
            argument = f"?{query}"
        factory = SUGGESTERS.get(kind)
        if factory is None:
            known = ", ".join(sorted(SUGGESTERS))
            raise SuggesterError(f"unknown suggester {kind!r} in {spec!r}; known kinds: {known}")
        built.append(factory(argument, schema))
    return built[0] if len(built) == 1 else CombinedSuggester(tuple(built))


class CombinedSuggester:
    """Several suggesters run in turn; the suggestions of each document are concatenated, deduplicated."""

    def __init__(self, parts: tuple[Suggester, ...]) -> None:
        """Keep the parts in order; the first to propose a span keeps it."""
        self.parts = parts
        self.name = ",".join(p.name for p in parts)

    def suggest(self, docs: Iterable[Document]) -> Iterator[list[Suggestion]]:
        """Run every part on each batch and merge per document."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= BATCH_SIZE:
                yield from self._merge(batch)
                batch = []
        if batch:
            yield from self._merge(batch)

    def _merge(self, batch: list[Document]) -> Iterator[list[Suggestion]]:
        """Suggestions of one batch, merged across parts by span identity."""
        results = [list(part.suggest(batch)) for part in self.parts]
        for i in range(len(batch)):
            seen: set[tuple[int, int, str]] = set()
            merged: list[Suggestion] = []
            for per_part in results:
                for suggestion in per_part[i]:
                    if suggestion.span.key not in seen:
                        seen.add(suggestion.span.key)
                        merged.append(suggestion)
            merged.sort(key=lambda s: reading_order(s.span))
            yield merged


def _compatible(a: Candidate, b: Candidate, schema: LabelSchema) -> bool:
    """Whether two candidates may coexist under the schema's overlap policy."""
    if a.token_end < b.token_start or b.token_end < a.token_start:
        return True
    if a.label == b.label:
        return False
    specs = schema.by_name
    if a.token_start <= b.token_start and b.token_end <= a.token_end:
        return specs[a.label].allows_inside(b.label)
    if b.token_start <= a.token_start and a.token_end <= b.token_end:
        return specs[b.label].allows_inside(a.label)
    return False


def admit(
    doc: Document,
    candidates: Iterable[Candidate],
    schema: LabelSchema,
    index: TokenIndex | None = None,
) -> list[Suggestion]:
    """Keep the longest candidates that each pass the schema's span rules and fit together; as Suggestions."""
    index = index or TokenIndex.of(doc.tokens)
    ordered = sorted(
        candidates, key=lambda c: (-c.length, c.token_start, -c.score, c.label, c.source)
    )
    kept: list[tuple[Candidate, Suggestion]] = []
    for cand in ordered:
        if cand.label not in schema.by_name:
            continue
        if (
            cand.token_start < 0
            or cand.token_end >= len(index)
            or cand.token_end < cand.token_start
        ):
            continue
        if not all(_compatible(other, cand, schema) for other, _ in kept):
            continue
        start, end = index.tokens_to_chars(cand.token_start, cand.token_end)
        span = make_span(doc, start, end, cand.label, index=index)
        if rules_of(schema).span_rule_issues(doc.text, (span,)):
            continue
        score = min(1.0, max(0.0, float(cand.score)))
        kept.append((cand, Suggestion(span=span, source=cand.source, score=score)))
    suggestions = [s for _, s in kept]
    suggestions.sort(key=lambda s: reading_order(s.span))
    return suggestions
