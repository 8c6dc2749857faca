"""DocView: the article as one Line-API ScrollView that wraps by token and caches a Strip per row."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.display import safe_text
from annotator.tui.compat import set_scroll_size
from annotator.tui.widgets.docrows import Cover, RowPainter
from annotator.tui.widgets.kept import KeptRows
from annotator.tui.widgets.layout import Layout, token_at_column, wrap

TokenRange = tuple[int, int]


class DocView(ScrollView, can_focus=True, inherit_bindings=False):
    """Draws tokens with span colours (inner: background, outer: underline), cursor and marks."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "docview--cursor",
        "docview--selection",
        "docview--match",
        "docview--issue",
        "docview--partner",
        "docview--hint",
    }
    # No scrollbar: repainting it cost 2-3 ms on every scrolled frame; the status line shows the
    # position as a percentage instead.
    DEFAULT_CSS = """
    DocView { background: $surface; padding: 0 1; overflow-x: hidden; scrollbar-size-vertical: 0; }
    DocView > .docview--cursor { text-style: reverse bold; }
    DocView > .docview--selection { background: #3b4b7a; text-style: bold; }
    DocView > .docview--match { background: #6b5b00; }
    DocView > .docview--issue { color: #ff5f5f; text-style: bold; }
    DocView > .docview--partner { text-style: bold underline; color: #ffd75f; }
    DocView > .docview--hint { background: #ffd700; color: #000000; text-style: bold; }
    """

    class HintChosen(Message):
        """Two hint keys were typed: the word they name (None when no hint matched)."""

        def __init__(self, token: int | None, extend: bool) -> None:
            """Carry the chosen token and whether the selection should grow to it."""
            super().__init__()
            self.token = token
            self.extend = extend

    class Pressed(Message):
        """The mouse was pressed on a token."""

        def __init__(self, token: int) -> None:
            """Carry the token under the pointer."""
            super().__init__()
            self.token = token

    class Dragged(Message):
        """The mouse was dragged from one token to another."""

        def __init__(self, first: int, last: int) -> None:
            """Carry the token the drag started on and the one under the pointer now."""
            super().__init__()
            self.first = first
            self.last = last

    def __init__(self, *, id: str | None = None) -> None:
        """An empty view; call `load` with a document's text and tokens."""
        super().__init__(id=id)
        self.text = ""
        self.display_tokens: list[str] = []
        self.space_before: list[bool] = []
        self.gap_glyphs: dict[int, str] = {}
        self.breaks: list[int] = []
        self.layout_: Layout = wrap([], [], [], 1)
        self.cover: list[Cover] = []
        self.colours: dict[str, str] = {}
        self.marks: dict[str, TokenRange | None] = {}
        self.matches: set[int] = set()
        self.suggested: dict[int, str] = {}
        self.issue_keys: set[tuple[int, int, str]] = set()
        self.partners: set[int] = set()  # tokens of spans linked to the focused span
        self.covered_rows = 0  # rows at the bottom hidden under the relation list, when it shows
        self.room_below = 0  # blank rows it scrolls past the last row: room above that list
        self._cache: dict[int, Strip] = {}
        self._finished = KeptRows(self)  # finished strips by document row
        self.painter = RowPainter(self)
        self.rows_rendered = 0
        self.hints: dict[int, str] = {}
        self._hint_labels: dict[str, int] = {}
        self._hint_typed = ""
        self._hint_extend = False
        self._drag_from: int | None = None

    # ---- loading and layout ---------------------------------------------------------------
    def load(self, text: str, starts: list[int], ends: list[int], colours: dict[str, str]) -> None:
        """Show a new document: sanitise tokens once and wrap them to the current width."""
        self.text = text
        self.colours = colours
        self.display_tokens = [safe_text(text[s:e]) for s, e in zip(starts, ends, strict=True)]
        self.space_before = [i > 0 and starts[i] > ends[i - 1] for i in range(len(starts))]
        self.gap_glyphs = {  # a tab between two tokens is drawn as a visible symbol
            i: "␉" for i in range(1, len(starts)) if "\t" in text[ends[i - 1] : starts[i]]
        }
        self.breaks = [
            min(2, text.count("\n", ends[i - 1], starts[i])) if i else 0 for i in range(len(starts))
        ]
        self.cover = [() for _ in starts]
        self.marks = {}
        self.matches = set()
        self.suggested = {}
        self.issue_keys = set()
        self.hints = {}
        self._hint_labels = {}
        self._relayout()

    def show_notice(self, message: str) -> None:
        """Show a plain message instead of a document."""
        words = list(re.finditer(r"\S+", message))
        self.load(message, [m.start() for m in words], [m.end() for m in words], {})

    def _wrap_width(self) -> int:
        """Columns available for text."""
        return max(1, self.scrollable_content_region.width or self.size.width or 80)

    def _relayout(self) -> None:
        """Wrap to the current width and drop every cached row."""
        self.layout_ = wrap(self.display_tokens, self.space_before, self.breaks, self._wrap_width())
        self._drop_rows()
        self._size_to_rows()
        self.refresh()

    def _size_to_rows(self) -> None:
        """Scroll as far as the last row and `room_below` blank rows more, whether the relation
        list shows or not: showing it then changes nothing of the article's size, so the frame
        that shows it does not repaint the article (no scrollbar: no layout pass either)."""
        set_scroll_size(self, Size(self.layout_.width, len(self.layout_.rows) + self.room_below))

    def cover_rows(self, rows: int) -> None:
        """Keep the cursor above the bottom `rows` rows (the relation list lies over them); once
        uncovered, blank rows scrolled into view for the list scroll away again."""
        self.covered_rows = rows
        settled = max(0, len(self.layout_.rows) - self.rows_in_view)
        if int(self.scroll_offset.y) > settled:
            self.scroll_to(y=settled, animate=False, immediate=True)
        self.scroll_to_token()

    def on_resize(self) -> None:
        """Re-wrap when the width changed, keeping the cursor in view."""
        if self._wrap_width() != self.layout_.width:
            self._relayout()
        self._drop_rows()
        self.scroll_to_token()
        self.call_after_refresh(self.scroll_to_token)  # once the new height is laid out

    def notify_style_update(self) -> None:
        """Styles changed: cached strips are stale."""
        super().notify_style_update()
        self._drop_rows()
        self.painter.clear_styles()

    # ---- state pushed down by the screen ----------------------------------------------------
    def refresh_tokens(self, first: int, last: int) -> None:
        """Re-render only the rows showing tokens first..last."""
        if not self.display_tokens:
            return
        last = min(last, len(self.display_tokens) - 1)
        first = max(0, min(first, last))
        top, bottom = self.layout_.row_range(first, last)
        for row in range(top, bottom + 1):
            self._cache.pop(row, None)
            self._finished.forget(row)
        self.refresh_lines(top, bottom - top + 1)

    def set_cover(self, first: int, last: int, spans: Iterable[tuple[int, int, str]]) -> None:
        """Replace the spans drawn over tokens first..last (given as token ranges with labels)."""
        overlapping = sorted(spans, key=lambda s: s[1] - s[0])
        for t in range(first, last + 1):
            self.cover[t] = tuple(s for s in overlapping if s[0] <= t <= s[1])
        self.refresh_tokens(first, last)

    def set_all_spans(self, spans: Iterable[tuple[int, int, str]]) -> None:
        """Draw a whole document's spans at once."""
        per_token: list[list[tuple[int, int, str]]] = [[] for _ in self.cover]
        for span in spans:
            for t in range(span[0], span[1] + 1):
                per_token[t].append(span)
        self.cover = [tuple(sorted(c, key=lambda s: s[1] - s[0])) for c in per_token]
        self._drop_rows()
        self.refresh()

    def set_marks(self, **marks: TokenRange | None) -> None:
        """Set cursor/selection/focus/suggestion ranges; re-render only rows whose marks changed."""
        for name, value in marks.items():
            old = self.marks.get(name)
            if old == value:
                continue
            self.marks[name] = value
            for first, last in changed_tokens(old, value):
                self.refresh_tokens(first, last)

    def set_matches(self, ranges: Iterable[TokenRange]) -> None:
        """Highlight search matches."""
        self.matches = {t for a, b in ranges for t in range(a, b + 1)}
        self._drop_rows()
        self.refresh()

    def set_suggestions(self, spans: Iterable[tuple[int, int, str]]) -> None:
        """Draw open suggestions dimmed and underlined."""
        self.suggested = {}
        for a, b, label in spans:
            for t in range(a, b + 1):
                self.suggested.setdefault(t, label)
        self._drop_rows()
        self.refresh()

    def set_issues(self, keys: set[tuple[int, int, str]]) -> None:
        """Mark spans (token_start, token_end, label) with schema problems; redraw what changed."""
        changed = keys ^ self.issue_keys
        self.issue_keys = keys
        for first, last, _label in changed:
            self.refresh_tokens(first, last)

    def set_partners(self, ranges: Iterable[TokenRange]) -> None:
        """Highlight the spans linked to the focused one; redraw only what changed."""
        tokens = {t for a, b in ranges for t in range(a, b + 1)}
        if tokens == self.partners:
            return
        changed = sorted(tokens ^ self.partners)
        self.partners = tokens
        first = last = changed[0]
        for t in changed[1:]:
            if t != last + 1:
                self.refresh_tokens(first, last)
                first = t
            last = t
        self.refresh_tokens(first, last)

    # ---- jump hints and the mouse --------------------------------------------------------------
    def visible_tokens(self) -> TokenRange:
        """First and last token drawn in the rows now on screen."""
        if not self.display_tokens:
            return (0, -1)
        rows = self.layout_.rows
        top = int(self.scroll_offset.y)
        bottom = min(len(rows) - 1, top + self.rows_in_view - 1)
        firsts = [r for r in range(top, bottom + 1) if rows[r]]
        if not firsts:
            return (0, -1)
        return rows[firsts[0]][0][0], rows[firsts[-1]][-1][0]

    def show_hints(self, labels: dict[str, int], extend: bool) -> None:
        """Draw hint labels over word starts and read the next two keys as a hint."""
        self._hint_labels = labels
        self._hint_typed = ""
        self._hint_extend = extend
        self._set_hints({token: label for label, token in labels.items()})

    def _set_hints(self, hints: dict[int, str]) -> None:
        """Replace the drawn hints, redrawing the rows they sit on."""
        old, self.hints = self.hints, hints
        for token in set(old) | set(hints):
            self.refresh_tokens(token, token)

    def on_key(self, event: events.Key) -> None:
        """While hints are drawn, keys spell a hint instead of running their actions."""
        if not self._hint_labels:
            return
        event.stop()
        event.prevent_default()
        char = event.character or ""
        if event.key == "escape" or not char.isalpha():
            self._hint_labels = {}
            self._set_hints({})
            self.post_message(self.HintChosen(None, self._hint_extend))
            return
        self._hint_typed += char.lower()
        if len(self._hint_typed) < 2:
            self._set_hints(
                {t: lab for t, lab in self.hints.items() if lab.startswith(self._hint_typed)}
            )
            return
        token = self._hint_labels.get(self._hint_typed)
        self._hint_labels = {}
        self._set_hints({})
        self.post_message(self.HintChosen(token, self._hint_extend))

    def token_at(self, x: int, y: int) -> int | None:
        """The token drawn at a point of the widget (content coordinates), if any."""
        if not self.display_tokens:
            return None
        row = int(self.scroll_offset.y) + y
        column = x - self.styles.padding.left
        return token_at_column(self.layout_, self.display_tokens, row, max(0, column))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Press: place the cursor (or focus the span) under the pointer; a drag may follow."""
        token = self.token_at(event.x, event.y)
        self.focus()
        if token is None or event.button != 1:
            return
        self._drag_from = token
        self.capture_mouse()
        self.post_message(self.Pressed(token))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Drag: select from the pressed token to the one under the pointer."""
        if self._drag_from is None or not event.button:
            return
        token = self.token_at(event.x, event.y)
        if token is not None and token != self._drag_from:
            self.post_message(self.Dragged(self._drag_from, token))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """Release: the drag is over."""
        self._drag_from = None
        self.release_mouse()

    # ---- cursor geometry ----------------------------------------------------------------------
    def row_of(self, token: int) -> int:
        """The visual row where a token starts."""
        return self.layout_.first_row[token] if self.display_tokens else 0

    def token_in_row(self, token: int, delta_rows: int) -> int:
        """The token `delta_rows` visual rows away, nearest the current token's column."""
        if not self.display_tokens:
            return 0
        row = self.row_of(token)
        pieces = self.layout_.rows[row]
        column = 0
        x = 0
        for t, a, b, lead in pieces:
            x += lead
            if t == token:
                column = x
                break
            x += len(self.display_tokens[t][a:b])
        target = row + delta_rows
        step = 1 if delta_rows > 0 else -1
        while 0 <= target < len(self.layout_.rows) and not self.layout_.rows[target]:
            target += step
        target = max(0, min(len(self.layout_.rows) - 1, target))
        found = token_at_column(self.layout_, self.display_tokens, target, column)
        return token if found is None else found

    def row_bounds(self, token: int) -> TokenRange:
        """First and last token of the row the token starts on."""
        found = self.layout_.tokens_in_row(self.row_of(token))
        return found or (token, token)

    @property
    def rows_in_view(self) -> int:
        """Rows of text a reader sees: the view's height less the rows a list covers."""
        return max(1, self.scrollable_content_region.height - self.covered_rows)

    def scroll_to_token(self, token: int | None = None, centre: bool = False) -> None:
        """Scroll just enough to show the cursor (or a given token); `centre` puts a token that
        is out of view in the middle instead (a jump: the next jumps then need no scroll)."""
        mark = self.marks.get("cursor")
        token = token if token is not None else (mark[0] if mark else None)
        if token is None or not self.display_tokens:
            return
        row = self.row_of(token)
        height = self.rows_in_view
        top = int(self.scroll_offset.y)
        if top <= row < top + height:
            return
        if centre:
            self.scroll_to(y=self._centred_top(row), animate=False, immediate=True)
        elif row < top:
            self.scroll_to(y=max(0, row - 1), animate=False, immediate=True)
        else:
            self.scroll_to(y=row - height + 2, animate=False, immediate=True)

    def _centred_top(self, row: int) -> int:
        """The top row of a view that shows `row` in its middle (as far as the text scrolls)."""
        return max(0, min(row - self.rows_in_view // 2, int(self.max_scroll_y)))

    def prepare_jump(self, token: int) -> int:
        """Draw ahead the rows a centred jump to `token` would show, if it is out of view
        (returns how many were drawn): the jump's frame then only looks them up."""
        if not self.display_tokens:
            return 0
        row = self.row_of(token)
        top = int(self.scroll_offset.y)
        if top <= row < top + self.rows_in_view:
            return 0
        first = self._centred_top(row)
        rows = range(first, first + self.scrollable_content_region.height)  # blank ones too
        painter = self.painter
        return self._finished.prepare((row, partial(painter.render_row, row)) for row in rows)

    # ---- drawing ------------------------------------------------------------------------------
    def _drop_rows(self) -> None:
        """Forget every cached row (content and finished strips)."""
        self._cache.clear()
        self._finished.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        """Visible rows, each finished strip kept by document row (`KeptRows`): Textual keeps
        them by screen row, so every scroll would re-process each visible row."""
        top = int(self.scroll_offset.y)
        return self._finished.rows(crop, lambda y: top + y)

    def render_line(self, y: int) -> Strip:
        """One visual row, from the cache when possible."""
        row = int(self.scroll_offset.y) + y
        strip = self._cache.get(row)
        if strip is None:
            strip = self.painter.render_row(row)
            self.rows_rendered += 1
            self._cache[row] = strip
        return strip


def changed_tokens(old: TokenRange | None, new: TokenRange | None) -> list[TokenRange]:
    """Token ranges inside exactly one of two ranges: what a mark change must redraw."""
    if old is None or new is None:
        return [r for r in (old, new) if r is not None]
    if old[1] < new[0] or new[1] < old[0]:
        return [old, new]
    out = []
    if old[0] != new[0]:
        out.append((min(old[0], new[0]), max(old[0], new[0]) - 1))
    if old[1] != new[1]:
        out.append((min(old[1], new[1]) + 1, max(old[1], new[1])))
    return out
