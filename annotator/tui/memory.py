"""Keep the garbage collector's full passes out of key presses.

With a 20,000-word article open the process holds over a million objects (tokens, spans, cached
rows), and a full collection walks all of them: 100-150 ms, a visible stall when it starts on a
key press, which Python's own schedule lets it do at any time. While the app runs, full passes
happen only when the app asks: right after a document's first frame, while the reader takes in
the new text. Young-generation passes (under 2 ms) run as usual, so short-lived garbage is still
reclaimed; cycles that reach the old generation wait for the next document.
"""

from __future__ import annotations

import gc

NEVER = 2**30  # gen-1 passes between automatic full collections: in effect never


def hold_full_collections() -> tuple[int, int, int]:
    """Stop automatic full collections; return the previous thresholds for `restore`."""
    previous = gc.get_threshold()
    gc.set_threshold(previous[0], previous[1], NEVER)
    return previous


def restore(thresholds: tuple[int, int, int]) -> None:
    """Put the collector's thresholds back as they were."""
    gc.set_threshold(*thresholds)


def settle() -> None:
    """Run a full collection now, at a moment the app chose."""
    gc.collect()
