"""Schema regexes with a time limit on every match, so no pattern can hang a check.

Patterns are compiled by the `regex` package, which reads Python `re` syntax with the same
Unicode classes and can stop a match after a timeout. A match that runs out of time counts as
"not checked"; once a pattern has lost `BUDGET_SECONDS` to such matches it is not run again and
every later check says so at once, so a corpus full of hostile texts costs seconds, not hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import regex

MATCH_SECONDS = 0.05  # a linear pattern needs microseconds on a span; catastrophic ones, hours
SECONDS_PER_CHAR = 1e-6  # more room for long texts: a linear scan of 1 MB is well under a second
BUDGET_SECONDS = 1.0  # time a pattern may lose to matches that ran out before it is given up
PLAIN_MAX_CHARS = 4096  # texts a simple pattern matches with plain `re` (at most n^2 steps)
_OUT_OF_TIME = object()


class PatternError(ValueError):
    """A pattern that does not compile; the message says why."""


def compile_pattern(source: str) -> regex.Pattern[str]:
    """Compile a schema regex (Python re syntax); PatternError for bad or too deeply nested ones."""
    try:
        return regex.compile(source)
    except regex.error as exc:
        raise PatternError(str(exc)) from None
    except RecursionError:
        raise PatternError("groups nest too deeply for the regex parser") from None
    except (OverflowError, MemoryError, ValueError) as exc:
        raise PatternError(f"too large to compile ({exc})") from None


def time_limit(text: str) -> float:
    """Seconds one match of `text` may take."""
    return MATCH_SECONDS + SECONDS_PER_CHAR * len(text)


@dataclass(eq=False)
class GuardedPattern:
    """A compiled schema regex whose matches stop after a time limit."""

    source: str
    compiled: regex.Pattern[str] = field(init=False, repr=False)
    plain: re.Pattern[str] | None = field(init=False, repr=False)  # for simple patterns
    lost_seconds: float = 0.0  # spent in matches that ran out of time

    def __post_init__(self) -> None:
        """Compile the source; PatternError when it cannot be."""
        self.compiled = compile_pattern(self.source)
        self.plain = None
        if is_simple(self.source):
            try:
                self.plain = re.compile(self.source)
            except (re.error, RecursionError, OverflowError, ValueError):
                self.plain = None

    @property
    def given_up(self) -> bool:
        """Whether the pattern lost its whole time budget and is no longer run."""
        return self.lost_seconds >= BUDGET_SECONDS

    def search(self, text: str) -> regex.Match[str] | None:
        """The first match in `text`; None when there is none or the match ran out of time."""
        found = self._run(text)
        return None if found is _OUT_OF_TIME else found

    def test(self, text: str) -> bool | None:
        """True when `text` holds a match, False when not, None when it could not be checked."""
        found = self._run(text)
        return None if found is _OUT_OF_TIME else found is not None

    def out_of_time_reason(self) -> str:
        """Why a text was not checked: its match ran out of time, or the pattern was given up."""
        if self.given_up:
            return (
                f"matches of this pattern ran out of time for {BUDGET_SECONDS:g} s in all, "
                "so it is no longer run"
            )
        return f"the match ran out of time ({MATCH_SECONDS * 1000:g} ms and more for long spans)"

    def _run(self, text: str):
        """Search with the time limit; `_OUT_OF_TIME` when it ran out (or the budget is gone)."""
        if self.plain is not None and len(text) <= PLAIN_MAX_CHARS:
            return self.plain.search(text)  # no repeated group, one repeat at most: quadratic
        if self.given_up:
            return _OUT_OF_TIME
        limit = time_limit(text)
        try:
            return self.compiled.search(text, timeout=limit)
        except TimeoutError:
            self.lost_seconds += limit
            return _OUT_OF_TIME


def nested_quantifier(source: str) -> str | None:
    """The first repeated group that itself holds a repeat, like `(a+)+`: the shape of patterns
    whose matching can take exponential time. One pass, no recursion: any nesting depth is fine."""
    open_groups: list[list] = []  # [start index, holds a repeat]
    i, length = 0, len(source)
    while i < length:
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(source, i)
            continue
        if char == "(":
            open_groups.append([i, False])
            i += 1
            continue
        repeats, width = _quantifier(source, i)
        if char == ")":
            start, holds_repeat = open_groups.pop() if open_groups else (i, False)
            repeats, width = _quantifier(source, i + 1)
            if repeats and holds_repeat:
                return source[start : i + 1 + width]
            if open_groups and (holds_repeat or repeats):
                open_groups[-1][1] = True
            i += 1 + width
            continue
        if repeats and open_groups:
            open_groups[-1][1] = True
        i += max(width, 1)
    return None


def is_simple(source: str) -> bool:
    """Whether a pattern repeats no group and holds at most one unbounded repeat: its matching
    cannot backtrack more than quadratically, so short texts need no time limit."""
    repeats = 0
    i, length = 0, len(source)
    while i < length:
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(source, i)
            repeated, width = _quantifier(source, i)
            repeats += repeated
            i += width
            continue
        if char == ")":
            repeated, width = _quantifier(source, i + 1)
            if repeated:
                return False
            i += 1 + width
            continue
        repeated, width = _quantifier(source, i)
        repeats += repeated
        i += max(width, 1)
    return repeats <= 1


def _class_end(source: str, i: int) -> int:
    """The index just past a character class that opens at `i`."""
    j = i + 1
    if source[j : j + 1] == "^":
        j += 1
    if source[j : j + 1] == "]":
        j += 1
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1


def _quantifier(source: str, i: int) -> tuple[bool, int]:
    """Whether a quantifier at `i` repeats its atom a variable number of times, and its width."""
    char = source[i : i + 1]
    if char in ("*", "+"):
        width = 1
        repeats = True
    elif char == "?":
        width = 1
        repeats = False
    elif char == "{":
        close = source.find("}", i)
        low, comma, high = source[i + 1 : close].partition(",") if close > i else ("x", "", "")
        low, high = low.strip(), high.strip()
        if not (low.isdigit() or not low) or not (high.isdigit() or not high) or not (low or comma):
            return False, 0  # a literal brace
        width = close - i + 1
        repeats = bool(comma) and (not high or int(high) > int(low or 0))
    else:
        return False, 0
    suffix = source[i + width : i + width + 1]
    if suffix == "+":  # possessive: gives nothing back, so it cannot backtrack into the group
        return False, width + 1
    if suffix == "?":
        width += 1
    return bool(repeats), width
