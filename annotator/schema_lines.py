"""Find the line of each key in a schema TOML file, since tomllib reports no positions."""

from __future__ import annotations

import re
import tomllib

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")

LineKey = tuple[str | None, int | None, str | None]


def key_lines(text: str) -> dict[LineKey, int]:
    """Map (table, array index, key) to 1-based lines; (table, index, None) is the header line.

    Top-level keys are (None, None, key). Keys of the n-th `[[labels]]` are ("labels", n, key).
    Sub-tables such as `[labels.severity]` map onto the current label entry.
    """
    lines: dict[LineKey, int] = {}
    counts: dict[str, int] = {}
    table: str | None = None
    index: int | None = None
    in_multiline: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw
        if in_multiline:
            if in_multiline in line:
                in_multiline = None
            continue
        header = _HEADER.match(line)
        if header:
            name = header.group(2).strip('"')
            root = name.split(".")[0]
            if header.group(1) == "[[" and "." not in name:
                counts[root] = counts.get(root, -1) + 1
                table, index = root, counts[root]
                lines.setdefault((table, index, None), number)
            elif "." in name and root in counts:
                table, index = root, counts[root]
                lines.setdefault((table, index, name.split(".", 1)[1]), number)
            else:
                table, index = name, None
                lines.setdefault((table, None, None), number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((table, index, key.group(1).strip('"')), number)
            rest = line[key.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) == 1:
                    in_multiline = quote
    return lines


def load_toml(text: str) -> dict:
    """Parse TOML text; a nesting too deep for the parser is a TOMLDecodeError with its line too."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        line, column, depth = _deepest(text)
        raise tomllib.TOMLDecodeError(
            f"arrays or inline tables nest {depth} levels deep, more than the parser can follow "
            f"(at line {line}, column {column})"
        ) from None


def _deepest(text: str) -> tuple[int, int, int]:
    """Line, column and depth of the first point where brackets outside strings nest deepest."""
    depth = best = 0
    where = (1, 1)
    line, column = 1, 0
    quote = ""
    escaped = comment = False
    for char in text:
        column += 1
        if char == "\n":
            line, column, comment = line + 1, 0, False
            if quote in ('"', "'"):
                quote = ""
            continue
        if comment:
            continue
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = ""
            continue
        if char in "\"'":
            quote = char
        elif char == "#":
            comment = True
        elif char in "[{":
            depth += 1
            if depth > best:
                best, where = depth, (line, column)
        elif char in "]}":
            depth = max(0, depth - 1)
    return where[0], where[1], best
