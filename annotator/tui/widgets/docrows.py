"""How DocView draws one row: per-token state, cached styles and merged segments in a Strip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

if TYPE_CHECKING:
    from annotator.tui.widgets.docview import DocView

Cover = tuple[tuple[int, int, str], ...]  # (token_start, token_end, label), innermost first


TokenState = tuple[
    str | None, int, bool, bool, bool, bool, str | None, bool, bool, bool
]  # inner label, outer spans, cursor, selected, focused, matched, suggested, issue, partner, twin
PLAIN: TokenState = (None, 0, False, False, False, False, None, False, False, False)


class RowPainter:
    """Draws DocView's rows from its token state: token states become cached styles, a row one
    Strip. The view owns the painter (`view.painter`) and the state; the painter owns the styles."""

    def __init__(self, view: DocView) -> None:
        """Paint rows of `view` with its component styles."""
        self.view = view
        self.styles: dict[TokenState, Style] = {}
        self._base: Style | None = None

    def clear_styles(self) -> None:
        """Forget the cached styles (the view's CSS changed)."""
        self.styles.clear()
        self._base = None

    @property
    def base_style(self) -> Style:
        """The widget's own style (background, colour), cached until the styles change."""
        if self._base is None:
            self._base = self.view.rich_style
        return self._base

    def style(self, key: TokenState) -> Style:
        """Build (and cache) the style for a token state key."""
        style = self.styles.get(key)
        if style is not None:
            return style
        inner, outer_count, cursor, selected, focused, matched, suggested, issue, partner, twin = (
            key
        )
        base = self.base_style
        style = Style()
        if inner is not None:
            background = Color.parse(self.view.colours.get(inner, "#888888"))
            style += Style(bgcolor=background, color="#ffffff")
        if outer_count:
            style += Style(underline=True, bold=outer_count > 1)
        if twin:  # another span has exactly this extent: a double underline shows it
            style += Style(underline=False, underline2=True, bold=True)
        if suggested is not None and inner is None:
            colour = self.view.colours.get(suggested, "#888888")
            style += Style(color=colour, underline=True, dim=True)
        if matched:
            style += self.view.get_component_rich_style("docview--match", partial=True)
        if focused:
            style += Style(bold=True, italic=True, overline=True)
        if partner and not focused:
            style += self.view.get_component_rich_style("docview--partner", partial=True)
        if issue:
            style += self.view.get_component_rich_style("docview--issue", partial=True)
        if selected:
            style += self.view.get_component_rich_style("docview--selection", partial=True)
        if cursor:
            style += self.view.get_component_rich_style("docview--cursor", partial=True)
        style = base + style
        self.styles[key] = style
        return style

    def state(self, t: int, cover: Cover) -> TokenState:
        """The drawing state of one token (or of the gap before it when `cover` is trimmed)."""
        marks = self.view.marks
        cursor = marks.get("cursor")
        selection = marks.get("selection")
        focus = marks.get("focus") or marks.get("suggestion")
        issue = (
            any((s[0], s[1], s[2]) in self.view.issue_keys for s in cover)
            if self.view.issue_keys
            else False
        )
        return (
            cover[0][2] if cover else None,
            len(cover) - 1 if cover else 0,
            cursor is not None and cursor[0] <= t <= cursor[1],
            selection is not None and selection[0] <= t <= selection[1],
            focus is not None and focus[0] <= t <= focus[1],
            t in self.view.matches,
            self.view.suggested.get(t),
            issue,
            t in self.view.partners,
            len(cover) > 1 and cover[1][0] == cover[0][0] and cover[1][1] == cover[0][1],
        )

    def render_row(self, row: int) -> Strip:
        """Build the strip of one row: tokens and the gaps between them, all sanitised.

        Neighbouring pieces drawn in the same style are merged into one segment, so a row is a
        handful of segments and the compositor's per-frame work stays small. A token outside
        every span, mark, match, suggestion and hint (most of an article) is drawn plain, with
        its gap, without working out its state.
        """
        view = self.view
        width = view.scrollable_content_region.width or view.layout_.width
        base = self.base_style
        if row >= len(view.layout_.rows):
            return Strip.blank(width, base)
        pieces = view.layout_.rows[row]
        texts: list[str] = []
        styles: list[Style] = []
        display, covers, gap_glyphs, hints = (
            view.display_tokens,
            view.cover,
            view.gap_glyphs,
            view.hints,
        )
        style_of, state_of = self.style, self.state
        plain = style_of(PLAIN)
        marked = self._marked_tokens(pieces[0][0], pieces[-1][0]) if pieces else set()
        run: list[str] = []  # plain pieces not yet appended
        for t, a, b, lead in pieces:
            cover = covers[t]
            if not cover and t not in marked:
                if lead:
                    run.append(gap_glyphs.get(t, " "))
                run.append(display[t][a:b])
                continue
            if run:
                _append(texts, styles, "".join(run), plain)
                run = []
            state = state_of(t, cover)
            if lead:
                gap_cover = [s for s in cover if s[0] < t] if cover else cover
                gap_state = (
                    gap_cover[0][2] if gap_cover else None,
                    len(gap_cover) - 1 if gap_cover else 0,
                    False,
                    state[3] and self._in_sel(t - 1),
                    False,
                    False,
                    None,
                    False,
                    False,
                    False,
                )
                _append(texts, styles, gap_glyphs.get(t, " "), style_of(gap_state))
            hint = hints.get(t) if hints and a == 0 else None
            if hint is not None:
                _append(texts, styles, hint, self._hint_style())
                shown = display[t][len(hint) : b]
                if shown:
                    _append(texts, styles, shown, style_of(state))
                continue
            _append(texts, styles, display[t][a:b], style_of(state))
        if run:
            _append(texts, styles, "".join(run), plain)
        segments = [Segment(text, style) for text, style in zip(texts, styles, strict=True)]
        cells = sum(cell_len(text) for text in texts)
        if cells < width:
            segments.append(Segment(" " * (width - cells), base))
        elif cells > width:
            return Strip(segments).crop(0, width)
        return Strip(segments, width)

    def _marked_tokens(self, first: int, last: int) -> set[int]:
        """Tokens first..last that a mark, match, suggestion, partner or hint draws differently
        even outside every span."""
        view = self.view
        marked = {
            t
            for t in range(first, last + 1)
            if t in view.matches or t in view.suggested or t in view.partners or t in view.hints
        }
        marks = view.marks
        for name in ("cursor", "selection", "focus", "suggestion"):
            span = marks.get(name)
            if span is not None and span[0] <= last and span[1] >= first:
                marked.update(range(max(first, span[0]), min(last, span[1]) + 1))
        return marked

    def _hint_style(self) -> Style:
        """The style of a jump hint label."""
        return self.base_style + self.view.get_component_rich_style("docview--hint", partial=True)

    def _in_sel(self, t: int) -> bool:
        """Whether a token is inside the selection."""
        selection = self.view.marks.get("selection")
        return selection is not None and selection[0] <= t <= selection[1]


def _append(texts: list[str], styles: list[Style], text: str, style: Style) -> None:
    """Add a piece of text, joining it to the previous piece when the style is the same."""
    if styles and styles[-1] is style:
        texts[-1] += text
    else:
        texts.append(text)
        styles.append(style)
