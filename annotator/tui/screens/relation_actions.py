"""The annotation screen's actions for relations, attributes and document labels, as a mixin."""

from __future__ import annotations

from typing import Any

from textual import events

from annotator.tui.screens.attribute_form import AttributeForm
from annotator.tui.screens.doc_label_panel import DocLabelPanel
from annotator.tui.widgets.docview import DocView
from annotator.tui.widgets.relations import (
    DocLabelBar,
    LazyLines,
    RelationList,
    doc_label_keys,
)
from annotator.tui.widgets.spanlist import SpanList


class RelationActions:
    """Action methods of AnnotateScreen for relations (link, list, focus, delete), attributes
    (the form) and document labels (the panel, and accept refused while a required one is empty)."""

    # The host screen provides flow, keymap, session, view, widget, edit, colours, _status,
    # _refresh_bars and _marks.

    # ---- linking ------------------------------------------------------------------------
    def action_relation(self, name: str) -> None:
        """Start a relation of type `name` from the focused span, or, while the relation list
        shows a focused relation, give that relation the type `name`."""
        session = self.session
        if session is None:
            return
        if self.widget(RelationList).display and session.relation_focus in session.relations:
            plan = session.plan_relabel_relation(name)
            if plan.op is not None:
                old = session.relation_focus
                self.edit(plan)
                session.relation_focus = (old[0], old[1], name)
                self.show_relations()
            else:
                self._status(plan.message)
            return
        self._status(session.start_link(name))

    def on_key(self, event: events.Key) -> None:
        """While linking, the confirm key links and the cancel key stops (before other bindings)."""
        session = self.session
        if session is None or session.linking is None:
            return
        if event.key in self.keymap.keys_of("relation_confirm"):
            event.stop()
            event.prevent_default()
            self.action_relation_confirm()
        elif event.key in self.keymap.keys_of("relation_cancel"):
            event.stop()
            event.prevent_default()
            self.action_relation_cancel()

    def action_relation_confirm(self) -> None:
        """Link the span linking started from to the focused span (or say why not)."""
        session = self.session
        if session is None:
            return
        plan = session.plan_link()
        if plan.op is not None:
            session.linking = None
        self.edit(plan)

    def action_relation_cancel(self) -> None:
        """Stop linking."""
        if self.session is not None:
            self._status(self.session.cancel_link())

    # ---- the relation list --------------------------------------------------------------
    def action_relation_list(self) -> None:
        """Show or hide the list of every relation."""
        listing = self.widget(RelationList)
        listing.display = not listing.display
        self.show_relations()

    def action_relation_next(self) -> None:
        """Focus the next relation (and its head span)."""
        self._relation_step(+1)

    def action_relation_prev(self) -> None:
        """Focus the previous relation (and its head span)."""
        self._relation_step(-1)

    def _relation_step(self, step: int) -> None:
        """Move the relation focus and show it."""
        session = self.session
        if session is None:
            return
        relation = session.focus_relation(step)
        if relation is None:
            self._status("no relations yet: focus a span and press a relation key")
            return
        listing = self.widget(RelationList)
        listing.display = True
        head = session.by_id.get(relation.head)
        if head is not None:
            session.move_to(session.spans[head].token_start)
            session.focus = head
        self._marks()
        self.show_relations()
        self._status(f"relation {session.head_line(relation)}")

    def action_relation_delete(self) -> None:
        """Delete the focused relation."""
        if self.session is not None:
            self.edit(self.session.plan_unlink())

    def show_relations(self) -> None:
        """Refresh the relation rows of the side panel and the relation list."""
        session = self.session
        if session is None:
            return
        listing = self.widget(RelationList)
        if listing.display:
            index = session.relation_index()
            focused = index.place.get(session.relation_focus) if session.relation_focus else None
            listing.show_relations(LazyLines(index.ordered, session.head_line), focused)

    def relation_rows(self) -> dict[Any, list[str]]:
        """The relation lines to list under each head span in the side panel."""
        session = self.session
        rows: dict[Any, list[str]] = {}
        if session is None:
            return rows
        for relation in session.ordered_relations():
            head = session.by_id.get(relation.head)
            if head is not None:
                rows.setdefault(head, []).append(session.describe_relation(relation))
        return rows

    def show_partners(self) -> None:
        """Highlight the spans linked to the focused span."""
        session = self.session
        if session is None:
            return
        ranges = []
        if session.focus is not None and session.relations:
            for key in session.partners(session.focus):
                span = session.spans[key]
                ranges.append((span.token_start, span.token_end))
        self.widget(DocView).set_partners(ranges)

    def refresh_side_panel(self) -> None:
        """Redraw the span panel with relations under their heads, and the relation list."""
        session = self.session
        if session is None:
            return
        panel = self.widget(SpanList)
        panel.set_spans(session.ordered(), self.colours, self.relation_rows())
        panel.set_focused(session.focus)
        self.show_relations()

    # ---- attributes ---------------------------------------------------------------------
    def action_attributes_edit(self) -> None:
        """Open the attribute form of the focused span."""
        session = self.session
        if session is None:
            return
        if session.acted_on() is None:
            self._status("no span focused: press tab to focus one, then edit its attributes")
            return
        self.app.push_screen(AttributeForm(session, self.edit))

    # ---- document labels ----------------------------------------------------------------
    def action_doc_labels(self) -> None:
        """Open the document label panel."""
        session = self.session
        if session is None:
            return
        if not self.flow.schema.doc_labels:
            self._status("the schema declares no document labels")
            return
        self.app.push_screen(DocLabelPanel(session, doc_label_keys(self.flow.schema), self.edit))

    def show_doc_labels(self) -> None:
        """Redraw the document label bar."""
        session = self.session
        picked = session.doc_labels if session is not None else {}
        schema = self.flow.schema
        self.widget(DocLabelBar).show_choices(schema, picked, doc_label_keys(schema))

    def action_answer_accept(self) -> None:
        """Accept, unless a required document label is still unpicked (then say which)."""
        session = self.session
        if session is not None:
            missing = [
                spec.name
                for spec in self.flow.schema.doc_labels
                if spec.required and not session.doc_labels.get(spec.name)
            ]
            if missing:
                self._status(
                    f"pick the required document label(s) {', '.join(missing)} first "
                    "(press D), or reject/ignore the document"
                )
                return
        super().action_answer_accept()  # type: ignore[misc]
