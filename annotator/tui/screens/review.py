"""The review screen: the annotation screen over a ReviewFlow, plus each annotator's version."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from annotator.display import safe_text
from annotator.tui.flow import OpenDocument
from annotator.tui.keymap import Keymap
from annotator.tui.review_flow import ReviewFlow
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.widgets.bars import LabelBar, StatusLine
from annotator.tui.widgets.docview import DocView
from annotator.tui.widgets.relations import DocLabelBar, RelationList
from annotator.tui.widgets.spanlist import SpanList


def review_keys(keymap: Keymap) -> str:
    """The review screen's own keys, for the status line."""

    def keys(action_id: str) -> str:
        return "/".join(keymap.keys_of(action_id)) or "(unbound)"

    return (
        f"{keys('take_version')} take the next annotator's version · "
        f"{keys('suggestion_next')} next disputed span · {keys('suggestion_accept')} accept it · "
        f"{keys('suggestion_reject')} drop it · {keys('span_delete')} drop a picked span · "
        f"{keys('answer_accept')} store the review"
    )


class VersionsPanel(Static):
    """Who answered, with how many spans, and the disputed spans with who gave them."""

    DEFAULT_CSS = """
    VersionsPanel { width: 34; height: auto; max-height: 50%; background: $panel;
                    border-left: solid $primary-darken-2; border-bottom: solid $primary-darken-2; }
    """

    def show_item(self, flow: ReviewFlow, colours: dict[str, str]) -> None:
        """Describe the versions of the document under review."""
        item = flow.item
        if item is None:
            self.update("")
            return
        text = Text()
        for name, version in item.versions.items():
            own = len(version.spans) if version.answer == "accept" else 0
            text.append(safe_text(name), style="bold")
            text.append(f"  {version.answer}, {own} spans\n")
        agreed = len(item.candidates) - len(item.disagreements)
        text.append(f"agreed {agreed} · disputed {len(item.disagreements)}\n", style="italic")
        for candidate in item.disagreements:
            colour = colours.get(candidate.span.label, "#888888")
            label = safe_text(candidate.span.label[:7])
            text.append(f"{label:<7}", style=f"bold #ffffff on {colour}")
            snippet = safe_text(candidate.span.text.replace("\n", " ")[:14])
            who = safe_text(", ".join(candidate.annotators))
            text.append(f" {snippet} ({who})\n")
        self.update(text)


class ReviewScreen(AnnotateScreen):
    """Adjudicate: same DocView, keys and journal as annotating; disputed spans are suggestions."""

    reviewing = True  # binds the registry's review actions (take_version)

    def compose(self) -> ComposeResult:
        """The annotation layout with the versions panel above the span panel."""
        with Horizontal(id="main"):
            yield DocView(id="doc")
            with Vertical(id="side"):
                yield VersionsPanel(id="versions")
                yield SpanList(id="spans")
        yield RelationList(id="relations")
        yield LabelBar(id="labels")
        yield DocLabelBar(id="doc-labels")
        yield StatusLine(id="status")

    def show_document(self, opened: OpenDocument | None) -> None:
        """Load the document and describe its versions."""
        super().show_document(opened)
        flow: ReviewFlow = self.flow  # type: ignore[assignment]
        self.widget(VersionsPanel).show_item(flow, self.colours)
        if opened is None:
            self.view.show_notice(
                "Nothing left to review in this dataset. ctrl+b reopens the previous document; "
                "ctrl+q quits."
            )
            self.message = "review done: no document with disagreements left"
        else:
            self.message = f"{self.message} | {review_keys(self.keymap)}"
        self._refresh_bars()

    def action_take_version(self) -> None:
        """Replace the picks with the next annotator's version (undoable)."""
        flow: ReviewFlow = self.flow  # type: ignore[assignment]
        self.edit(flow.plan_take_next_version())
