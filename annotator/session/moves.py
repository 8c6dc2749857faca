"""Cursor, selection and focus moves of the edit session: state changes that are never journaled."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from annotator.session.plan import SpanKey, TokenRange

if TYPE_CHECKING:
    from annotator.session.edit import EditSession


class Moves:
    """The moves of one EditSession (`session.moves`); every method returns a short status message."""

    def __init__(self, session: EditSession) -> None:
        """Move over `session`'s tokens, spans and suggestions, changing its cursor state."""
        self.session = session

    def move_to(self, token: int, extend: bool | None = None) -> str:
        """Put the cursor on a token; extend the selection in selection mode (or when asked)."""
        count = len(self.session.index)
        if not count:
            return ""
        extend = self.session.select_mode if extend is None else extend
        if extend:
            if self.session.anchor is None:
                self.session.anchor = self.session.cursor
        else:
            self.session.anchor = None
        self.session.cursor = max(0, min(count - 1, token))
        self.session.focus = None
        self.session.suggestion_focus = None
        return ""

    def select_range(self, first: int, last: int) -> None:
        """Select tokens first..last with the cursor on the last."""
        self.session.focus = None
        self.session.suggestion_focus = None
        self.session.anchor = first
        self.session.cursor = last

    def left(self) -> str:
        """One token left."""
        return self.move_to(self.session.cursor - 1)

    def right(self) -> str:
        """One token right."""
        return self.move_to(self.session.cursor + 1)

    def grow(self, delta: int) -> str:
        """Grow or shrink the selection by one token from its anchor."""
        return self.move_to(self.session.cursor + delta, extend=True)

    def _extend_to(self, target: int | None, what: str) -> str:
        """Move the selection's cursor end to a token, starting a selection at the cursor if none."""
        if target is None or not len(self.session.index):
            return f"no {what}"
        return self.move_to(target, extend=True)

    def word_next(self) -> str:
        """Extend the selection to the next word (punctuation on the way is taken along)."""
        return self._extend_to(self.session.nav.word_next(self.session.cursor), "next word")

    def word_prev(self) -> str:
        """Move the selection's cursor end back one word (shrinking, or growing leftwards)."""
        return self._extend_to(self.session.nav.word_prev(self.session.cursor), "previous word")

    def clause_next(self) -> str:
        """Extend the selection to the last word before the next punctuation mark."""
        return self._extend_to(
            self.session.nav.clause_end(self.session.cursor), "word before the next punctuation"
        )

    def clause_prev(self) -> str:
        """Move the selection's cursor end back to the first word after the previous punctuation."""
        return self._extend_to(
            self.session.nav.clause_start(self.session.cursor),
            "word after the previous punctuation",
        )

    def jump(self, token: int, extend: bool = False) -> str:
        """Put the cursor on a chosen word (a hint), extending the selection when asked."""
        return self.move_to(token, extend=extend or self.session.select_mode)

    def press(self, token: int) -> str:
        """A click: focus the innermost span at a token, else put the cursor there."""
        if not len(self.session.index):
            return ""
        self.move_to(token, extend=False)
        hits = self.session.spans_at(self.session.cursor)
        if hits:
            self.session.focus = hits[0].key
            return f"focused {hits[0].label} {hits[0].text[:30]!r}"
        return ""

    def drag(self, first: int, last: int) -> str:
        """A drag from one token to another: select them, cursor on the token dragged to."""
        if not len(self.session.index):
            return ""
        count = len(self.session.index)
        self.select_range(max(0, min(count - 1, first)), max(0, min(count - 1, last)))
        return ""

    def doc_start(self) -> str:
        """The first token."""
        return self.move_to(0)

    def doc_end(self) -> str:
        """The last token."""
        return self.move_to(len(self.session.index) - 1)

    def _jump(self, target: int | None, what: str) -> str:
        """Move to a target or say there is none."""
        if target is None:
            return f"no {what}"
        return self.move_to(target)

    def sentence_next(self) -> str:
        """Start of the next sentence."""
        return self._jump(self.session.nav.sentence_next(self.session.cursor), "next sentence")

    def sentence_prev(self) -> str:
        """Start of this or the previous sentence."""
        return self._jump(self.session.nav.sentence_prev(self.session.cursor), "previous sentence")

    def paragraph_next(self) -> str:
        """Start of the next paragraph."""
        return self._jump(self.session.nav.paragraph_next(self.session.cursor), "next paragraph")

    def paragraph_prev(self) -> str:
        """Start of this or the previous paragraph."""
        return self._jump(
            self.session.nav.paragraph_prev(self.session.cursor), "previous paragraph"
        )

    def toggle_select_mode(self) -> str:
        """Selection mode: cursor moves grow the selection (for terminals without shift+arrows)."""
        self.session.select_mode = not self.session.select_mode
        if self.session.select_mode and self.session.anchor is None:
            self.session.anchor = self.session.cursor
        return "selection mode on" if self.session.select_mode else "selection mode off"

    def clear(self) -> str:
        """Clear selection, selection mode and focus."""
        self.session.anchor = None
        self.session.select_mode = False
        self.session.focus = None
        self.session.suggestion_focus = None
        return ""

    def _select(self, found: TokenRange | None, what: str) -> str:
        """Select a found range or say there is none."""
        if found is None or not len(self.session.index):
            return f"no {what} at the cursor"
        self.select_range(*found)
        return ""

    def select_quote(self) -> str:
        """Select the words between the quotation marks around the cursor."""
        return self._select(
            self.session.nav.quote_around(self.session.cursor) if len(self.session.index) else None,
            "quotation",
        )

    def select_name(self) -> str:
        """Select the capitalised name run (or the quantity) at the cursor."""
        if not len(self.session.index):
            return "no name at the cursor"
        found = self.session.nav.name_or_number(self.session.cursor)
        return self._select(found, "name or number")

    def select_sentence(self) -> str:
        """Select the sentence at the cursor."""
        return self._select(
            self.session.nav.sentence_at(self.session.cursor) if len(self.session.index) else None,
            "sentence",
        )

    def _is_done(self, first: int, last: int, kind: str) -> bool:
        """Whether a candidate is already labelled (exactly, or under a non-container span)."""
        if kind != "quote" and any(self.session.covered[t] for t in range(first, last + 1)):
            return True
        start, end = self.session.index.tokens_to_chars(first, last)
        return any(k[0] == start and k[1] == end for k in self.session.spans)

    def unlabelled_next(self) -> str:
        """Select the next quotation, name or quantity after the cursor that has no span yet."""
        selection = self.session.selection()
        focused = (
            self.session.spans.get(self.session.focus) if self.session.focus is not None else None
        )
        if focused is not None:
            inside = focused.label in self.session.containers
            token = focused.token_start if inside else focused.token_end + 1
        elif selection is not None:
            token = selection[0] + 1
        else:
            token = self.session.cursor + (1 if self._at_done() else 0)
        count = len(self.session.index)
        while token < count:
            found = self.session.nav.candidate_at(token)
            if found is not None and not self._is_done(*found):
                self.select_range(found[0], found[1])
                return ""
            token += 1
        return "no unlabelled name, number or quotation after the cursor"

    def _at_done(self) -> bool:
        """Whether the cursor token is already covered by a span."""
        return bool(self.session.spans) and any(
            k[0] <= self.session.index.starts[self.session.cursor] < k[1]
            for k in self.session.spans
        )

    def search(self, pattern: str) -> str:
        """Find a regex's matches and select the first after the cursor; message on a bad regex."""
        try:
            self.session.matches = self.session.nav.search(pattern)
        except re.error as exc:
            self.session.matches = []
            return f"bad regular expression: {exc}"
        if not self.session.matches:
            return f"no match for {pattern!r}"
        return self.match_step(+1, from_token=self.session.cursor - 1)

    def match_step(self, direction: int, from_token: int | None = None) -> str:
        """Select the next (or previous) search match, wrapping around."""
        if not self.session.matches:
            return "no search matches (press / to search)"
        here = self.session.cursor if from_token is None else from_token
        firsts = [m[0] for m in self.session.matches]
        if direction > 0:
            i = bisect_right(firsts, here)
            found = self.session.matches[i % len(self.session.matches)]
        else:
            sel_first = self.session.anchor if self.session.anchor is not None else here
            i = bisect_right(firsts, min(here, sel_first) - 1) - 1
            found = self.session.matches[i % len(self.session.matches)]
        self.select_range(*found)
        n = self.session.matches.index(found) + 1
        return f"match {n} of {len(self.session.matches)}"

    def focus_step(self, direction: int) -> str:
        """Focus the next (or previous) span in reading order, cursor on its start."""
        if not self.session.order:
            return "no spans yet"
        order = self.session.order
        if self.session.focus in self.session.spans:
            key = self.session.focus
            current = (key[0], -key[1], key[2])
            i = order.index(current) + direction
        else:
            here = (self.session.index.starts[self.session.cursor], 1, "")
            i = bisect_right(order, here) if direction > 0 else bisect_right(order, here) - 1
        start, neg_end, label = order[i % len(order)]
        span = self.session.spans[(start, -neg_end, label)]
        self.session.anchor = None
        self.session.select_mode = False
        self.session.cursor = span.token_start
        self.session.focus = span.key
        self.session.suggestion_focus = None
        return ""

    def suggestion_step(self, after: SpanKey | None = None) -> str:
        """Focus (and select) the next open suggestion after the cursor (or after a decided one)."""
        live = self.session.open_suggestions()
        if not live:
            return "no open suggestions"
        here = self.session.index.starts[self.session.cursor] if len(self.session.index) else 0
        decided = after if after is not None else self.session.suggestion_focus
        if decided is not None:
            later = [s for s in live if (s.span.start, -s.span.end) > (decided[0], -decided[1])]
        else:
            later = [s for s in live if s.span.start >= here]
        chosen = (later or live)[0]
        self.select_range(chosen.span.token_start, chosen.span.token_end)
        self.session.suggestion_focus = chosen.span.key
        return f"suggestion {chosen.span.label} from {chosen.source} (accept/reject)"
