"""Tokenization and every offset conversion in the package: char <-> token, code point <-> UTF-16."""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

DEFAULT_LANGUAGE = "en"
# How a file counts characters: code points (Python's str, current Label Studio) or UTF-16 code
# units (JavaScript's String.length: WebAnno, Label Studio 1.x before code points).
OFFSET_UNITS = ("codepoints", "utf16")


@lru_cache(maxsize=8)
def blank_pipeline(language: str = DEFAULT_LANGUAGE) -> Any:
    """Return a cached `spacy.blank` pipeline for a language code."""
    import spacy

    return spacy.blank(language)


def tokenizer_id(language: str = DEFAULT_LANGUAGE) -> str:
    """Name the tokenizer and its version, as recorded on each document."""
    import spacy

    return f"spacy.blank:{language}@{spacy.__version__}"


def text_sha256(text: str) -> str:
    """Hash a text the way documents are identified (UTF-8, hex)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def doc_id_from_sha256(digest: str) -> str:
    """Derive the stable document id from a text's sha256 hex digest (its first 16 digits)."""
    return digest[:16]


def doc_id_for(text: str) -> str:
    """Derive the stable document id from the text's sha256."""
    return doc_id_from_sha256(text_sha256(text))


def grapheme_starts(text: str) -> set[int]:
    """Offsets where a user-perceived character (extended grapheme cluster) starts, and the end."""
    import regex

    starts = {m.start() for m in regex.finditer(r"\X", text)}
    starts.add(len(text))
    return starts


def join_split_graphemes(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge neighbouring (start, end) tokens whose boundary falls inside a grapheme cluster.

    A flag (two regional indicators), an emoji ZWJ sequence or a skin-tone modifier stays one
    token, so no span can cover half of it; offsets stay code points.
    """
    if text.isascii() or len(bounds) < 2:
        return bounds
    starts = grapheme_starts(text)
    merged: list[tuple[int, int]] = []
    for start, end in bounds:
        if merged and (start not in starts or merged[-1][1] not in starts):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _tokens_of(spacy_doc: Any) -> list[dict]:
    """Turn a spaCy Doc into token dicts, dropping pure-whitespace tokens."""
    text = spacy_doc.text
    bounds = [(tok.idx, tok.idx + len(tok.text)) for tok in spacy_doc if not tok.is_space]
    tokens: list[dict] = [
        {"text": text[start:end], "start": start, "end": end, "id": i, "ws": False}
        for i, (start, end) in enumerate(join_split_graphemes(text, bounds))
    ]
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1]["start"] if i + 1 < len(tokens) else len(text)
        tok["ws"] = nxt > tok["end"]
    return tokens


def tokenize(text: str, language: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Tokenize one text into `{text, start, end, id, ws}` dicts (code point offsets)."""
    return _tokens_of(blank_pipeline(language).make_doc(text))


def tokenize_many(
    texts: Iterable[str], language: str = DEFAULT_LANGUAGE, batch_size: int = 256
) -> Iterator[list[dict]]:
    """Tokenize texts in batches with `nlp.pipe`, yielding token lists in order."""
    nlp = blank_pipeline(language)
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield _tokens_of(doc)


def token_table_many(
    texts: Iterable[str], language: str = DEFAULT_LANGUAGE, batch_size: int = 256
) -> Iterator[Any]:
    """Tokenize like `tokenize_many` but yield an int array of rows (start, end, ws) per text.

    The fast path for bulk import: no per-token Python objects; same tokens as `tokenize`.
    """
    import numpy
    from spacy.attrs import IDX, IS_SPACE, LENGTH

    nlp = blank_pipeline(language)
    pending: deque[str] = deque()

    def measured() -> Iterator[str]:
        for text in texts:
            pending.append(text)
            yield text

    for doc in nlp.tokenizer.pipe(measured(), batch_size=batch_size):
        columns = doc.to_array([IDX, LENGTH, IS_SPACE]).astype(numpy.int64).reshape(-1, 3)
        kept = columns[columns[:, 2] == 0]
        table = numpy.empty((len(kept), 3), dtype=numpy.int64)
        table[:, 0] = kept[:, 0]
        table[:, 1] = kept[:, 0] + kept[:, 1]
        text = pending.popleft()
        if not text.isascii():
            bounds = [(int(a), int(b)) for a, b in table[:, :2]]
            joined = join_split_graphemes(text, bounds)
            if len(joined) != len(bounds):
                table = numpy.array([(a, b, 0) for a, b in joined], dtype=numpy.int64)
        following = numpy.append(table[1:, 0], len(text))
        table[:, 2] = following > table[:, 1]
        yield table


def join_words(sentences: Sequence[Sequence[str]]) -> tuple[str, list[dict]]:
    """Text and token dicts of pre-tokenized words, kept as given: one space between the words of
    a sentence, a line break between sentences."""
    lines = [" ".join(sentence) for sentence in sentences if sentence]
    tokens: list[dict] = []
    position = 0
    for sentence in (s for s in sentences if s):
        for word in sentence:
            end = position + len(word)
            tokens.append(
                {"text": word, "start": position, "end": end, "id": len(tokens), "ws": True}
            )
            position = end + 1  # the space or line break after it
    if tokens:
        tokens[-1]["ws"] = False
    return "\n".join(lines), tokens


class TokenIndex:
    """Fast char offset <-> token index lookups over one document's tokens."""

    __slots__ = ("ends", "starts")

    def __init__(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        """Build from parallel lists of token start and end offsets."""
        self.starts = list(starts)
        self.ends = list(ends)

    @classmethod
    def of(cls, tokens: Iterable[Any]) -> TokenIndex:
        """Build from token dicts or objects with `start`/`end`."""
        starts: list[int] = []
        ends: list[int] = []
        for tok in tokens:
            if isinstance(tok, dict):
                starts.append(tok["start"])
                ends.append(tok["end"])
            else:
                starts.append(tok.start)
                ends.append(tok.end)
        return cls(starts, ends)

    def __len__(self) -> int:
        """Return the number of tokens."""
        return len(self.starts)

    def token_at(self, char: int) -> int | None:
        """Return the index of the token containing `char`, else None."""
        i = bisect_right(self.starts, char) - 1
        return i if i >= 0 and char < self.ends[i] else None

    def char_span_to_tokens(self, start: int, end: int) -> tuple[int, int] | None:
        """Map an exact char span to inclusive token indices, None if unaligned."""
        starts, ends = self.starts, self.ends
        first = bisect_left(starts, start)
        if first == len(starts) or starts[first] != start:
            return None
        last = bisect_left(ends, end)
        if last == len(ends) or ends[last] != end or last < first:
            return None
        return first, last

    def tokens_within(self, start: int, end: int) -> tuple[int, int] | None:
        """Inclusive token indices of the tokens lying entirely inside [start, end); None if none."""
        first = bisect_left(self.starts, start)
        last = bisect_right(self.ends, end) - 1
        return (first, last) if first <= last and first < len(self.starts) else None

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """Expand a char span outwards to token boundaries; None if it covers no token."""
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end) - 1
        if first >= len(self.starts) or last < first:
            return None
        return first, last

    def tokens_to_chars(self, token_start: int, token_end: int) -> tuple[int, int]:
        """Map inclusive token indices to a char span."""
        return self.starts[token_start], self.ends[token_end]


def utf16_offsets(text: str) -> list[int]:
    """Return the UTF-16 offset of each code point index 0..len(text) inclusive."""
    out = [0] * (len(text) + 1)
    acc = 0
    for i, ch in enumerate(text):
        out[i] = acc
        acc += 2 if ord(ch) > 0xFFFF else 1
    out[len(text)] = acc
    return out


def to_utf16(text: str, offset: int) -> int:
    """Convert one code point offset to a UTF-16 code unit offset."""
    prefix = text[:offset]
    return len(prefix) + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def from_utf16(text: str, offset16: int) -> int:
    """Convert a UTF-16 code unit offset back to a code point offset; ValueError if it splits a pair."""
    acc = 0
    for i, ch in enumerate(text):
        if acc == offset16:
            return i
        if acc > offset16:
            break
        acc += 2 if ord(ch) > 0xFFFF else 1
    if acc == offset16:
        return len(text)
    raise ValueError(f"UTF-16 offset {offset16} is inside a surrogate pair or past the text")


class Utf16Map:
    """Precomputed code point <-> UTF-16 conversion for one text (many spans, one pass).

    A text with no character beyond U+FFFF (most text) counts the same in both units, so
    nothing is indexed for it.
    """

    __slots__ = ("_back", "_forward", "_length")

    def __init__(self, text: str) -> None:
        """Index the text once, if it has astral characters."""
        self._length = len(text)
        self._forward: list[int] | None = None
        self._back: dict[int, int] = {}
        if text and max(text) > "\uffff":
            self._forward = utf16_offsets(text)
            self._back = {u: i for i, u in enumerate(self._forward)}

    @property
    def differs(self) -> bool:
        """Whether some offset counts differently in UTF-16 (the text has astral characters)."""
        return self._forward is not None

    def to_unit(self, offset: int, unit: str) -> int:
        """Code point offset -> the same offset counted in `unit` (see OFFSET_UNITS)."""
        return self.to_utf16(offset) if unit == "utf16" else offset

    def from_unit(self, offset: int, unit: str) -> int:
        """An offset counted in `unit` -> code points; ValueError if it splits a surrogate pair."""
        return self.from_utf16(offset) if unit == "utf16" else offset

    def to_utf16(self, offset: int) -> int:
        """Code point offset -> UTF-16 offset; IndexError outside the text."""
        if not 0 <= offset <= self._length:
            raise IndexError(f"offset {offset} is outside the text ({self._length} characters)")
        return int(offset) if self._forward is None else self._forward[offset]

    def from_utf16(self, offset16: int) -> int:
        """UTF-16 offset -> code point offset; ValueError if it splits a surrogate pair."""
        if self._forward is None and 0 <= offset16 <= self._length:
            return int(offset16)
        try:
            return self._back[offset16]
        except KeyError:
            raise ValueError(
                f"UTF-16 offset {offset16} is inside a surrogate pair or past the text"
            ) from None


def split_tokens_at(table: Any, cuts: Iterable[int]) -> tuple[Any, int]:
    """Split the tokens of a table (rows of start, end, ws) at every cut falling strictly inside
    one, so a span edge there becomes a token edge; the text is unchanged. Returns the new table
    and how many cuts split a token."""
    import numpy

    starts, ends = table[:, 0], table[:, 1]
    inside: dict[int, list[int]] = {}
    for cut in sorted(set(cuts)):
        i = bisect_right(starts, cut) - 1  # numpy arrays bisect like lists
        if i >= 0 and starts[i] < cut < ends[i]:
            inside.setdefault(int(i), []).append(cut)
    if not inside:
        return table, 0
    rows: list[tuple[int, int, int]] = []
    for i, (start, end, ws) in enumerate(table.tolist()):
        for cut in inside.get(i, ()):
            rows.append((start, cut, 0))
            start = cut
        rows.append((start, end, ws))
    return numpy.array(rows, dtype=numpy.int64).reshape(-1, 3), sum(map(len, inside.values()))
