"""Pattern suggester: spaCy Matcher/PhraseMatcher rules from Prodigy-style JSONL pattern files.

A line is `{"label": ..., "pattern": "a phrase" | [token attrs], "id": ...}` as in Prodigy and spaCy's
SpanRuler. Optional keys this tool adds: `"lower": true` (a phrase matched case-insensitively),
`"trim": [left, right]` (drop context tokens from the match), `"propagate": true` (the last token of a
matched name is also proposed wherever it recurs in the document), `"score": 0.8` (a weaker guess that
yields to other patterns' candidates of the same length; default 1.0). A label `NOT_X` marks text where
label X must not be proposed (dates for FIGURE, regions for COUNTRY).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from annotator.bundled import PATTERN_DIR
from annotator.records.models import Document, Suggestion
from annotator.records.tokenization import TokenIndex, blank_pipeline
from annotator.schema.model import LabelSchema
from annotator.suggest.base import BATCH_SIZE, Candidate, SuggesterError, admit, register

NEGATIVE_PREFIX = "NOT_"
PATTERN_KEYS = {"label", "pattern", "id", "lower", "trim", "propagate", "score"}


def default_pattern_dir() -> Path:
    """The pattern folder shipped inside the package, beside the default schema."""
    return PATTERN_DIR


@dataclass(frozen=True, slots=True)
class PatternRule:
    """One pattern line's meaning: its label, id, and the tool's extra options."""

    label: str
    pattern_id: str
    trim_left: int = 0
    trim_right: int = 0
    propagate: bool = False
    score: float = 1.0
    where: str = ""


def pattern_files(location: Path) -> list[Path]:
    """JSONL pattern files at a path: the file itself, or every `*.jsonl` in a folder, sorted."""
    if location.is_dir():
        found = sorted(location.glob("*.jsonl"))
        if not found:
            raise SuggesterError(f"{location}: no .jsonl pattern files in this folder")
        return found
    if location.is_file():
        return [location]
    raise SuggesterError(f"{location}: no such pattern file or folder")


def _parse_line(raw: bytes, where: str) -> dict[str, Any]:
    """Parse and shape-check one pattern line; SuggesterError names the line and the fix."""
    try:
        entry = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise SuggesterError(f"{where}: invalid JSON ({exc}); fix the syntax") from None
    if not isinstance(entry, dict):
        raise SuggesterError(f"{where}: a pattern line must be a JSON object")
    unknown = set(entry) - PATTERN_KEYS
    if unknown:
        allowed = ", ".join(sorted(PATTERN_KEYS))
        raise SuggesterError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {allowed}")
    if not isinstance(entry.get("label"), str) or not entry["label"]:
        raise SuggesterError(f'{where}: "label" must be a non-empty string')
    pattern = entry.get("pattern")
    if not (isinstance(pattern, str) and pattern) and not (
        isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern)
    ):
        raise SuggesterError(
            f'{where}: "pattern" must be a phrase string or a list of token objects'
        )
    trim = entry.get("trim", [0, 0])
    if not (
        isinstance(trim, list)
        and len(trim) == 2
        and all(isinstance(n, int) and n >= 0 for n in trim)
    ):
        raise SuggesterError(f'{where}: "trim" must be [left, right] token counts, like [0, 1]')
    score = entry.get("score", 1.0)
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
        raise SuggesterError(f'{where}: "score" must be a number from 0 to 1, like 0.8')
    return entry


class PatternSuggester:
    """Proposes spans where shipped or user pattern files match, filtered by the schema's rules."""

    def __init__(self, schema: LabelSchema, paths: Iterable[Path]) -> None:
        """Compile every pattern whose label (or NOT_ label) belongs to the schema."""
        from spacy.matcher import Matcher, PhraseMatcher

        self.schema = schema
        self.name = "patterns"
        self.nlp = blank_pipeline(schema.language)
        vocab = self.nlp.vocab
        self.matcher = Matcher(vocab, validate=True)
        self.phrases = PhraseMatcher(vocab, attr="ORTH")
        self.lower_phrases = PhraseMatcher(vocab, attr="LOWER")
        self.rules: dict[int, PatternRule] = {}
        self.count = 0
        labels = set(schema.label_names)
        for path in paths:
            self._load(path, labels)

    def _load(self, path: Path, labels: set[str]) -> None:
        """Add one file's patterns, skipping labels the schema does not have."""
        try:
            lines = path.read_bytes().splitlines()
        except OSError as exc:
            raise SuggesterError(f"{path}: cannot read ({exc.strerror})") from None
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            entry = _parse_line(raw, where)
            label = entry["label"]
            if label.removeprefix(NEGATIVE_PREFIX) not in labels:
                continue
            rule = PatternRule(
                label=label,
                pattern_id=str(entry.get("id") or f"{path.stem}:{number}"),
                trim_left=entry.get("trim", [0, 0])[0],
                trim_right=entry.get("trim", [0, 0])[1],
                propagate=bool(entry.get("propagate", False)),
                score=float(entry.get("score", 1.0)),
                where=where,
            )
            key = f"{where}"
            key_hash = self.nlp.vocab.strings.add(key)
            pattern = entry["pattern"]
            try:
                if isinstance(pattern, str):
                    target = self.lower_phrases if entry.get("lower") else self.phrases
                    target.add(key, [self.nlp.make_doc(pattern)])
                else:
                    self.matcher.add(key, [pattern])
            except (ValueError, KeyError, TypeError) as exc:
                detail = " ".join(str(exc).split())
                raise SuggesterError(f"{where}: invalid token pattern: {detail}") from None
            self.rules[key_hash] = rule
            self.count += 1

    def suggest(self, docs: Iterable[Document]) -> Iterator[list[Suggestion]]:
        """Yield each document's suggestions, tokenizing in batches with `nlp.tokenizer.pipe`."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= BATCH_SIZE:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, batch: list[Document]) -> Iterator[list[Suggestion]]:
        """Match one batch of documents."""
        texts = (doc.text for doc in batch)
        for doc, spacy_doc in zip(batch, self.nlp.tokenizer.pipe(texts), strict=True):
            index = TokenIndex.of(doc.tokens)
            yield admit(doc, self.candidates(doc, spacy_doc, index), self.schema, index)

    def candidates(self, doc: Document, spacy_doc: Any, index: TokenIndex) -> list[Candidate]:
        """Candidate spans of one document in its own token indices, after blocking and trimming."""
        found: list[Candidate] = []
        blocked: dict[str, list[tuple[int, int]]] = {}
        text = doc.text
        matches = [
            match
            for matcher in (self.matcher, self.phrases, self.lower_phrases)
            if len(matcher)
            for match in matcher(spacy_doc)
        ]
        for match_id, start, end in matches:
            rule = self.rules[match_id]
            start += rule.trim_left
            end -= rule.trim_right
            if end <= start:
                continue
            char_start = spacy_doc[start].idx
            char_end = spacy_doc[end - 1].idx + len(spacy_doc[end - 1])
            if "\n" in text[char_start:char_end]:
                continue
            label = rule.label
            if label.startswith(NEGATIVE_PREFIX):
                blocked.setdefault(label[len(NEGATIVE_PREFIX) :], []).append((char_start, char_end))
                continue
            bounds = self._inside_marks(text, char_start, char_end, label)
            if bounds is None:
                continue
            aligned = index.char_span_to_tokens(*bounds)
            if aligned is None:
                continue
            source = f"patterns:{rule.pattern_id}"
            found.append(Candidate(aligned[0], aligned[1], label, source, rule.score))
            if rule.propagate:
                found.extend(self._propagated(doc, aligned[1], label, rule))
        return [c for c in found if not _overlaps_any(c, index, blocked.get(c.label, ()))]

    def _inside_marks(self, text: str, start: int, end: int, label: str) -> tuple[int, int] | None:
        """For labels enclosed by marks: drop matched marks, refuse marks glued to word characters."""
        pairs = self.schema.by_name[label].enclosed_by
        if not pairs:
            return start, end
        if end - start >= 3 and text[start] + text[end - 1] in pairs:
            before = text[start - 1] if start > 0 else " "
            after = text[end] if end < len(text) else " "
            if before.isalnum() or after.isalnum():
                return None
            start, end = start + 1, end - 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def _propagated(
        self, doc: Document, last_token: int, label: str, rule: PatternRule
    ) -> list[Candidate]:
        """The matched name's last word wherever else it occurs in the document, title-cased."""
        word = doc.tokens[last_token].text
        if len(word) < 3 or not word.istitle():
            return []
        source = f"patterns:{rule.pattern_id}:repeat"
        return [
            Candidate(tok.id, tok.id, label, source, 0.9 * rule.score)
            for tok in doc.tokens
            if tok.text == word and tok.id != last_token
        ]


def _overlaps_any(cand: Candidate, index: TokenIndex, regions: Iterable[tuple[int, int]]) -> bool:
    """Whether a candidate's characters overlap any blocked region."""
    start, end = index.tokens_to_chars(cand.token_start, cand.token_end)
    return any(start < r_end and r_start < end for r_start, r_end in regions)


@register("patterns")
def build_pattern_suggester(argument: str, schema: LabelSchema) -> PatternSuggester:
    """Build from the shipped patterns, or from a file or folder given as `patterns:PATH`."""
    location = Path(argument) if argument else default_pattern_dir()
    suggester = PatternSuggester(schema, pattern_files(location))
    if suggester.count == 0:
        raise SuggesterError(
            f"{location}: no pattern has a label of schema {schema.ref} "
            f"({', '.join(schema.label_names)})"
        )
    return suggester
