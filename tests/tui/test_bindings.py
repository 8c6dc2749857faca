"""Keymap: bindings from the registry, config overrides, and clashes reported instead of overridden."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotator.session.actions import ACTIONS, LINK_GROUP, REVIEW_GROUP, reserved_keys
from annotator.tui.bindings import KeymapError, build_keymap


def test_keymap_default_binds_every_action_label_and_digit(schema):
    keymap = build_keymap(schema)
    bound = {b.action for b in keymap.bindings()}
    assert {a.id for a in ACTIONS if a.group not in (REVIEW_GROUP, LINK_GROUP)} <= bound
    assert "take_version" not in bound
    in_review = {b.action for b in keymap.bindings(review=True)}
    assert {a.id for a in ACTIONS if a.group != LINK_GROUP} <= in_review
    assert keymap.label_keys["1"] == "ACTOR" and keymap.label_keys["q"] == "QUOTE"
    assert keymap.relation_keys == {
        "Q": "SPEAKER",
        "R": "RECRUITS_FROM",
        "T": "USES",
        "C": "COUNTS",
    }
    assert "relation('SPEAKER')" in bound


def test_link_keys_are_not_bindings_but_owned_by_the_linking_screen(schema):
    keymap = build_keymap(schema)
    link_actions = {a.id for a in ACTIONS if a.group == LINK_GROUP}
    assert link_actions == {"relation_confirm", "relation_cancel"}
    assert not link_actions & {b.action for b in keymap.bindings(review=True)}
    assert reserved_keys()["enter"] == "answer_accept"


def test_relation_key_clashing_with_an_action_is_reported(schema):
    with pytest.raises(KeymapError, match=r"key 'Q' of action undo clashes with relation SPEAKER"):
        build_keymap(schema, {"undo": ["Q"]})


def test_keymap_override_replaces_keys(schema):
    keymap = build_keymap(schema, {"undo": ["ctrl+z"]})
    assert keymap.keys_of("undo") == ("ctrl+z",)
    assert "u" not in {b.key for b in keymap.bindings()}


def test_keymap_clash_with_label_key_is_reported(schema):
    with pytest.raises(KeymapError, match="'a' of action undo clashes with label ACTOR"):
        build_keymap(schema, {"undo": ["a"]})


def test_keymap_unknown_action_is_reported(schema):
    with pytest.raises(KeymapError, match="unknown action"):
        build_keymap(schema, {"teleport": ["t"]})


def test_keymap_session_core_does_not_import_textual():
    code = "import sys, annotator.session.edit; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_keymap_take_version_is_reserved_remappable_and_on_the_help_screen(schema):
    from annotator.tui.screens.help import keys_table

    assert reserved_keys()["ctrl+o"] == "take_version"
    keymap = build_keymap(schema, {"take_version": ["ctrl+k"]})
    review_keys = {b.key: b.action for b in keymap.bindings(review=True)}
    assert review_keys["ctrl+k"] == "take_version" and "ctrl+o" not in review_keys
    table = keys_table(keymap)
    descriptions = list(table.columns[2].cells)
    assert any("annotator's version" in d for d in descriptions)
