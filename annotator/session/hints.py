"""Two-key jump hints: a label for every word start in a token range, as editors' easymotion draws."""

from __future__ import annotations

from annotator.session.nav import TextNav

HINT_KEYS = "fjdkslaghrueiwoqptyvmcnxbz"  # home row first; every label is two of these


def hint_labels(nav: TextNav, first: int, last: int, cursor: int = 0) -> dict[str, int]:
    """Two-letter labels for the word tokens first..last, the words nearest the cursor first."""
    words = [t for t in range(max(0, first), min(last, len(nav) - 1) + 1) if nav.is_word(t)]
    words.sort(key=lambda t: (abs(t - cursor), t))
    keys = HINT_KEYS
    labels = (a + b for a in keys for b in keys)
    return {label: token for label, token in zip(labels, words, strict=False)}
