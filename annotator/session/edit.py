"""EditSession: cursor, selection, spans and undo/redo over one document; a pure state machine.

Every edit is first planned as a JSON-able op (`plan_*`), then applied with `apply(op)`. The
screen journals the op before applying it, and `replay(ops)` rebuilds the same state, undo and
redo stacks included. Cursor and selection moves are not edits and are never journaled.

An edit op holds span changes (`remove`, `add`: `[start, end, label]`, then the attrs when
there are any or the span keeps a foreign id, then that id), relation changes (`remove_rel`,
`add_rel`: `[head id, child id, label]` plus attrs) and document label changes (`doc`:
`[name, values before, values after]`); its inverse swaps each pair, so undo and redo cover all.

Span ids: a span made here gets the id derived from its offsets and label (`span_id`); a span
that arrived with another id (brat's `T1`) keeps it. Relabelling or resizing a span with a
derived id gives it the id of its new extent, and the same edit moves its relations to that
id; a foreign id survives the relabel or resize unchanged, so its relations need no change.
Changing a span's attributes replaces it under the same id. Deleting a span removes its
relations in the same edit.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from typing import Any

from annotator.errors import Issue
from annotator.records.models import (
    Document,
    Relation,
    Span,
    Suggestion,
    make_span,
    reading_order,
    span_id,
)
from annotator.records.tokenization import TokenIndex
from annotator.schema.model import AttributeSpec, LabelSchema
from annotator.session.attributes import with_attribute
from annotator.session.moves import Moves
from annotator.session.nav import TextNav
from annotator.session.plan import Plan, RelationKey, SpanKey, TokenRange, encode
from annotator.session.relations import Links, encode_relation, relation_of
from annotator.suggest.attributes import ATTRIBUTE_SUGGESTERS
from annotator.validation.rules import rules_of

__all__ = ["EditSession", "encode", "inverse", "key_of"]


def key_of(item: list[Any] | Span) -> SpanKey:
    """Identity (start, end, label) of an encoded span or a Span."""
    if isinstance(item, Span):
        return item.key
    return (int(item[0]), int(item[1]), str(item[2]))


def inverse(op: dict[str, Any]) -> dict[str, Any]:
    """The edit that undoes `op` (adds become removes, rejections become restorations)."""
    return {
        "op": "edit",
        "cmd": op.get("cmd", ""),
        "add": op.get("remove", []),
        "remove": op.get("add", []),
        "reject": op.get("unreject", []),
        "unreject": op.get("reject", []),
        "add_rel": op.get("remove_rel", []),
        "remove_rel": op.get("add_rel", []),
        "doc": [[name, after, before] for name, before, after in reversed(op.get("doc", []))],
    }


class EditSession:
    """The editing state of one document for one annotator; no I/O, no UI toolkit.

    It owns the state and plans and applies every journaled edit (spans, suggestions, attributes,
    document labels); `moves` changes its cursor state and `links` plans its relations.
    """

    def __init__(
        self,
        doc: Document,
        schema: LabelSchema,
        spans: Iterable[Span] = (),
        suggestions: Iterable[Suggestion] = (),
        relations: Iterable[Relation] = (),
        doc_labels: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        """Start on `doc` with initial spans, relations and document labels (not undoable)."""
        self.doc = doc
        self.schema = schema
        self.index = TokenIndex.of(doc.tokens)
        self.nav = TextNav(doc.text, self.index)
        self.spans: dict[SpanKey, Span] = {}
        self.by_id: dict[str, SpanKey] = {}
        self.relations: dict[RelationKey, Relation] = {}
        self.relation_focus: RelationKey | None = None
        self.linking: tuple[str, SpanKey] | None = None  # relation label and head being linked
        self.edits_applied = 0  # counts applied edits: whole-document checks are cached by it
        # each span id's relations (as head or child, in the order made), kept with `relations`
        self.relations_by_span: dict[str, list[Relation]] = {}
        # counts changes that may reorder the relations (added, removed, or an end span moved):
        # their reading order is cached by it
        self.relation_moves = 0
        self.doc_labels: dict[str, tuple[str, ...]] = {}
        self.order: list[tuple[int, int, str]] = []
        self._longest = 0  # longest span ever inserted, in characters: bounds overlap lookups
        self.covered = [0] * len(self.index)
        self._rule_cache: dict[SpanKey, list[Issue]] = {}
        self.containers = frozenset(s.name for s in schema.labels if s.may_contain)
        self.cursor = 0
        self.anchor: int | None = None
        self.select_mode = False
        self.focus: SpanKey | None = None
        self.suggestion_focus: SpanKey | None = None
        self.undo_stack: list[dict[str, Any]] = []
        self.redo_stack: list[dict[str, Any]] = []
        self.rejected: set[SpanKey] = set()
        self.suggestions: dict[SpanKey, Suggestion] = {s.span.key: s for s in suggestions}
        self.matches: list[TokenRange] = []
        self.moves = Moves(self)
        self.links = Links(self)
        for span in spans:
            self._insert(span)
        for relation in relations:
            self._link(relation)
        self.doc_labels.update((k, tuple(v)) for k, v in (doc_labels or {}).items() if v)

    # ---- replay -------------------------------------------------------------------------
    @classmethod
    def replay(
        cls,
        doc: Document,
        schema: LabelSchema,
        ops: Iterable[dict[str, Any]],
        suggestions: Iterable[Suggestion] = (),
    ) -> EditSession:
        """Rebuild a session (spans, undo and redo stacks, rejections) from journaled ops."""
        session = cls(doc, schema, (), suggestions)
        for op in ops:
            session.apply(op)
        return session

    @staticmethod
    def base_op(
        spans: Iterable[Span],
        relations: Iterable[Relation] = (),
        doc_labels: dict[str, tuple[str, ...]] | None = None,
    ) -> dict[str, Any]:
        """The journal's first op when a document opens with an earlier revision's annotation."""
        op: dict[str, Any] = {"op": "base", "spans": [encode(s) for s in spans]}
        rels = [encode_relation(r) for r in relations]
        if rels:
            op["relations"] = rels
        docs = [[name, [], list(values)] for name, values in (doc_labels or {}).items() if values]
        if docs:
            op["doc"] = docs
        return op

    # ---- span bookkeeping ---------------------------------------------------------------
    def _make(self, item: list[Any]) -> Span:
        """Build a token-aligned Span from an encoded span."""
        attrs = item[3] if len(item) > 3 else None
        foreign = str(item[4]) if len(item) > 4 else None
        start, end, label = int(item[0]), int(item[1]), str(item[2])
        return make_span(self.doc, start, end, label, attrs, self.index, foreign)

    def _span_from_tokens(self, first: int, last: int, label: str) -> list[Any]:
        """Encode a token range with a label."""
        start, end = self.index.tokens_to_chars(first, last)
        return [start, end, label]

    def _insert(self, span: Span) -> None:
        """Add a span to the indexes."""
        if span.key in self.spans:
            return
        self.spans[span.key] = span
        self.by_id[span.id] = span.key
        if span.id in self.relations_by_span:
            self.relation_moves += 1  # a linked span took this place
        insort(self.order, reading_order(span))
        self._longest = max(self._longest, span.end - span.start)
        if span.label not in self.containers:
            for t in range(span.token_start, span.token_end + 1):
                self.covered[t] += 1

    def _remove(self, key: SpanKey) -> Span | None:
        """Drop a span from the indexes."""
        span = self.spans.pop(key, None)
        if span is None:
            return None
        self._rule_cache.pop(key, None)
        if self.by_id.get(span.id) == key:
            del self.by_id[span.id]
        if span.id in self.relations_by_span:
            self.relation_moves += 1  # a linked span left this place
        sort_key = reading_order(span)
        i = bisect_left(self.order, sort_key)
        if i < len(self.order) and self.order[i] == sort_key:
            del self.order[i]
        if span.label not in self.containers:
            for t in range(span.token_start, span.token_end + 1):
                self.covered[t] -= 1
        if self.focus == key:
            self.focus = None
        return span

    def _link(self, relation: Relation) -> None:
        """Add a relation (or replace the one with its key, keeping its place)."""
        old = self.relations.get(relation.key)
        self.relations[relation.key] = relation
        for end in dict.fromkeys((relation.head, relation.child)):
            listed = self.relations_by_span.setdefault(end, [])
            if old is None:
                listed.append(relation)
            else:
                listed[listed.index(old)] = relation
        self.links.linked(relation, old)
        self.relation_moves += 1

    def _unlink(self, key: RelationKey) -> Relation | None:
        """Drop a relation."""
        relation = self.relations.pop(key, None)
        if relation is None:
            return None
        for end in dict.fromkeys((relation.head, relation.child)):
            listed = self.relations_by_span[end]
            listed.remove(relation)
            if not listed:
                del self.relations_by_span[end]
        self.links.unlinked(relation)
        self.relation_moves += 1
        return relation

    def ordered(self) -> list[Span]:
        """Spans in reading order (start, longest first, label)."""
        return [self.spans[(s, -e, label)] for s, e, label in self.order]

    def spans_overlapping(self, start: int, end: int) -> list[Span]:
        """Spans sharing a character with start..end (end-exclusive), in reading order.

        Looks only at spans starting at most one longest-span length before `start`, so the cost
        follows the neighbourhood, not the number of spans in the document.
        """
        order = self.order
        first = bisect_left(order, (start - self._longest,))
        last = bisect_left(order, (end,), first)
        return [self.spans[(a, -b, label)] for a, b, label in order[first:last] if -b > start]

    def spans_over_tokens(self, first: int, last: int) -> list[Span]:
        """Spans covering any of tokens first..last, in reading order."""
        start, end = self.index.tokens_to_chars(first, last)
        return self.spans_overlapping(start, end)

    def spans_at(self, token: int) -> list[Span]:
        """Spans covering a token, innermost first."""
        start, end = self.index.tokens_to_chars(token, token)
        hits = [s for s in self.spans_overlapping(start, end) if s.start <= start and end <= s.end]
        return sorted(hits, key=lambda s: s.end - s.start)

    # ---- applying ops -------------------------------------------------------------------
    def apply(self, op: dict[str, Any]) -> list[TokenRange]:
        """Apply a journaled op and return the token ranges whose drawing changed."""
        kind = op.get("op")
        if kind == "base":
            base = {"add": op.get("spans", []), "add_rel": op.get("relations", [])}
            return self._apply_edit({**base, "doc": op.get("doc", [])})
        if kind == "undo":
            if not self.undo_stack:
                return []
            edit = self.undo_stack.pop()
            self.redo_stack.append(edit)
            return self._apply_edit(inverse(edit))
        if kind == "redo":
            if not self.redo_stack:
                return []
            edit = self.redo_stack.pop()
            self.undo_stack.append(edit)
            return self._apply_edit(edit)
        if kind == "active":  # time spent, for the answer's duration; no spans change
            return []
        if kind == "edit":
            self.undo_stack.append(op)
            self.redo_stack.clear()
            return self._apply_edit(op)
        raise ValueError(f"unknown op {kind!r}")

    def edit_applied_by(self, op: dict[str, Any]) -> dict[str, Any]:
        """The edit `apply(op)` would make now: undo and redo resolve to their stacked edit."""
        kind = op.get("op")
        if kind == "undo":
            return inverse(self.undo_stack[-1]) if self.undo_stack else {}
        if kind == "redo":
            return self.redo_stack[-1] if self.redo_stack else {}
        return op if kind == "edit" else {}

    def _apply_edit(self, op: dict[str, Any]) -> list[TokenRange]:
        """Remove relations and spans, add spans and relations, set document labels and
        rejections; return touched token ranges."""
        touched: list[TokenRange] = []
        self.edits_applied += 1
        replaced = {relation_of(item).key for item in op.get("add_rel", [])}
        for item in op.get("remove_rel", []):
            if relation_of(item).key in replaced:
                continue  # the same relation with other attributes: replaced in its place below
            relation = self._unlink(relation_of(item).key)
            if relation is not None and self.relation_focus == relation.key:
                self.relation_focus = None
        for item in op.get("remove", []):
            span = self._remove(key_of(item))
            if span is not None:
                touched.append((span.token_start, span.token_end))
        for item in op.get("add", []):
            span = self._make(item)
            self._insert(span)
            touched.append((span.token_start, span.token_end))
        for item in op.get("reject", []):
            self.rejected.add(key_of(item))
            touched.append(self._token_range(key_of(item)))
        for item in op.get("unreject", []):
            self.rejected.discard(key_of(item))
            touched.append(self._token_range(key_of(item)))
        for item in op.get("add_rel", []):
            self._link(relation_of(item))
        for item in op.get("remove_rel", []) + op.get("add_rel", []):
            touched.extend(self.links.ranges(relation_of(item)))
        for name, _before, after in op.get("doc", []):
            if after:
                self.doc_labels[name] = tuple(after)
            else:
                self.doc_labels.pop(name, None)
        return touched

    def perform(self, op: dict[str, Any]) -> list[TokenRange]:
        """Apply an op and move the UI state the way a user expects after it: undo and redo bring
        what changed into view (a span whose attributes changed stays focused), and accepting or
        rejecting a suggestion moves on to the next one."""
        focus = self.focus
        change = self.edit_applied_by(op)
        touched = self.apply(op)
        decided = op.get("op") == "edit" and op.get("cmd") in ("accept", "reject")
        if op.get("op") in ("undo", "redo") and touched:  # bring what changed into view
            added = [key_of(item) for item in change.get("add", []) if key_of(item) in self.spans]
            self.focus = added[0] if added else (focus if focus in self.spans else None)
            self.anchor = None
            if added:
                self.cursor = self._token_range(added[0])[0]
            elif self.focus is None:
                self.cursor = touched[0][0]
        elif op.get("op") in ("undo", "redo") and focus in self.spans:
            self.focus = focus
        elif op.get("op") == "edit" and (op.get("add") or op.get("remove") or decided):
            added = op.get("add", [])
            self.focus = key_of(added[-1]) if len(added) == 1 else None
            self.anchor = None
            self.select_mode = False
            previous = self.suggestion_focus
            self.suggestion_focus = None
            if decided and previous is not None and self.open_suggestions():
                self.moves.suggestion_step(after=previous)
        return touched

    def _token_range(self, key: SpanKey) -> TokenRange:
        """Token range of a char-offset key (snapped outwards)."""
        snapped = self.index.snap(key[0], key[1])
        return snapped if snapped is not None else (0, 0)

    # ---- overlap rules ------------------------------------------------------------------
    def _allowed(self, a: SpanKey, b: SpanKey) -> bool:
        """Whether two overlapping spans may coexist under the schema's may_contain rules."""
        labels = self.schema.by_name
        spec_a, spec_b = labels.get(a[2]), labels.get(b[2])
        if a[0] <= b[0] and b[1] <= a[1] and spec_a is not None and spec_a.allows_inside(b[2]):
            return True
        return b[0] <= a[0] and a[1] <= b[1] and spec_b is not None and spec_b.allows_inside(a[2])

    def conflicts(self, new: SpanKey, ignore: SpanKey | None = None) -> list[SpanKey]:
        """Existing spans that overlap `new` in a way the schema does not allow."""
        out = []
        for span in self.spans_overlapping(new[0], new[1]):
            key = span.key
            if key != ignore and not self._allowed(key, new):
                out.append(key)
        return out

    def describe(self, key: SpanKey, full: bool = False) -> str:
        """A human description of a span (its text cut at 30 characters unless `full`)."""
        text = self.doc.text[key[0] : key[1]]
        text = text if full or len(text) <= 30 else text[:29] + "…"
        return f"{key[2]} {text!r}"

    def describe_change(self, verb: str, edit: dict[str, Any]) -> str:
        """Say what an undo or redo changes: the spans it removes and restores."""
        parts = []
        for part, word in (("remove", "removed"), ("add", "restored")):
            keys = [key_of(item) for item in edit.get(part, [])]
            if keys:
                shown = ", ".join(self.describe(k) for k in keys[:3])
                more = f" and {len(keys) - 3} more" if len(keys) > 3 else ""
                parts.append(f"{word} {shown}{more}")
        if edit.get("reject") or edit.get("unreject"):
            parts.append("suggestion decision changed")
        return f"{verb} {edit.get('cmd') or 'edit'}: {'; '.join(parts) or 'no span changed'}"

    # ---- planning edits -----------------------------------------------------------------
    def selection(self) -> TokenRange | None:
        """The selected token range, or None."""
        if self.anchor is None:
            return None
        return (min(self.anchor, self.cursor), max(self.anchor, self.cursor))

    def target(self) -> TokenRange:
        """What a label key applies to: the selection, else the token under the cursor."""
        return self.selection() or (self.cursor, self.cursor)

    def plan_label(self, label: str) -> Plan:
        """Label the selection (or cursor token); same span again removes it; nested ones obey the schema."""
        if label not in self.schema.by_name:
            return Plan(None, f"unknown label {label}")
        if not len(self.index):
            return Plan(None, "the document has no tokens")
        item = self._span_from_tokens(*self.target(), label)
        new = key_of(item)
        if new in self.spans:
            return Plan(
                {"op": "edit", "cmd": "unlabel", "remove": [encode(self.spans[new])]},
                f"removed {self.describe(new)}",
            )
        conflicts = self.conflicts(new)
        for key in conflicts:
            if not (new[0] <= key[0] and key[1] <= new[1]):
                return Plan(
                    None,
                    f"{label} would overlap {self.describe(key)}, which the schema forbids; "
                    "delete or resize that span first",
                )
        removed = [encode(self.spans[k]) for k in conflicts]
        message = f"{label} {self.doc.text[new[0] : new[1]]!r}"
        if removed:
            inside = ", ".join(self.describe(k, full=True) for k in conflicts)
            message += f"; removed {inside}: not allowed inside {label} (u undoes)"
        return Plan({"op": "edit", "cmd": "label", "add": [item], "remove": removed}, message)

    def acted_on(self) -> SpanKey | None:
        """The span span-commands act on: the focused one, else the innermost at the cursor."""
        if self.focus in self.spans:
            return self.focus
        if not len(self.index):
            return None
        hits = self.spans_at(self.cursor)
        return hits[0].key if hits else None

    def plan_delete(self) -> Plan:
        """Delete the focused span (or the innermost one at the cursor)."""
        key = self.acted_on()
        if key is None:
            return Plan(None, "no span to delete here")
        span = self.spans[key]
        op: dict[str, Any] = {"op": "edit", "cmd": "delete", "remove": [encode(span)]}
        linked = [encode_relation(r) for r in self.links.relations_of(span.id)]
        message = f"deleted {self.describe(key)}"
        if linked:
            op["remove_rel"] = linked
            message += f" and its {len(linked)} relation(s)"
        return Plan(op, message)

    def _replace(self, cmd: str, old: SpanKey, item: list[Any]) -> Plan:
        """Plan replacing one span with another, refusing schema-forbidden overlaps."""
        new = key_of(item)
        if new in self.spans:
            return Plan(None, f"{self.describe(new)} already exists")
        conflicts = self.conflicts(new, ignore=old)
        if conflicts:
            return Plan(None, f"would overlap {self.describe(conflicts[0])}; not allowed")
        span = self.spans[old]
        moved = span.model_copy(
            update={"start": new[0], "end": new[1], "label": new[2], "id": span.id}
        )
        if span.id == span_id(*old) or not span.id:
            moved = moved.model_copy(update={"id": span_id(*new)})
        item = [*item[:3], *encode(moved)[3:]]
        op: dict[str, Any] = {"op": "edit", "cmd": cmd, "remove": [encode(span)], "add": [item]}
        if moved.id != span.id:
            linked = self.links.relations_of(span.id)
            if linked:
                op["remove_rel"] = [encode_relation(r) for r in linked]
                op["add_rel"] = [
                    encode_relation(Links.renamed(r, span.id, moved.id)) for r in linked
                ]
        return Plan(op, f"{cmd} -> {self.describe(new)}")

    def plan_relabel(self, label: str) -> Plan:
        """Give the focused span (or the one at the cursor) another label."""
        key = self.acted_on()
        if key is None:
            return Plan(None, "no span to relabel here")
        if label not in self.schema.by_name:
            return Plan(None, f"unknown label {label}")
        return self._replace("relabel", key, [key[0], key[1], label])

    def plan_resize(self, edge: str, delta: int) -> Plan:
        """Move the focused span's start or end by one token (delta -1 or +1)."""
        key = self.acted_on()
        if key is None:
            return Plan(None, "no span to resize here")
        span = self.spans[key]
        first, last = span.token_start, span.token_end
        if edge == "start":
            first += delta
        else:
            last += delta
        if first < 0 or last >= len(self.index) or first > last:
            return Plan(None, "cannot resize further")
        return self._replace("resize", key, self._span_from_tokens(first, last, key[2]))

    def plan_undo(self) -> Plan:
        """Undo the last edit."""
        if not self.undo_stack:
            return Plan(None, "nothing to undo")
        return Plan({"op": "undo"}, self.describe_change("undid", inverse(self.undo_stack[-1])))

    def plan_redo(self) -> Plan:
        """Redo the last undone edit."""
        if not self.redo_stack:
            return Plan(None, "nothing to redo")
        return Plan({"op": "redo"}, self.describe_change("redid", self.redo_stack[-1]))

    # ---- suggestions --------------------------------------------------------------------
    def open_suggestions(self) -> list[Suggestion]:
        """Suggestions neither rejected nor already present as spans, in reading order."""
        live = [
            s for k, s in self.suggestions.items() if k not in self.rejected and k not in self.spans
        ]
        return sorted(live, key=lambda s: reading_order(s.span))

    def plan_accept_suggestion(self) -> Plan:
        """Accept the focused suggestion as a span."""
        key = self.suggestion_focus
        if key is None or key not in self.suggestions or key in self.spans:
            return Plan(None, "no suggestion focused (press the next-suggestion key)")
        item = [key[0], key[1], key[2]]
        if self.conflicts(key):
            return Plan(None, f"{self.describe(key)} would overlap a span; not allowed")
        return Plan(
            {"op": "edit", "cmd": "accept", "add": [item]}, f"accepted {self.describe(key)}"
        )

    def plan_reject_suggestion(self) -> Plan:
        """Reject the focused suggestion so it does not come back."""
        key = self.suggestion_focus
        if key is None or key not in self.suggestions:
            return Plan(None, "no suggestion focused")
        op = {"op": "edit", "cmd": "reject", "reject": [list(key)]}
        return Plan(op, f"rejected suggestion {self.describe(key)}")

    def plan_accept_all(self, label: str | None = None) -> Plan:
        """Accept every open suggestion (of one label, if given) that fits the overlap rules."""
        added: list[list[Any]] = []
        keys: list[SpanKey] = []
        for suggestion in self.open_suggestions():
            key = suggestion.span.key
            if label is not None and key[2] != label:
                continue
            clash = self.conflicts(key) or [
                k for k in keys if not self._allowed(k, key) and k[1] > key[0] and key[1] > k[0]
            ]
            if not clash:
                added.append(list(key))
                keys.append(key)
        if not added:
            return Plan(None, "no suggestions to accept")
        return Plan(
            {"op": "edit", "cmd": "accept", "add": added}, f"accepted {len(added)} suggestion(s)"
        )

    # ---- attributes ---------------------------------------------------------------------
    def attribute_specs(self, key: SpanKey | None = None) -> tuple[AttributeSpec, ...]:
        """The attributes the label of span `key` (default: the acted-on span) declares."""
        key = key or self.acted_on()
        spec = self.schema.by_name.get(key[2]) if key else None
        return spec.attributes if spec is not None else ()

    def missing_attributes(self, key: SpanKey) -> list[str]:
        """Names of the required attributes span `key` lacks."""
        attrs = self.spans[key].attrs
        return [a.name for a in self.attribute_specs(key) if a.required and a.name not in attrs]

    def attribute_suggestions(self, key: SpanKey | None = None) -> dict[str, Any]:
        """Attributes the label's `suggest`-named suggesters read from the span's text, only the
        names the label declares under that suggester, and only values that differ from the span's."""
        key = key or self.acted_on()
        if key is None or key not in self.spans:
            return {}
        span = self.spans[key]
        out: dict[str, Any] = {}
        read: dict[str, dict[str, Any]] = {}
        for spec in self.attribute_specs(key):
            named = spec.suggest or ""
            suggester = ATTRIBUTE_SUGGESTERS.get(named)
            if suggester is None or spec.name not in suggester.outputs:
                continue
            if named not in read:
                read[named] = suggester(span.text, spec.aliases)
            value = read[named].get(spec.name)
            if value is not None and span.attrs.get(spec.name) != value:
                out[spec.name] = value
        return out

    def _with_attrs(self, cmd: str, key: SpanKey, attrs: dict[str, Any], message: str) -> Plan:
        """Plan replacing span `key` by the same span (same id) with other attributes."""
        span = self.spans[key]
        before = encode(span)
        after = [span.start, span.end, span.label, attrs, *before[4:]]
        op = {"op": "edit", "cmd": cmd, "remove": [before], "add": [after]}
        return Plan(op, message)

    def plan_set_attribute(self, name: str, value: Any) -> Plan:
        """Set (value None: clear) one attribute of the focused span, checked against its type."""
        key = self.acted_on()
        if key is None:
            return Plan(None, "no span focused to set an attribute on")
        changed = with_attribute(
            key[2], self.attribute_specs(key), self.spans[key].attrs, name, value
        )
        if isinstance(changed, str):
            return Plan(None, changed)
        attrs, message = changed
        return self._with_attrs("attribute", key, attrs, message)

    def plan_accept_attributes(self) -> Plan:
        """Set every suggested attribute of the focused span in one edit."""
        key = self.acted_on()
        if key is None:
            return Plan(None, "no span focused")
        suggested = self.attribute_suggestions(key)
        if not suggested:
            return Plan(None, f"no attribute suggestions for {self.describe(key)}")
        attrs = {**self.spans[key].attrs, **suggested}
        shown = ", ".join(f"{k}={v!r}" for k, v in suggested.items())
        return self._with_attrs("attributes", key, attrs, f"accepted {shown}")

    # ---- document labels ----------------------------------------------------------------
    def plan_doc_label(self, name: str, value: str) -> Plan:
        """Pick `value` for a single choice (again: clear it), or toggle it in a multiple one."""
        spec = self.schema.doc_label_by_name.get(name)
        if spec is None:
            return Plan(None, f"unknown document label {name}")
        if value not in spec.values:
            return Plan(None, f"{name} takes {', '.join(spec.values)}, not {value!r}")
        before = list(self.doc_labels.get(name, ()))
        if spec.multiple:
            after = [v for v in before if v != value] if value in before else [*before, value]
        else:
            after = [] if before == [value] else [value]
        message = f"{name}: {', '.join(after) or 'cleared'}"
        return Plan({"op": "edit", "cmd": "doc_label", "doc": [[name, before, after]]}, message)

    def doc_label_issues(self, answer: str = "accept") -> list[Issue]:
        """Problems of the document labels were the document answered `answer`."""
        rules = rules_of(self.schema).doc_labels
        if not self.doc_labels and not rules.required:
            return []
        picked: dict[str, Sequence[str]] = dict(self.doc_labels)
        if rules.ok(picked, answer):
            return []
        return rules.issues(picked, answer)

    # ---- validation ---------------------------------------------------------------------
    def issues(self) -> list[tuple[Issue, SpanKey | None]]:
        """Schema problems of the spans, their attributes, the relations and the document labels,
        each with the span it is about (a relation's head; None for the document)."""
        ordered = tuple(self.ordered())
        out: list[tuple[Issue, SpanKey | None]] = []
        for span in ordered:
            cached = self._rule_cache.get(span.key)
            if cached is None:
                cached = rules_of(self.schema).span_rule_issues(self.doc.text, (span,))
                self._rule_cache[span.key] = cached
            out.extend((issue, span.key) for issue in cached)
        for issue in rules_of(self.schema).overlap_issues(ordered):
            where = ordered[issue.span_index].key if issue.span_index is not None else None
            out.append((issue, where))
        out.extend(self.links.relation_issues())
        out.extend((issue, None) for issue in self.doc_label_issues())
        return out

    def annotation_spans(self) -> tuple[Span, ...]:
        """The spans to store, in reading order."""
        return tuple(self.ordered())

    def annotation_relations(self) -> tuple[Relation, ...]:
        """The relations to store, in the order they were made."""
        return tuple(self.relations.values())

    def annotation_doc_labels(self) -> dict[str, tuple[str, ...]]:
        """The document labels to store."""
        return dict(self.doc_labels)
