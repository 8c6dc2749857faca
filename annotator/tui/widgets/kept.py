"""Rows kept by what they show: the rows not kept yet are drawn in runs, one call per run."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from textual.strip import Strip


def kept_rows(
    looks: list[Hashable],
    kept: dict[Hashable, Strip],
    draw: Callable[[int, int], list[Strip]],
) -> list[Strip]:
    """The strip of each row (by its look), drawing each run of rows not kept yet with one
    `draw(first, count)` call (offsets into `looks`) and keeping what it drew."""
    lines = [kept.get(look) for look in looks]
    y = 0
    while y < len(lines):
        if lines[y] is not None:
            y += 1
            continue
        end = y
        while end < len(lines) and lines[end] is None:
            end += 1
        for offset, strip in enumerate(draw(y, end - y)):
            lines[y + offset] = kept[looks[y + offset]] = strip
        y = end
    return [line for line in lines if line is not None]
