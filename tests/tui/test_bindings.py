"""Keymap: every registry action bound to its own action method, config overrides on the screen
class made for the keymap, the schema's keys, and clashes reported instead of overridden."""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.binding import Binding

from annotator.records.models import make_document
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.session.actions import (
    ACTIONS,
    ACTIONS_BY_ID,
    LINK_GROUP,
    REVIEW_GROUP,
    reserved_keys,
)
from annotator.store import open_store
from annotator.tui.app import AnnotatorApp
from annotator.tui.bindings import KeymapError, build_keymap
from annotator.tui.flow import TaskFlow
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.screens.review import ReviewScreen


def screen_bindings(screen: type) -> list[Binding]:
    """One Binding per key a screen class declares, its own and its annotation-screen bases'
    (the default keys)."""
    declared = [
        binding
        for cls in screen.__mro__
        if issubclass(cls, AnnotateScreen)
        for binding in cls.__dict__.get("BINDINGS", [])
    ]
    return list(Binding.make_bindings(declared))


def made_bindings(screen: type) -> list[Binding]:
    """One Binding per key a screen class made by `for_schema` binds (it binds every key itself)."""
    return list(Binding.make_bindings(screen.__dict__["BINDINGS"]))


def test_keymap_every_registry_action_has_a_handler_and_a_help_line():
    for action in ACTIONS:
        owner = ReviewScreen if action.group == REVIEW_GROUP else AnnotateScreen
        handler = getattr(owner, f"action_{action.id}", None)
        assert callable(handler), f"{action.id} has no action_{action.id} on {owner.__name__}"
        assert handler.__doc__, f"action_{action.id} has no docstring"
        assert action.description.strip(), f"{action.id} has no help line"
        assert action.keys, f"{action.id} has no default key"


def test_keymap_every_binding_names_a_registry_action_under_its_own_id(schema):
    keymap = build_keymap(schema)
    for screen in (AnnotateScreen, ReviewScreen):
        for binding in made_bindings(screen.for_schema(keymap)):
            if binding.key in keymap.label_keys or binding.key in keymap.relation_keys:
                continue
            assert binding.action in ACTIONS_BY_ID, f"{screen.__name__} binds {binding.action}"
            assert binding.id == binding.action
            action = ACTIONS_BY_ID[binding.action]
            assert binding.key in action.keys and binding.description == action.description


def test_keymap_default_binds_every_action_label_and_digit(schema):
    annotate = {b.action for b in screen_bindings(AnnotateScreen)}
    assert annotate == {a.id for a in ACTIONS if a.group != REVIEW_GROUP}
    review = {b.action for b in screen_bindings(ReviewScreen)}
    assert review == annotate | {"take_version"}
    keymap = build_keymap(schema)
    assert keymap.label_keys["1"] == "ACTOR" and keymap.label_keys["q"] == "QUOTE"
    assert keymap.relation_keys == {
        "Q": "SPEAKER",
        "R": "RECRUITS_FROM",
        "T": "USES",
        "C": "COUNTS",
    }
    bound = {b.key: b.action for b in made_bindings(AnnotateScreen.for_schema(keymap))}
    assert bound["1"] == "label('ACTOR')" and bound["q"] == "label('QUOTE')"
    assert bound["Q"] == "relation('SPEAKER')" and bound["u"] == "undo"
    assert not {"1", "q", "Q"} & {b.key for b in screen_bindings(AnnotateScreen)}


def test_link_keys_are_bound_before_the_actions_sharing_their_keys(schema):
    link_actions = {a.id for a in ACTIONS if a.group == LINK_GROUP}
    assert link_actions == {"relation_confirm", "relation_cancel"}
    assert reserved_keys()["enter"] == "answer_accept"  # outside linking, enter accepts
    for screen in (AnnotateScreen, ReviewScreen):
        bindings = made_bindings(screen.for_schema(build_keymap(schema)))
        on = {key: [b.action for b in bindings if b.key == key] for key in ("enter", "escape")}
        assert on == {
            "enter": ["relation_confirm", "answer_accept"],
            "escape": ["relation_cancel", "select_clear"],
        }


def test_relation_key_clashing_with_an_action_is_reported(schema):
    with pytest.raises(KeymapError, match=r"key 'Q' of action undo clashes with relation SPEAKER"):
        build_keymap(schema, {"undo": ["Q"]})


def test_keymap_override_replaces_keys(schema):
    keymap = build_keymap(schema, {"undo": ["ctrl+z"]})
    assert keymap.keys_of("undo") == ("ctrl+z",)
    bindings = made_bindings(AnnotateScreen.for_schema(keymap))
    assert [b.key for b in bindings if b.action == "undo"] == ["ctrl+z"]
    defaults = made_bindings(AnnotateScreen.for_schema(build_keymap(schema)))
    assert [b.key for b in defaults if b.action == "undo"] == ["u", "ctrl+z"]


def _app(tmp_path, schema, keys: dict[str, list[str]]) -> AnnotatorApp:
    store = open_store(f"sqlite:///{tmp_path / 'keys.db'}")
    text = "Kenya sent troops to Russia."
    store.add_documents("sample", [make_document(text, tokenize(text), tokenizer_id(), {})])
    return AnnotatorApp(TaskFlow(store, "sample", "tester", schema), build_keymap(schema, keys))


async def test_keymap_override_rebinds_the_key_in_the_running_app(tmp_path, schema):
    app = _app(tmp_path, schema, {"undo": ["ctrl+z"], "span_delete": ["u"]})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        assert [s.label for s in app.screen.session.ordered()] == ["COUNTRY"]
        await pilot.press("x")  # span_delete's default key, no longer bound
        assert [s.label for s in app.screen.session.ordered()] == ["COUNTRY"]
        await pilot.press("u")  # undo's default key, now span_delete's
        assert app.screen.session.ordered() == []
        await pilot.press("ctrl+z")
        assert [s.label for s in app.screen.session.ordered()] == ["COUNTRY"]


LINKED = "Kenya sent President William Ruto troops."


def _linking_app(tmp_path, schema, keys: dict[str, list[str]]) -> AnnotatorApp:
    """An app over a document naming a COUNTRY and an ACTOR, with the given key overrides."""
    store = open_store(f"sqlite:///{tmp_path / 'link.db'}")
    doc = make_document(LINKED, tokenize(LINKED), tokenizer_id(), {})
    store.add_documents("sample", [doc])
    return AnnotatorApp(TaskFlow(store, "sample", "tester", schema), build_keymap(schema, keys))


def _linked(app) -> list[tuple[str, str, str]]:
    session = app.screen.session
    return [
        (
            session.spans[session.by_id[r.head]].text,
            r.label,
            session.spans[session.by_id[r.child]].text,
        )
        for r in session.links.ordered_relations()
    ]


async def test_keymap_accept_moved_off_enter_leaves_enter_linking(tmp_path, schema):
    app = _linking_app(tmp_path, schema, {"answer_accept": ["ctrl+s"]})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e", "c", "e", "a", "R", "shift+tab", "enter")
        assert _linked(app) == [("President William Ruto", "RECRUITS_FROM", "Kenya")]
        await pilot.press("enter")  # not linking: enter no longer accepts
        assert app.screen.flow.current is not None
        await pilot.press("ctrl+s")
        assert app.screen.flow.current is None


async def test_keymap_link_confirm_moved_off_enter_leaves_enter_accepting(tmp_path, schema):
    app = _linking_app(tmp_path, schema, {"relation_confirm": ["space"]})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e", "c", "e", "a", "R", "shift+tab", "space")
        assert _linked(app) == [("President William Ruto", "RECRUITS_FROM", "Kenya")]
        await pilot.press("enter")
        assert app.screen.flow.current is None


async def test_keymap_override_with_no_keys_unbinds_the_action(tmp_path, schema):
    app = _app(tmp_path, schema, {"undo": []})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c", "u", "ctrl+z")
        assert [s.label for s in app.screen.session.ordered()] == ["COUNTRY"]


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
    bindings = made_bindings(ReviewScreen.for_schema(keymap))
    assert [b.key for b in bindings if b.action == "take_version"] == ["ctrl+k"]
    table = keys_table(keymap)
    descriptions = list(table.columns[2].cells)
    assert any("annotator's version" in d for d in descriptions)


async def test_keymap_a_burst_of_keys_runs_in_the_order_typed(tmp_path, schema):
    from textual import events

    app = _app(tmp_path, schema, {})
    async with app.run_test(size=(100, 30)) as pilot:
        for key in ("e", "e", "c"):  # posted at once, as a fast typist or a paste sends them
            app.post_message(events.Key(key, key))
        await pilot.pause()
        await pilot.pause()
        assert [(s.label, s.text) for s in app.screen.session.ordered()] == [("COUNTRY", "Russia")]
