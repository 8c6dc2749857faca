"""Where paragraphs and sentences break in a tokenized text, found from the text, not token by token."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

SENTENCE_END = frozenset({".", "!", "?", "…"})
_SENTENCE_MARK = re.compile("|".join(map(re.escape, sorted(SENTENCE_END))))
_LINE_BREAK = re.compile("\n")


def paragraph_starts(text: str, starts: Sequence[int], ends: Sequence[int]) -> set[int]:
    """Indices (from 1) of the tokens with a line break in the gap before them."""
    found: set[int] = set()
    count = len(starts)
    for match in _LINE_BREAK.finditer(text):
        after = bisect_right(starts, match.start())  # the first token starting after the break
        if 0 < after < count and ends[after - 1] <= match.start():
            found.add(after)
    return found


def sentence_marks(text: str, starts: Sequence[int], ends: Sequence[int]) -> set[int]:
    """Indices of the tokens that are a sentence-ending mark (".", "!", "?" or "…") alone."""
    found: set[int] = set()
    for match in _SENTENCE_MARK.finditer(text):
        mark = bisect_right(starts, match.start()) - 1  # the token the mark starts in
        if mark >= 0 and starts[mark] == match.start() and ends[mark] == match.end():
            found.add(mark)
    return found
