"""The action registry as plain data: id, default keys, description; the TUI binds from it."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.schema.model import LabelSchema


@dataclass(frozen=True, slots=True)
class Action:
    """One user action with its default keys (Textual key names) and a help line."""

    id: str
    keys: tuple[str, ...]
    description: str
    group: str


def _a(id_: str, keys: str, description: str, group: str) -> Action:
    """Build an Action from a comma-separated key list."""
    return Action(id_, tuple(k.strip() for k in keys.split(",") if k.strip()), description, group)


REVIEW_GROUP = "Review"  # actions bound only on the review screen
LINK_GROUP = "Linking"  # keys that mean something else only while a relation is being made

ACTIONS: tuple[Action, ...] = (
    _a("cursor_left", "left,h", "Token left", "Move"),
    _a("cursor_right", "right,l", "Token right", "Move"),
    _a("cursor_up", "up,k", "Visual line up", "Move"),
    _a("cursor_down", "down,j", "Visual line down", "Move"),
    _a("sentence_next", "right_parenthesis", "Next sentence", "Move"),
    _a("sentence_prev", "left_parenthesis", "Previous sentence", "Move"),
    _a("paragraph_next", "p", "Next paragraph", "Move"),
    _a("paragraph_prev", "P", "Previous paragraph", "Move"),
    _a("page_down", "pagedown,ctrl+d", "Page down", "Move"),
    _a("page_up", "pageup,ctrl+u", "Page up", "Move"),
    _a("doc_start", "g,ctrl+home", "Document start", "Move"),
    _a("doc_end", "G,ctrl+end", "Document end", "Move"),
    _a("line_start", "home,0", "Line start", "Move"),
    _a("line_end", "end,dollar_sign", "Line end", "Move"),
    _a("select_left", "shift+left,H", "Grow or shrink the selection left", "Select"),
    _a("select_right", "shift+right,L", "Grow or shrink the selection right", "Select"),
    _a("select_mode", "v", "Selection mode (arrows grow the selection)", "Select"),
    _a("select_clear", "escape", "Clear selection, span focus and search highlight", "Select"),
    _a("select_quote", "quotation_mark", "The quotation at the cursor", "Select"),
    _a("select_name", "m", "The capitalised name at the cursor", "Select"),
    _a("select_sentence", "S", "The sentence at the cursor", "Select"),
    _a("word_next", "w", "Extend to the next word", "Select"),
    _a("word_prev", "b", "Back one word", "Select"),
    _a("clause_next", "W", "Extend to the word before the next punctuation", "Select"),
    _a("clause_prev", "B", "Back to the clause start", "Select"),
    _a("hint_jump", "o", "Jump to a visible word by its two-key hint", "Move"),
    _a("hint_extend", "O", "Extend to a visible word by its two-key hint", "Select"),
    _a("span_next", "tab", "Focus the next span", "Spans"),
    _a("span_prev", "shift+tab", "Focus the previous span", "Spans"),
    _a("span_start_left", "left_square_bracket", "Start one token left", "Spans"),
    _a("span_start_right", "left_curly_bracket", "Start one token right", "Spans"),
    _a("span_end_right", "right_square_bracket", "End one token right", "Spans"),
    _a("span_end_left", "right_curly_bracket", "End one token left", "Spans"),
    _a("span_relabel", "r", "Relabel (then a label key)", "Spans"),
    _a(
        "span_delete",
        "x,delete,backspace",
        "Delete (the focused span, or the one at the cursor)",
        "Spans",
    ),
    _a("undo", "u,ctrl+z", "Undo the last edit (the history is kept)", "Edit"),
    _a("redo", "ctrl+r,ctrl+y,U", "Redo", "Edit"),
    _a("search", "slash", "Search (regular expression)", "Find"),
    _a("match_next", "n", "Next match", "Find"),
    _a("match_prev", "N", "Previous match", "Find"),
    _a("suggestion_next", "s", "Next suggestion", "Find"),
    _a("unlabelled_next", "e", "Select the next unlabelled quotation, name or quantity", "Find"),
    _a("suggestion_accept", "y", "Accept the focused suggestion", "Suggest"),
    _a("suggestion_reject", "z", "Reject it", "Suggest"),
    _a("suggestion_accept_all", "Y", "Accept all", "Suggest"),
    _a("suggestion_accept_label", "ctrl+a", "Accept all of one label (then its key)", "Suggest"),
    _a("relation_list", "ctrl+l", "Show or hide the relation list", "Relations"),
    _a("relation_next", "ctrl+n", "Next relation", "Relations"),
    _a("relation_prev", "ctrl+p", "Previous relation", "Relations"),
    _a("relation_delete", "X", "Delete the focused relation", "Relations"),
    _a("relation_confirm", "enter", "Link to the focused span", LINK_GROUP),
    _a("relation_cancel", "escape", "Stop linking", LINK_GROUP),
    _a(
        "attributes_edit",
        "A",
        "Edit the focused span's attributes (y takes the suggested values), or the listed relation's",
        "Attributes",
    ),
    _a("doc_labels", "D", "Pick document labels", "Document"),
    _a("answer_accept", "enter", "Accept, open the next task", "Answer"),
    _a("answer_reject", "ctrl+x", "Reject, open the next task", "Answer"),
    _a("answer_ignore", "ctrl+g", "Skip, open the next task", "Answer"),
    _a("doc_prev", "ctrl+b", "Back to the previous document", "Answer"),
    _a("take_version", "ctrl+o", "Take each annotator's version in turn (undoable)", REVIEW_GROUP),
    _a("help", "question_mark,f1", "Keys and guidelines", "App"),
    _a("stats", "ctrl+t", "Progress and statistics", "App"),
    _a("quit", "ctrl+q", "Quit (every edit is already saved)", "App"),
)

LABEL_DIGITS: tuple[str, ...] = tuple(str(d) for d in range(1, 10))

ACTIONS_BY_ID: dict[str, Action] = {a.id: a for a in ACTIONS}


def reserved_keys(actions: tuple[Action, ...] = ACTIONS) -> dict[str, str]:
    """Map every key the TUI reserves to the action (or purpose) that owns it."""
    reserved = {
        key: action.id for action in actions if action.group != LINK_GROUP for key in action.keys
    }
    for digit in LABEL_DIGITS:
        reserved[digit] = "label_by_position"
    return reserved


def with_overrides(overrides: Mapping[str, Sequence[str] | str]) -> tuple[Action, ...]:
    """Return the registry with some actions' keys replaced; KeyError names an unknown action."""
    out = []
    unknown = sorted(set(overrides) - set(ACTIONS_BY_ID))
    if unknown:
        raise KeyError(", ".join(unknown))
    for action in ACTIONS:
        if action.id in overrides:
            keys = overrides[action.id]
            key_tuple = (keys,) if isinstance(keys, str) else tuple(keys)
            out.append(Action(action.id, key_tuple, action.description, action.group))
        else:
            out.append(action)
    return tuple(out)


def key_entry(action: Action) -> str:
    """One action in the key table: its keys, then its help line (`` `u` `ctrl+z` Undo ``)."""
    keys = " ".join(f"`{key_display(k)}`" for k in action.keys)
    return f"{keys} {action.description}"


def _grouped(actions: Sequence[Action]) -> dict[str, list[Action]]:
    """Actions by group, groups in the order they first appear."""
    groups: dict[str, list[Action]] = {}
    for action in actions:
        groups.setdefault(action.group, []).append(action)
    return groups


KEYS_START = "<!-- keys:start -->"
KEYS_END = "<!-- keys:end -->"
_KEY_GLYPHS = {"left": "←", "right": "→", "up": "↑", "down": "↓", "slash": "/"}


def key_display(key: str) -> str:
    """A key as a reader sees it: `(` for left_parenthesis, `shift+←` for shift+left."""
    modifiers, plus, name = key.rpartition("+")
    shown = _KEY_GLYPHS.get(name, name)
    if len(name) > 1 and name not in _KEY_GLYPHS:
        try:
            char = unicodedata.lookup(name.replace("_", " ").upper())
        except KeyError:
            char = ""
        if len(char) == 1 and char.isprintable() and not char.isspace():
            shown = char
    return f"{modifiers}{plus}{shown}"


def keys_markdown(schema: LabelSchema | None = None) -> str:
    """The key table of the README: one row per group of registry actions, then the schema's keys."""
    rows = ["| group | keys |", "|---|---|"]
    for group, actions in _grouped(ACTIONS).items():
        rows.append(f"| {group} | {' · '.join(key_entry(action) for action in actions)} |")
    if schema is not None:
        own = " ".join(f"`{spec.key}`" for spec in schema.labels if spec.key)
        rows.append(
            f"| Label | `1`-`9` {own} label the selection (or the cursor's token); "
            "again on the same span removes it |"
        )
        links = " ".join(f"`{r.key}`" for r in schema.relations if r.key)
        if links:
            rows.append(
                f"| Relation | {links} on a focused span, then focus the other end, enter |"
            )
    note = "<!-- generated from annotator/session/actions.py: python docs/keys_table.py -->"
    return "\n".join([KEYS_START, note, "", *rows, "", KEYS_END])
