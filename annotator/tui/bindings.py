"""Bindings built from the action registry, config overrides and the schema's label keys."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.binding import Binding

from annotator.schema.model import LabelSchema
from annotator.session.actions import (
    ACTIONS,
    LABEL_DIGITS,
    LINK_GROUP,
    REVIEW_GROUP,
    Action,
    with_overrides,
)


class KeymapError(Exception):
    """Key overrides that name an unknown action or clash with another key; message says which."""


@dataclass(frozen=True)
class Keymap:
    """Resolved actions plus label keys: what each key does on the annotation screen."""

    actions: tuple[Action, ...]
    label_keys: dict[str, str]
    relation_keys: dict[str, str] = field(default_factory=dict)

    def bindings(self, review: bool = False) -> list[Binding]:
        """Textual bindings for every action key, label key and digit (review actions if asked)."""
        out = [
            Binding(key, action.id, action.description, show=False)
            for action in self.actions
            if (review or action.group != REVIEW_GROUP) and action.group != LINK_GROUP
            for key in action.keys
        ]
        out.extend(
            Binding(key, f"label('{label}')", f"label {label}", show=False)
            for key, label in self.label_keys.items()
        )
        out.extend(
            Binding(key, f"relation('{name}')", f"relation {name}", show=False)
            for key, name in self.relation_keys.items()
        )
        return out

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
