"""Token wrapping for DocView: rows of tokens already made safe by `annotator.display`."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len

Piece = tuple[int, int, int, bool]  # token, first display char, end display char, space before


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Terminal cells one (already safe) character takes."""
    return cell_len(ch)


@dataclass(slots=True)
class Layout:
    """Visual rows of a document at one width: pieces per row and each token's rows."""

    width: int
    rows: list[list[Piece]]
    first_row: list[int]
    last_row: list[int]

    def row_range(self, first_token: int, last_token: int) -> tuple[int, int]:
        """Inclusive rows showing any of tokens first..last."""
        return self.first_row[first_token], self.last_row[last_token]

    def tokens_in_row(self, row: int) -> tuple[int, int] | None:
        """First and last token drawn in a row, or None for an empty row."""
        pieces = self.rows[row] if 0 <= row < len(self.rows) else []
        return (pieces[0][0], pieces[-1][0]) if pieces else None


def wrap(display: list[str], space_before: list[bool], breaks: list[int], width: int) -> Layout:
    """Wrap tokens into rows of `width` cells; `breaks` counts line breaks before each token."""
    width = max(1, width)
    rows: list[list[Piece]] = []
    first_row = [0] * len(display)
    last_row = [0] * len(display)
    row: list[Piece] = []
    x = 0
    for t, shown in enumerate(display):
        lead = space_before[t]
        if breaks[t] and t:
            rows.append(row)
            if breaks[t] > 1:
                rows.append([])
            row, x, lead = [], 0, False
        elif not row:
            lead = False
        ascii_only = shown.isascii()
        w = len(shown) if ascii_only else sum(char_width(ch) for ch in shown)
        if row and x + lead + w > width:
            carried = _glued_tail(row, display) if not lead else []
            if carried and sum(_piece_width(p, display) for p in carried) + w <= width:
                del row[len(row) - len(carried) :]
                rows.append(row)
                row = [(carried[0][0], carried[0][1], carried[0][2], False), *carried[1:]]
                for piece in row:
                    first_row[piece[0]] = last_row[piece[0]] = len(rows)
                x = sum(_piece_width(p, display) for p in row)
            else:
                rows.append(row)
                row, x = [], 0
            lead = False
        if w <= width - x - lead:
            first_row[t] = last_row[t] = len(rows)
            row.append((t, 0, len(shown), lead))
            x += lead + w
            continue
        first_row[t] = len(rows)
        start = 0
        used = x + lead
        for i, ch in enumerate(shown):
            cw = 1 if ascii_only else char_width(ch)
            if used + cw > width and i > start:
                row.append((t, start, i, lead))
                rows.append(row)
                row, used, lead, start = [], 0, False, i
            used += cw
        row.append((t, start, len(shown), lead))
        x = used
        last_row[t] = len(rows)
    rows.append(row)
    return Layout(width, rows, first_row, last_row)


def _piece_width(piece: Piece, display: list[str]) -> int:
    """Cells a piece's text takes (without its leading space)."""
    shown = display[piece[0]][piece[1] : piece[2]]
    return len(shown) if shown.isascii() else sum(char_width(ch) for ch in shown)


def _glued_tail(row: list[Piece], display: list[str]) -> list[Piece]:
    """The last word of a row with the punctuation glued to it, if it is not the whole row."""
    k = len(row) - 1
    while k > 0 and not row[k][3]:
        k -= 1
    if k == 0 or row[k][2] - row[k][1] != len(display[row[k][0]]):
        return []
    return row[k:]


def piece_columns(layout: Layout, display: list[str], row: int) -> list[tuple[int, int]]:
    """Start and end column of each piece in a row."""
    out = []
    x = 0
    for _t, a, b, lead in layout.rows[row]:
        x += lead
        w = sum(char_width(ch) for ch in display[_t][a:b])
        out.append((x, x + w))
        x += w
    return out


def token_at_column(layout: Layout, display: list[str], row: int, column: int) -> int | None:
    """The token drawn at (or nearest before) a column of a row."""
    pieces = layout.rows[row] if 0 <= row < len(layout.rows) else []
    if not pieces:
        return None
    columns = piece_columns(layout, display, row)
    i = bisect_right([c[0] for c in columns], column) - 1
    return pieces[max(i, 0)][0]
