"""Textual bindings from the action registry, on the keys `annotator.toml` gives them; schema keys.

Each registry action becomes one `Binding(keys, action, description, id=action)` on the screen
that defines its `action_<id>` method. `AnnotateScreen.for_schema` makes a screen class per keymap
that binds every action on its resolved keys (overrides applied) plus the schema's label and
relation keys. Textual's own keymap is not used: it replaces every binding of a key it remaps,
and the linking keys share theirs (enter, escape) with other actions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from textual.binding import Binding, BindingType

from annotator.schema.model import LabelSchema
from annotator.session.actions import (
    ACTIONS,
    LABEL_DIGITS,
    LINK_GROUP,
    REVIEW_GROUP,
    Action,
    with_overrides,
)


def registry_bindings(*groups: str, actions: tuple[Action, ...] = ACTIONS) -> list[BindingType]:
    """One Binding per action of the given groups, group by group in the order given (the first
    binding of a key that its screen allows runs): its keys, id and help line."""
    return [
        Binding(",".join(action.keys), action.id, action.description, show=False, id=action.id)
        for group in groups
        for action in actions
        if action.group == group and action.keys
    ]


ANNOTATE_GROUPS: tuple[str, ...] = tuple(
    dict.fromkeys(a.group for a in ACTIONS if a.group not in (REVIEW_GROUP, LINK_GROUP))
)
LINK_ACTIONS: frozenset[str] = frozenset(a.id for a in ACTIONS if a.group == LINK_GROUP)


class KeymapError(Exception):
    """Key overrides that name an unknown action or clash with another key; message says which."""


@dataclass(frozen=True)
class Keymap:
    """Resolved actions plus label keys: what each key does on the annotation screen."""

    actions: tuple[Action, ...]
    label_keys: dict[str, str]
    relation_keys: dict[str, str] = field(default_factory=dict)

    def action_bindings(self, *groups: str) -> list[BindingType]:
        """The actions of `groups` on their resolved keys (an emptied action has none)."""
        return registry_bindings(*groups, actions=self.actions)

    def schema_bindings(self) -> list[BindingType]:
        """The schema's keys: each label key (digits by position too) and each relation key."""
        labels = [
            Binding(key, f"label('{label}')", f"label {label}", show=False)
            for key, label in self.label_keys.items()
        ]
        relations = [
            Binding(key, f"relation('{name}')", f"relation {name}", show=False)
            for key, name in self.relation_keys.items()
        ]
        return [*labels, *relations]

    @cached_property
    def unbound(self) -> frozenset[str]:
        """Actions an override left without any key: their default bindings are disabled."""
        return frozenset(action.id for action in self.actions if not action.keys)

    def keys_of(self, action_id: str) -> tuple[str, ...]:
        """The keys bound to an action."""
        for action in self.actions:
            if action.id == action_id:
                return action.keys
        return ()


def build_keymap(schema: LabelSchema, overrides: dict[str, list[str]] | None = None) -> Keymap:
    """Resolve the keymap; KeymapError lists unknown actions and every clashing key."""
    try:
        actions = with_overrides(overrides or {}) if overrides else ACTIONS
    except KeyError as exc:
        known = ", ".join(a.id for a in ACTIONS)
        raise KeymapError(
            f"[keys] in annotator.toml names unknown action(s) {exc.args[0]}; known: {known}"
        ) from None
    label_keys: dict[str, str] = {}
    for digit, label in zip(LABEL_DIGITS, schema.label_names, strict=False):
        label_keys[digit] = label
    for spec in schema.labels:
        if spec.key:
            label_keys[spec.key] = spec.name
    owner: dict[str, str] = {k: f"label {v}" for k, v in label_keys.items()}
    problems: list[str] = []
    relation_keys: dict[str, str] = {}
    for relation in schema.relations:
        if relation.key and relation.key in owner:
            problems.append(
                f"relation {relation.name} key {relation.key!r} clashes with "
                f"{owner[relation.key]}; change it in the schema"
            )
        elif relation.key:
            relation_keys[relation.key] = relation.name
            owner[relation.key] = f"relation {relation.name}"
    for action in actions:
        if action.group == LINK_GROUP:
            continue
        for key in action.keys:
            if key in owner:
                problems.append(
                    f"key {key!r} of action {action.id} clashes with {owner[key]}; "
                    f"remap it under [keys] in annotator.toml"
                )
            else:
                owner[key] = f"action {action.id}"
    if problems:
        raise KeymapError("\n".join(problems))
    return Keymap(actions, label_keys, relation_keys)
