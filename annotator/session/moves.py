"""Cursor, selection and focus moves of the edit session: state changes that are never journaled."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.records.models import Span, Suggestion
    from annotator.records.tokenization import TokenIndex
    from annotator.session.nav import TextNav
    from annotator.session.plan import SpanKey, TokenRange


class Moves:
    """Mixin with the moves of EditSession; every method returns a short status message."""

    index: TokenIndex
    nav: TextNav
    cursor: int
    anchor: int | None
    select_mode: bool
    focus: SpanKey | None
    suggestion_focus: SpanKey | None
    spans: dict[SpanKey, Span]
    matches: list[TokenRange]
    _order: list[tuple[int, int, str]]
    _covered: list[int]
    containers: frozenset[str]

    def ordered(self) -> list[Span]: ...  # provided by EditSession
    def spans_at(self, token: int) -> list[Span]: ...  # provided by EditSession
    def open_suggestions(self) -> list[Suggestion]: ...  # provided by EditSession

    def move_to(self, token: int, extend: bool | None = None) -> str:
        """Put the cursor on a token; extend the selection in selection mode (or when asked)."""
        count = len(self.index)
        if not count:
            return ""
        extend = self.select_mode if extend is None else extend
        if extend:
            if self.anchor is None:
                self.anchor = self.cursor
        else:
            self.anchor = None
        self.cursor = max(0, min(count - 1, token))
        self.focus = None
        self.suggestion_focus = None
        return ""

    def select_range(self, first: int, last: int) -> None:
        """Select tokens first..last with the cursor on the last."""
        self.focus = None
        self.suggestion_focus = None
        self.anchor = first
        self.cursor = last

    def left(self) -> str:
        """One token left."""
        return self.move_to(self.cursor - 1)

    def right(self) -> str:
        """One token right."""
        return self.move_to(self.cursor + 1)

    def grow(self, delta: int) -> str:
        """Grow or shrink the selection by one token from its anchor."""
        return self.move_to(self.cursor + delta, extend=True)

    def _extend_to(self, target: int | None, what: str) -> str:
        """Move the selection's cursor end to a token, starting a selection at the cursor if none."""
        if target is None or not len(self.index):
            return f"no {what}"
        return self.move_to(target, extend=True)

    def word_next(self) -> str:
        """Extend the selection to the next word (punctuation on the way is taken along)."""
        return self._extend_to(self.nav.word_next(self.cursor), "next word")

    def word_prev(self) -> str:
        """Move the selection's cursor end back one word (shrinking, or growing leftwards)."""
        return self._extend_to(self.nav.word_prev(self.cursor), "previous word")

    def clause_next(self) -> str:
        """Extend the selection to the last word before the next punctuation mark."""
        return self._extend_to(self.nav.clause_end(self.cursor), "word before the next punctuation")

    def clause_prev(self) -> str:
        """Move the selection's cursor end back to the first word after the previous punctuation."""
        return self._extend_to(
            self.nav.clause_start(self.cursor), "word after the previous punctuation"
        )

    def jump(self, token: int, extend: bool = False) -> str:
        """Put the cursor on a chosen word (a hint), extending the selection when asked."""
        return self.move_to(token, extend=extend or self.select_mode)

    def press(self, token: int) -> str:
        """A click: focus the innermost span at a token, else put the cursor there."""
        if not len(self.index):
            return ""
        self.move_to(token, extend=False)
        hits = self.spans_at(self.cursor)
        if hits:
            self.focus = hits[0].key
            return f"focused {hits[0].label} {hits[0].text[:30]!r}"
        return ""

    def drag(self, first: int, last: int) -> str:
        """A drag from one token to another: select them, cursor on the token dragged to."""
        if not len(self.index):
            return ""
        count = len(self.index)
        self.select_range(max(0, min(count - 1, first)), max(0, min(count - 1, last)))
        return ""

    def doc_start(self) -> str:
        """The first token."""
        return self.move_to(0)

    def doc_end(self) -> str:
        """The last token."""
        return self.move_to(len(self.index) - 1)

    def _jump(self, target: int | None, what: str) -> str:
        """Move to a target or say there is none."""
        if target is None:
            return f"no {what}"
        return self.move_to(target)

    def sentence_next(self) -> str:
        """Start of the next sentence."""
        return self._jump(self.nav.sentence_next(self.cursor), "next sentence")

    def sentence_prev(self) -> str:
        """Start of this or the previous sentence."""
        return self._jump(self.nav.sentence_prev(self.cursor), "previous sentence")

    def paragraph_next(self) -> str:
        """Start of the next paragraph."""
        return self._jump(self.nav.paragraph_next(self.cursor), "next paragraph")

    def paragraph_prev(self) -> str:
        """Start of this or the previous paragraph."""
        return self._jump(self.nav.paragraph_prev(self.cursor), "previous paragraph")

    def selection_range(self) -> TokenRange | None:
        """The selected token range, or None."""
        if self.anchor is None:
            return None
        return (min(self.anchor, self.cursor), max(self.anchor, self.cursor))

    def toggle_select_mode(self) -> str:
        """Selection mode: cursor moves grow the selection (for terminals without shift+arrows)."""
        self.select_mode = not self.select_mode
        if self.select_mode and self.anchor is None:
            self.anchor = self.cursor
        return "selection mode on" if self.select_mode else "selection mode off"

    def clear(self) -> str:
        """Clear selection, selection mode and focus."""
        self.anchor = None
        self.select_mode = False
        self.focus = None
        self.suggestion_focus = None
        return ""

    def _select(self, found: TokenRange | None, what: str) -> str:
        """Select a found range or say there is none."""
        if found is None or not len(self.index):
            return f"no {what} at the cursor"
        self.select_range(*found)
        return ""

    def select_quote(self) -> str:
        """Select the words between the quotation marks around the cursor."""
        return self._select(
            self.nav.quote_around(self.cursor) if len(self.index) else None, "quotation"
        )

    def select_name(self) -> str:
        """Select the capitalised name run (or the quantity) at the cursor."""
        if not len(self.index):
            return "no name at the cursor"
        found = self.nav.name_or_number(self.cursor)
        return self._select(found, "name or number")

    def select_sentence(self) -> str:
        """Select the sentence at the cursor."""
        return self._select(
            self.nav.sentence_at(self.cursor) if len(self.index) else None, "sentence"
        )

    def _is_done(self, first: int, last: int, kind: str) -> bool:
        """Whether a candidate is already labelled (exactly, or under a non-container span)."""
        if kind != "quote" and any(self._covered[t] for t in range(first, last + 1)):
            return True
        start, end = self.index.tokens_to_chars(first, last)
        return any(k[0] == start and k[1] == end for k in self.spans)

    def unlabelled_next(self) -> str:
        """Select the next quotation, name or quantity after the cursor that has no span yet."""
        selection = self.selection_range()
        focused = self.spans.get(self.focus) if self.focus is not None else None
        if focused is not None:
            inside = focused.label in self.containers
            token = focused.token_start if inside else focused.token_end + 1
        elif selection is not None:
            token = selection[0] + 1
        else:
            token = self.cursor + (1 if self._at_done() else 0)
        count = len(self.index)
        while token < count:
            found = self.nav.candidate_at(token)
            if found is not None and not self._is_done(*found):
                self.select_range(found[0], found[1])
                return ""
            token += 1
        return "no unlabelled name, number or quotation after the cursor"

    def _at_done(self) -> bool:
        """Whether the cursor token is already covered by a span."""
        return bool(self.spans) and any(
            k[0] <= self.index.starts[self.cursor] < k[1] for k in self.spans
        )

    def search(self, pattern: str) -> str:
        """Find a regex's matches and select the first after the cursor; message on a bad regex."""
        try:
            self.matches = self.nav.search(pattern)
        except re.error as exc:
            self.matches = []
            return f"bad regular expression: {exc}"
        if not self.matches:
            return f"no match for {pattern!r}"
        return self.match_step(+1, from_token=self.cursor - 1)

    def match_step(self, direction: int, from_token: int | None = None) -> str:
        """Select the next (or previous) search match, wrapping around."""
        if not self.matches:
            return "no search matches (press / to search)"
        here = self.cursor if from_token is None else from_token
        firsts = [m[0] for m in self.matches]
        if direction > 0:
            i = bisect_right(firsts, here)
            found = self.matches[i % len(self.matches)]
        else:
            sel_first = self.anchor if self.anchor is not None else here
            i = bisect_right(firsts, min(here, sel_first) - 1) - 1
            found = self.matches[i % len(self.matches)]
        self.select_range(*found)
        n = self.matches.index(found) + 1
        return f"match {n} of {len(self.matches)}"

    def focus_step(self, direction: int) -> str:
        """Focus the next (or previous) span in reading order, cursor on its start."""
        if not self._order:
            return "no spans yet"
        order = self._order
        if self.focus in self.spans:
            key = self.focus
            current = (key[0], -key[1], key[2])
            i = order.index(current) + direction
        else:
            here = (self.index.starts[self.cursor], 1, "")
            i = bisect_right(order, here) if direction > 0 else bisect_right(order, here) - 1
        start, neg_end, label = order[i % len(order)]
        span = self.spans[(start, -neg_end, label)]
        self.anchor = None
        self.select_mode = False
        self.cursor = span.token_start
        self.focus = span.key
        self.suggestion_focus = None
        return ""

    def suggestion_step(self, after: SpanKey | None = None) -> str:
        """Focus (and select) the next open suggestion after the cursor (or after a decided one)."""
        live = self.open_suggestions()
        if not live:
            return "no open suggestions"
        here = self.index.starts[self.cursor] if len(self.index) else 0
        decided = after if after is not None else self.suggestion_focus
        if decided is not None:
            later = [s for s in live if (s.span.start, -s.span.end) > (decided[0], -decided[1])]
        else:
            later = [s for s in live if s.span.start >= here]
        chosen = (later or live)[0]
        self.select_range(chosen.span.token_start, chosen.span.token_end)
        self.suggestion_focus = chosen.span.key
        return f"suggestion {chosen.span.label} from {chosen.source} (accept/reject)"
