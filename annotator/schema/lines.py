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
    Sub-tables such as `[labels.severity]` map onto the current label entry; the m-th
    `[[labels.attributes]]` of label n is ("labels[n].attributes", m, key).
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
            root, _, rest = name.partition(".")
            if header.group(1) == "[[" and not rest:
                counts[root] = counts.get(root, -1) + 1
                table, index = root, counts[root]
                lines.setdefault((table, index, None), number)
            elif header.group(1) == "[[" and root in counts:
                path = f"{root}[{counts[root]}].{rest}"
                counts[path] = counts.get(path, -1) + 1
                table, index = path, counts[path]
                lines.setdefault((table, index, None), number)
                lines.setdefault((root, counts[root], rest), number)
            elif rest and root in counts:
                table, index = root, counts[root]
                lines.setdefault((table, index, rest), number)
            else:
                table, index = name, None
                lines.setdefault((table, None, None), number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((table, index, key.group(1).strip('"')), number)
            rest_of_line = line[key.end() :]
            for quote in ('"""', "'''"):
                if rest_of_line.count(quote) == 1:
                    in_multiline = quote
    return lines


def line_of(lines: dict[LineKey, int], loc: tuple) -> int | None:
    """The line of a location such as ('labels', 2, 'attributes', 0, 'type'), or its table's."""
    table: str | None = None
    index: int | None = None
    parts = list(loc)
    while len(parts) >= 2 and isinstance(parts[1], int):
        name, position = parts[0], parts[1]
        table = name if table is None else f"{table}[{index}].{name}"
        index = position
        parts = parts[2:]
    key = parts[0] if parts else None
    if table is None:
        return lines.get((None, None, str(key))) if key is not None else None
    return lines.get((table, index, key)) or lines.get((table, index, None))


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
