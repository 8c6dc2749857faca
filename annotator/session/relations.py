"""Planning the relation commands of an EditSession: link two spans, unlink, check, describe."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from annotator.errors import Errors, Issue
from annotator.records.models import Relation
from annotator.schema.model import AttributeSpec
from annotator.session.attributes import with_attribute
from annotator.session.plan import Plan, RelationKey, SpanKey, TokenRange
from annotator.validation.rules import RELATION_LINKS, rules_of

if TYPE_CHECKING:
    from annotator.session.edit import EditSession


def encode_relation(relation: Relation) -> list[Any]:
    """A relation as a compact JSON-able list: [head id, child id, label] plus attrs when present."""
    out: list[Any] = [relation.head, relation.child, relation.label]
    if relation.attrs:
        out.append(dict(relation.attrs))
    return out


def replacing(cmd: str, old: Relation, new: Relation) -> dict[str, Any]:
    """The edit op `cmd` that replaces relation `old` by `new`."""
    return {
        "op": "edit",
        "cmd": cmd,
        "remove_rel": [encode_relation(old)],
        "add_rel": [encode_relation(new)],
    }


def relation_of(item: list[Any]) -> Relation:
    """The Relation an encoded relation names."""
    attrs = item[3] if len(item) > 3 else {}
    return Relation(head=str(item[0]), child=str(item[1]), label=str(item[2]), attrs=attrs)


class RelationIndex:
    """The relations of a session in reading order, made when first used and then kept in step
    with each relation linked or unlinked (until a span they link moves)."""

    def __init__(self, relations: list[Relation], by_id: dict[str, SpanKey]) -> None:
        """Index `relations` (in the order they were made) whose ends `by_id` places."""
        self.relations = relations
        self.by_id = by_id

    def sort_key(self, relation: Relation) -> tuple[Any, ...]:
        """Where a relation goes: its head's place in reading order, then its child's."""
        missing = (-1, -1, "")
        head = self.by_id.get(relation.head, missing)
        child = self.by_id.get(relation.child, missing)
        return (head[0], -head[1], head[2], child[0], -child[1], relation.label)

    @cached_property
    def ordered(self) -> list[Relation]:
        """The relations in the reading order of their heads, then children."""
        return sorted(self.relations, key=self.sort_key)

    @cached_property
    def place(self) -> dict[RelationKey, int]:
        """Each relation's place in the reading order."""
        return {r.key: i for i, r in enumerate(self.ordered)}

    def linked(self, relation: Relation, old: Relation | None) -> None:
        """Take in a relation just made (or one that replaced `old`, same key, in its place)."""
        made = self.__dict__.get("ordered")
        if old is None:
            self.relations.append(relation)
            if made is not None:
                insort(made, relation, key=self.sort_key)
        else:
            self.relations[_index_of(self.relations, old)] = relation
            if made is not None:
                made[_index_of(made, old)] = relation
        self.__dict__.pop("place", None)

    def unlinked(self, relation: Relation) -> None:
        """Let go of a relation just removed."""
        del self.relations[_index_of(self.relations, relation)]
        made = self.__dict__.get("ordered")
        if made is not None:
            start = bisect_left(made, self.sort_key(relation), key=self.sort_key)
            del made[_index_of(made, relation, start)]
        self.__dict__.pop("place", None)


def _index_of(items: list[Relation], relation: Relation, start: int = 0) -> int:
    """Where this very relation object sits in `items` (from `start`)."""
    return next(i for i in range(start, len(items)) if items[i] is relation)


class Links:
    """The relation commands of one EditSession (`session.links`): relations between its spans,
    linked and unlinked by undoable edits, described and checked."""

    def __init__(self, session: EditSession) -> None:
        """Plan and describe relations over `session`'s spans; the relations live in the session."""
        self.session = session
        # the relation problems found, and the session's edit count they were found at
        self._checked: tuple[int, list[tuple[Issue, SpanKey | None]]] = (-1, [])
        # the relations' reading order, and the session's `relation_moves` it was made at
        self._index: tuple[int, RelationIndex] | None = None

    def relations_of(self, span_id: str) -> list[Relation]:
        """Relations whose head or child is the span with this id."""
        return list(self.session.relations_by_span.get(span_id, ()))

    @staticmethod
    def renamed(relation: Relation, old: str, new: str) -> Relation:
        """The relation with span id `old` replaced by `new` at either end."""
        head = new if relation.head == old else relation.head
        child = new if relation.child == old else relation.child
        return relation.model_copy(update={"head": head, "child": child})

    def ranges(self, relation: Relation) -> list[TokenRange]:
        """Token ranges of a relation's two spans (those that exist)."""
        out = []
        for span_id in (relation.head, relation.child):
            key = self.session.by_id.get(span_id)
            if key is not None:
                span = self.session.spans[key]
                out.append((span.token_start, span.token_end))
        return out

    def partners(self, key: SpanKey) -> list[SpanKey]:
        """Keys of the spans linked to the span `key` by any relation."""
        span = self.session.spans.get(key)
        if span is None:
            return []
        out = []
        for relation in self.relations_of(span.id):
            other = relation.child if relation.head == span.id else relation.head
            if other in self.session.by_id:
                out.append(self.session.by_id[other])
        return out

    def describe_relation(self, relation: Relation, from_head: bool = True) -> str:
        """`SPEAKER → ACTOR 'Foreign Minister Saud'` (or `← QUOTE '…'` seen from the child)."""
        other = relation.child if from_head else relation.head
        arrow = "→" if from_head else "←"
        key = self.session.by_id.get(other)
        if key is None:
            return f"{relation.label} {arrow} missing span {other}"
        text = self.session.doc.text[key[0] : key[1]]
        text = text if len(text) <= 40 else text[:39] + "…"
        return f"{relation.label} {arrow} {key[2]} {text!r}"

    def head_line(self, relation: Relation) -> str:
        """`QUOTE 'text' SPEAKER → ACTOR 'text'`: a relation with both its ends."""
        key = self.session.by_id.get(relation.head)
        head = self.session.describe(key) if key is not None else f"missing span {relation.head}"
        return f"{head} {self.describe_relation(relation)}"

    def rows_by_head(self) -> dict[SpanKey, list[str]]:
        """The relation lines to list under each head span in the side panel."""
        rows: dict[SpanKey, list[str]] = {}
        for relation in self.ordered_relations():
            head = self.session.by_id.get(relation.head)
            if head is not None:
                rows.setdefault(head, []).append(self.describe_relation(relation))
        return rows

    def ordered_relations(self) -> list[Relation]:
        """Relations in the reading order of their heads, then children."""
        return list(self.relation_index().ordered)

    def linked(self, relation: Relation, old: Relation | None) -> None:
        """The session made `relation` (replacing `old`): keep the reading order, if current."""
        self._follow(lambda index: index.linked(relation, old))

    def unlinked(self, relation: Relation) -> None:
        """The session removed `relation`: keep the reading order, if current."""
        self._follow(lambda index: index.unlinked(relation))

    def _follow(self, change: Callable[[RelationIndex], None]) -> None:
        """Apply one change to the reading order if it was current before the change (the
        session counts the change in `relation_moves` next); else it is made anew when asked."""
        cached = self._index
        moves = self.session.relation_moves
        if cached is not None and cached[0] == moves:
            change(cached[1])
            self._index = (moves + 1, cached[1])

    def relation_index(self) -> RelationIndex:
        """The relations' reading order, made anew once relations or their spans have changed."""
        session = self.session
        revision = session.relation_moves
        cached = self._index
        if cached is None or cached[0] != revision:
            cached = self._index = (
                revision,
                RelationIndex(list(session.relations.values()), session.by_id),
            )
        return cached[1]

    # ---- linking ------------------------------------------------------------------------
    def link_problem(
        self, label: str, head: SpanKey, child: SpanKey, replacing: Relation | None = None
    ) -> str | None:
        """Why the schema refuses linking head to child with `label` (the rule's message), or None;
        `replacing` is judged as if it were not there (a relation being given another type)."""
        spec = self.session.schema.relation_by_name.get(label)
        if spec is None:
            return f"unknown relation {label}"
        if head not in self.session.spans or child not in self.session.spans:
            return "both ends of a relation must be spans"
        head_span, child_span = self.session.spans[head], self.session.spans[child]
        candidate = Relation(head=head_span.id, child=child_span.id, label=label)
        # Only relations from the same head can repeat it or count towards its max_per_head.
        existing = [
            r
            for r in self.session.relations_by_span.get(head_span.id, ())
            if r.head == head_span.id and r != replacing
        ]
        where = f"relations[{len(existing)}]"
        labels = {head_span.id: head_span.label, child_span.id: child_span.label}
        ends = {
            i for r in (*existing, candidate) for i in (r.head, r.child) if i in self.session.by_id
        }
        found = RELATION_LINKS.issues([*existing, candidate], ends)
        found += rules_of(self.session.schema).relations.issues([*existing, candidate], labels)
        for issue in found:
            if issue.kind is Errors.E312:
                continue  # a required attribute is set after linking (A), flagged till then
            if issue.field == where or (
                issue.kind is Errors.E322 and head_span.id in issue.message
            ):
                return issue.message
        return None

    def start_link(self, label: str) -> str:
        """Begin linking the focused span with relation `label`; a message for the status line."""
        spec = self.session.schema.relation_by_name.get(label)
        if spec is None:
            return f"unknown relation {label}"
        head = self.session.acted_on()
        if head is None:
            return f"{label}: focus a span first (tab), then press the relation key"
        self.session.linking = (label, head)
        return f"{label} from {self.session.describe(head)}: pick the other span (tab, e, /), enter links"

    def cancel_link(self) -> str:
        """Stop linking without a change."""
        was = self.session.linking
        self.session.linking = None
        return f"{was[0]} cancelled" if was else ""

    def plan_link(self) -> Plan:
        """Link the span linking started from to the focused span, or refuse with the rule's message."""
        if self.session.linking is None:
            return Plan(None, "not linking (press a relation key on a span first)")
        label, head = self.session.linking
        child = self.session.focus if self.session.focus in self.session.spans else None
        if child is None:
            return Plan(None, f"{label}: focus the other span first (tab, e, /)")
        problem = self.link_problem(label, head, child)
        if problem is not None:
            return Plan(None, problem)
        relation = Relation(
            head=self.session.spans[head].id, child=self.session.spans[child].id, label=label
        )
        op = {"op": "edit", "cmd": "link", "add_rel": [encode_relation(relation)]}
        return Plan(op, f"{self.session.describe(head)} {self.describe_relation(relation)}")

    def plan_unlink(self, key: RelationKey | None = None) -> Plan:
        """Delete the focused relation (or the one given)."""
        key = key or self.session.relation_focus
        relation = self.session.relations.get(key) if key else None
        if relation is None:
            return Plan(None, "no relation focused (open the relation list and pick one)")
        op = {"op": "edit", "cmd": "unlink", "remove_rel": [encode_relation(relation)]}
        return Plan(op, f"deleted relation {self.describe_relation(relation)}")

    def plan_relabel_relation(self, label: str) -> Plan:
        """Give the focused relation another type, checked by the same rules as a new link."""
        relation = self.focused()
        if relation is None:
            return Plan(None, "no relation focused (open the relation list and pick one)")
        if label == relation.label:
            return Plan(None, f"the relation is already {label}")
        head, child = self.session.by_id.get(relation.head), self.session.by_id.get(relation.child)
        if head is None or child is None:
            return Plan(None, "the relation names a span that is gone; delete it instead")
        problem = self.link_problem(label, head, child, replacing=relation)
        if problem is not None:
            return Plan(None, problem)
        new = relation.model_copy(update={"label": label})
        return Plan(
            replacing("relabel relation", relation, new), f"relation now {self.head_line(new)}"
        )

    def step_target(self, step: int) -> Relation | None:
        """The relation `focus_relation(step)` would focus (None: there are none)."""
        index = self.relation_index()
        ordered = index.ordered
        if not ordered:
            return None
        focus = self.session.relation_focus
        at = index.place.get(focus, -1) if focus else -1
        if at == -1 and step < 0:
            at = 0
        return ordered[(at + step) % len(ordered)]

    def focus_relation(self, step: int) -> Relation | None:
        """Focus the next (step 1) or previous (step -1) relation in the list; it is returned."""
        relation = self.step_target(step)
        if relation is None:
            self.session.relation_focus = None
            return None
        self.session.relation_focus = relation.key
        head = self.session.by_id.get(relation.head)
        if head is not None:
            self.session.focus = head
        return relation

    # ---- attributes -----------------------------------------------------------------------
    def focused(self) -> Relation | None:
        """The focused relation, if it still exists."""
        key = self.session.relation_focus
        return self.session.relations.get(key) if key is not None else None

    def attribute_specs(self, relation: Relation) -> tuple[AttributeSpec, ...]:
        """The attributes the relation's type declares."""
        spec = self.session.schema.relation_by_name.get(relation.label)
        return spec.attributes if spec is not None else ()

    def plan_set_attribute(self, name: str, value: Any) -> Plan:
        """Set (value None: clear) one attribute of the focused relation, checked against its
        type; the relation keeps its place among the relations."""
        relation = self.focused()
        if relation is None:
            return Plan(None, "no relation focused (open the relation list and pick one)")
        changed = with_attribute(
            relation.label, self.attribute_specs(relation), relation.attrs, name, value
        )
        if isinstance(changed, str):
            return Plan(None, changed)
        attrs, message = changed
        new = relation.model_copy(update={"attrs": attrs})
        return Plan(replacing("relation attribute", relation, new), f"{relation.label}: {message}")

    # ---- checking -----------------------------------------------------------------------
    def relation_issues(self) -> list[tuple[Issue, SpanKey | None]]:
        """Problems of the relations, each with its head span's key (checked once per edit)."""
        done, found = self._checked
        if done != self.session.edits_applied:
            found = self._check_relations()
            self._checked = (self.session.edits_applied, found)
        return found

    def _check_relations(self) -> list[tuple[Issue, SpanKey | None]]:
        """Run the relation rules over every relation."""
        relations = list(self.session.relations.values())
        if not relations:
            return []
        labels = {s.id: s.label for s in self.session.spans.values()}
        ruleset = rules_of(self.session.schema)
        ids = set(self.session.by_id)
        if RELATION_LINKS.ok(relations, ids) and ruleset.relations.ok(relations, labels):
            return []
        found = RELATION_LINKS.issues(relations, ids) + ruleset.relations.issues(relations, labels)
        out: list[tuple[Issue, SpanKey | None]] = []
        for issue in found:
            where = None
            field = issue.field or ""
            if field.startswith("relations["):
                where = self.session.by_id.get(relations[int(field[10:-1])].head)
            out.append((issue, where))
        return out
