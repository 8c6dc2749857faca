"""brat's annotation.conf for an export: the entity, relation, event and attribute types it holds.

brat opens a collection only with a configuration declaring its types. The export writes one per
split from the schema (labels, relations, attributes) and from what its .ann files hold (event
types and roles, relation roles, attribute values), so brat shows every line it wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.schema.model import LabelSchema

CONF_NAME = "annotation.conf"
EVENT_ARG = "<EVENT>"
_NUMBERED_ROLE = re.compile(r"(.*\D)\d+$")
_UNSAFE_VALUE = re.compile(r"[|,\s]")


def _ordered(items: dict[str, None], extra: str) -> None:
    """Add to an insertion-ordered set."""
    items.setdefault(extra, None)


@dataclass
class BratConf:
    """Types an export declares, in the order first seen."""

    entities: dict[str, None] = field(default_factory=dict)
    # (type, role of head, role of child) -> (head labels, child labels)
    relations: dict[tuple[str, str, str], tuple[dict[str, None], dict[str, None]]] = field(
        default_factory=dict
    )
    symmetric: set[str] = field(default_factory=set)
    events: dict[str, dict[str, dict[str, None]]] = field(default_factory=dict)  # type -> role
    repeated: set[tuple[str, str]] = field(default_factory=set)  # (event type, role) seen twice
    # name -> (types it is set on, its values); a name set without a value is binary
    attributes: dict[str, tuple[dict[str, None], dict[str, None]]] = field(default_factory=dict)
    binary: set[str] = field(default_factory=set)

    @classmethod
    def of_schema(cls, schema: LabelSchema) -> BratConf:
        """The types a schema declares: labels, relations over their labels, attributes."""
        conf = cls()
        every = schema.label_names
        for label in schema.labels:
            conf.entity(label.name)
            for spec in label.attributes:
                conf.declare(spec.name, label.name, spec.type, spec.values)
        for relation in schema.relations:
            heads = every if "*" in relation.head else relation.head
            children = every if "*" in relation.child else relation.child
            for head in heads:
                for child in children:
                    conf.relation(
                        relation.name, ("Arg1", "Arg2"), (head, child), not relation.directed
                    )
            for spec in relation.attributes:
                conf.declare(spec.name, relation.name, spec.type, spec.values)
        return conf

    def entity(self, label: str) -> None:
        """A text-bound type."""
        _ordered(self.entities, label)

    def relation(
        self, label: str, roles: tuple[str, str], pair: tuple[str, str], symmetric: bool
    ) -> None:
        """A relation type with the roles and argument types one relation used."""
        heads, children = self.relations.setdefault((label, *roles), ({}, {}))
        _ordered(heads, pair[0])
        _ordered(children, pair[1])
        if symmetric:
            self.symmetric.add(label)

    def event(self, label: str, args: list[tuple[str, str]]) -> None:
        """An event type with the (role, argument type) pairs of one event."""
        roles = self.events.setdefault(label, {})
        seen: set[str] = set()
        for role, kind in args:
            numbered = _NUMBERED_ROLE.fullmatch(role)
            base = numbered.group(1) if numbered else role
            if numbered or base in seen:
                self.repeated.add((label, base))
            seen.add(base)
            _ordered(roles.setdefault(base, {}), kind)

    def attribute(self, name: str, owner: str, value: str | None) -> None:
        """An attribute set on a type: binary when `value` is None."""
        owners, values = self.attributes.setdefault(name, ({}, {}))
        _ordered(owners, owner)
        if value is None:
            self.binary.add(name)
        elif not _UNSAFE_VALUE.search(value):
            _ordered(values, value)

    def declare(self, name: str, owner: str, kind: str, values: tuple[str, ...]) -> None:
        """A schema attribute: binary for bool, its values for enum, values as written otherwise."""
        if kind == "bool":
            self.attribute(name, owner, None)
            return
        owners, _ = self.attributes.setdefault(name, ({}, {}))
        _ordered(owners, owner)
        for value in values:
            self.attribute(name, owner, value)

    def text(self) -> str:
        """The annotation.conf content."""
        lines = ["[entities]"]
        lines.extend(label for label in self.entities if label not in self.events)
        lines.extend(["", "[relations]"])
        for (label, role1, role2), (heads, children) in self.relations.items():
            line = f"{label}\t{role1}:{'|'.join(heads)}, {role2}:{'|'.join(children)}"
            if label in self.symmetric:
                line += ", <REL-TYPE>:symmetric-transitive"
            lines.append(line)
        lines.extend(["", "[events]"])
        for label, roles in self.events.items():
            args = ", ".join(
                f"{role}{'*' if (label, role) in self.repeated else '?'}:{'|'.join(kinds)}"
                for role, kinds in roles.items()
            )
            lines.append(f"{label}\t{args}" if args else label)
        lines.extend(["", "[attributes]"])
        for name, (owners, values) in self.attributes.items():
            if values:
                lines.append(f"{name}\tArg:{'|'.join(owners)}, Value:{'|'.join(values)}")
            elif name in self.binary:
                lines.append(f"{name}\tArg:{'|'.join(owners)}")
        return "\n".join(lines) + "\n"
