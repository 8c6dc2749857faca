"""Keymap: bindings from the registry, config overrides, and clashes reported instead of overridden."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotator.keymap import ACTIONS
from annotator.tui.keymap import KeymapError, build_keymap


def test_keymap_default_binds_every_action_label_and_digit(schema):
    keymap = build_keymap(schema)
    bound = {b.action for b in keymap.bindings()}
    assert {a.id for a in ACTIONS} <= bound
    assert keymap.label_keys["1"] == "ACTOR" and keymap.label_keys["q"] == "QUOTE"


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
    code = "import sys, annotator.session; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
