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
    _a("cursor_left", "left,h", "Move the cursor one token left", "Move"),
    _a("cursor_right", "right,l", "Move the cursor one token right", "Move"),
    _a("cursor_up", "up,k", "Move the cursor one visual line up", "Move"),
    _a("cursor_down", "down,j", "Move the cursor one visual line down", "Move"),
    _a("sentence_next", "right_parenthesis", "Jump to the next sentence", "Move"),
    _a("sentence_prev", "left_parenthesis", "Jump to the previous sentence", "Move"),
    _a("paragraph_next", "p", "Jump to the next paragraph", "Move"),
    _a("paragraph_prev", "P", "Jump to the previous paragraph", "Move"),
    _a("page_down", "pagedown,ctrl+d", "Move one page down", "Move"),
    _a("page_up", "pageup,ctrl+u", "Move one page up", "Move"),
    _a("doc_start", "g,ctrl+home", "Jump to the start of the document", "Move"),
    _a("doc_end", "G,ctrl+end", "Jump to the end of the document", "Move"),
    _a("line_start", "home,0", "Jump to the start of the visual line", "Move"),
    _a("line_end", "end,dollar_sign", "Jump to the end of the visual line", "Move"),
    _a("select_left", "shift+left,H", "Grow or shrink the selection one token left", "Select"),
    _a("select_right", "shift+right,L", "Grow or shrink the selection one token right", "Select"),
    _a("select_mode", "v", "Toggle selection mode (arrows then grow the selection)", "Select"),
    _a("select_clear", "escape", "Clear the selection, span focus and search highlight", "Select"),
    _a("select_quote", "quotation_mark", "Select the quotation around the cursor", "Select"),
    _a("select_name", "m", "Select the capitalised name run at the cursor", "Select"),
    _a("select_sentence", "S", "Select the sentence at the cursor", "Select"),
    _a("word_next", "w", "Extend the selection to the next word", "Select"),
    _a("word_prev", "b", "Move the selection's end back one word", "Select"),
    _a(
        "clause_next", "W", "Extend the selection to the word before the next punctuation", "Select"
    ),
    _a("clause_prev", "B", "Move the selection's end back to the clause start", "Select"),
    _a("hint_jump", "o", "Jump to a visible word by its two-key hint", "Move"),
    _a("hint_extend", "O", "Extend the selection to a visible word by its two-key hint", "Select"),
    _a("span_next", "tab", "Focus the next span", "Spans"),
    _a("span_prev", "shift+tab", "Focus the previous span", "Spans"),
    _a(
        "span_start_left",
        "left_square_bracket",
        "Move the focused span's start one token left",
        "Spans",
    ),
    _a(
        "span_start_right",
        "left_curly_bracket",
        "Move the focused span's start one token right",
        "Spans",
    ),
    _a(
        "span_end_right",
        "right_square_bracket",
        "Move the focused span's end one token right",
        "Spans",
    ),
    _a(
        "span_end_left",
        "right_curly_bracket",
        "Move the focused span's end one token left",
        "Spans",
    ),
    _a("span_relabel", "r", "Relabel the focused span (then press a label key)", "Spans"),
    _a(
        "span_delete",
        "x,delete,backspace",
        "Delete the focused span (or the span at the cursor)",
        "Spans",
    ),
    _a("undo", "u,ctrl+z", "Undo the last edit", "Edit"),
    _a("redo", "ctrl+r,ctrl+y,U", "Redo the last undone edit", "Edit"),
    _a("search", "slash", "Search the text (regular expression)", "Find"),
    _a("match_next", "n", "Jump to the next search match", "Find"),
    _a("match_prev", "N", "Jump to the previous search match", "Find"),
    _a("suggestion_next", "s", "Jump to the next suggestion", "Find"),
    _a("unlabelled_next", "e", "Jump to the next unlabelled capitalised run or number", "Find"),
    _a("suggestion_accept", "y", "Accept the focused suggestion", "Suggest"),
    _a("suggestion_reject", "z", "Reject the focused suggestion", "Suggest"),
    _a("suggestion_accept_all", "Y", "Accept all remaining suggestions", "Suggest"),
    _a(
        "suggestion_accept_label",
        "ctrl+a",
        "Accept all suggestions of one label (then a label key)",
        "Suggest",
    ),
    _a(
        "relation_list",
        "ctrl+l",
        "Show or hide the relation list (ctrl+n/ctrl+p focus a relation, a relation key retypes it)",
        "Relations",
    ),
    _a("relation_next", "ctrl+n", "Focus the next relation in the list", "Relations"),
    _a("relation_prev", "ctrl+p", "Focus the previous relation in the list", "Relations"),
    _a("relation_delete", "X", "Delete the focused relation", "Relations"),
    _a(
        "relation_confirm",
        "enter",
        "Link the span the relation started from to the focused span",
        LINK_GROUP,
    ),
    _a("relation_cancel", "escape", "Stop making a relation", LINK_GROUP),
    _a(
        "attributes_edit",
        "A",
        "Edit the focused span's attributes (y in the form accepts the suggestions)",
        "Attributes",
    ),
    _a("doc_labels", "D", "Pick document labels (one key per value)", "Document"),
    _a("answer_accept", "enter", "Accept the document and go to the next task", "Answer"),
    _a("answer_reject", "ctrl+x", "Reject the document and go to the next task", "Answer"),
    _a("answer_ignore", "ctrl+g", "Ignore (skip) the document and go to the next task", "Answer"),
    _a("doc_prev", "ctrl+b", "Go back to the previous document", "Answer"),
    _a(
        "take_version",
        "ctrl+o",
        "Review screen: take each annotator's version in turn (undoable)",
        REVIEW_GROUP,
    ),
    _a("help", "question_mark,f1", "Show keys and labelling guidelines", "App"),
    _a("stats", "ctrl+t", "Show progress and statistics", "App"),
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
    """The key table of the README: every registry action by group, then the schema's keys."""
    rows = ["| group | keys | what it does |", "|---|---|---|"]
    groups = list(dict.fromkeys(action.group for action in ACTIONS))
    for action in sorted(ACTIONS, key=lambda action: groups.index(action.group)):
        keys = " ".join(f"`{key_display(k)}`" for k in action.keys)
        rows.append(f"| {action.group} | {keys} | {action.description} |")
    if schema is not None:
        own = " ".join(f"`{spec.key}`" for spec in schema.labels if spec.key)
        rows.append(
            f"| Label | `1`-`9` {own} | Label the selection (or the token at the cursor) by "
            "position or key; the same span again removes it |"
        )
        links = " ".join(f"`{r.key}`" for r in schema.relations if r.key)
        if links:
            rows.append(
                f"| Relation | {links} | Link the focused span to the span focused next "
                "(enter links, escape cancels) |"
            )
    note = "<!-- generated from annotator/session/actions.py: python docs/keys_table.py -->"
    return "\n".join([KEYS_START, note, "", *rows, "", KEYS_END])
