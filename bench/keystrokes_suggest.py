"""Key plans that start from suggestions: accept (all, by label, one), fix, delete, add the rest.

Used by bench/keystrokes.py --suggest. Each candidate opening (nothing, accept all, accept all
of the labels the suggester gets mostly right) is followed by a greedy pass in reading order:
a wrong span is resized or relabelled into a missing gold span when that is cheaper, else
deleted; a missing gold span is accepted from its suggestion or selected and labelled. Every
navigation is a BFS over the tool's own keys on a simulated EditSession; the cheapest opening
wins. The plan is then pressed in the real app and must yield the gold exactly.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from keystrokes import COMMANDS, arrow_path, run_command, search

from annotator.records.models import CanonicalRecord, Suggestion
from annotator.session.edit import EditSession, SpanKey

SUGGEST_COMMANDS: dict[str, tuple[str, tuple]] = {
    **COMMANDS,
    "s": ("suggestion_step", ()),
    "tab": ("focus_step", (1,)),
    "shift+tab": ("focus_step", (-1,)),
    "n": ("match_step", (1,)),
}
MAX_TYPED = 10  # longest search pattern tried
RESIZE_KEYS = {
    ("start", -1): "left_square_bracket",
    ("start", 1): "left_curly_bracket",
    ("end", 1): "right_square_bracket",
    ("end", -1): "right_curly_bracket",
}


class Planner:
    """Plans and simulates key presses on one document; `keys` collects what was pressed."""

    def __init__(self, record: CanonicalRecord, schema: Any, suggestions: list[Suggestion]) -> None:
        """Start from an empty annotation with the suggestions open."""
        self.session = EditSession(record.document, schema, (), suggestions)
        self.gold = {span.key: span for span in record.spans}
        self.key_of_label = {
            spec.name: spec.key or str(i) for i, spec in enumerate(schema.labels, start=1)
        }
        self.keys: list[str] = []

    # ---- pressing -------------------------------------------------------------------------
    def navigate(self, path: list[str]) -> None:
        """Press navigation keys (a search is `slash`, the typed characters, `enter`)."""
        typed: list[str] | None = None
        for key in path:
            if key == "slash":
                typed = []
            elif typed is not None and key == "enter":
                self.session.moves.search("".join(typed))
                typed = None
            elif typed is not None:
                typed.append(" " if key == "space" else key)
            elif key == "escape":
                self.session.moves.clear()
            else:
                run_command(self.session, key, SUGGEST_COMMANDS)
        self.keys.extend(path)

    def edit(self, keys: list[str], plan: Any) -> bool:
        """Press the keys of one edit whose plan was made on the current state."""
        if plan.op is None:
            return False
        self.session.perform(plan.op)
        self.keys.extend(keys)
        return True

    # ---- costs ----------------------------------------------------------------------------
    def path_to_span(self, key: SpanKey) -> list[str] | None:
        """Keys that make span-commands act on an existing span."""
        return self.travel(key[0], lambda s: s.acted_on() == key)

    def path_to_suggestion(self, key: SpanKey) -> list[str] | None:
        """Keys that focus an open suggestion."""
        return self.travel(key[0], lambda s: s.suggestion_focus == key)

    def path_to_selection(self, first: int, last: int) -> list[str] | None:
        """Keys that select exactly tokens first..last (or put the cursor on a lone token)."""
        goal = (first, last)
        return self.travel(
            self.session.index.starts[first],
            lambda s: s.target() == goal and (s.anchor is not None or first == last),
        )

    def travel(self, char: int, done: Any) -> list[str] | None:
        """Cheapest keys to reach a state: navigation only, or a search typed first.

        A search is `/`, the typed pattern (the shortest prefix of the text at `char` that
        works), `enter`; the search prompt starts with the last pattern selected, so typing
        replaces it.
        """
        session = self.session
        best = search(session, done, SUGGEST_COMMANDS)
        text = session.doc.text
        start = (
            session.cursor,
            session.anchor,
            session.focus,
            session.select_mode,
            session.suggestion_focus,
            list(session.matches),
        )
        for length in range(1, MAX_TYPED + 1):
            prefix = text[char : char + length]
            if len(prefix) < length or not all(c.isalnum() or c == " " for c in prefix):
                break
            if best is not None and length + 2 >= len(best):
                break
            session.moves.search(prefix)
            after = search(session, done, SUGGEST_COMMANDS)
            (
                session.cursor,
                session.anchor,
                session.focus,
                session.select_mode,
                session.suggestion_focus,
                session.matches,
            ) = start
            if after is None:
                continue
            typed = [c if c != " " else "space" for c in prefix]
            path = ["slash", *typed, "enter", *after]
            if best is None or len(path) < len(best):
                best = path
        return best

    def add_options(self, key: SpanKey) -> list[tuple[int, str, list[str]]]:
        """Ways to add a missing gold span: accept its suggestion, or select and label it."""
        span = self.gold[key]
        out = []
        open_keys = {s.span.key for s in self.session.open_suggestions()}
        if key in open_keys:
            path = self.path_to_suggestion(key)
            if path is not None:
                out.append((len(path) + 1, "accept", path))
        path = self.path_to_selection(span.token_start, span.token_end)
        if path is None:
            path = ["escape", *arrow_path(self.session.cursor, (span.token_start, span.token_end))]
        out.append((len(path) + 1, "label", path))
        return sorted(out, key=lambda o: o[0])

    def fix_keys(self, wrong: SpanKey, goal: SpanKey) -> list[str] | None:
        """Resize/relabel keys turning a wrong span into a gold one, or None when unrelated."""
        have, want = self.session.spans[wrong], self.gold[goal]
        if have.token_end < want.token_start or want.token_end < have.token_start:
            return None
        keys: list[str] = []
        if have.label != want.label:
            keys += ["r", self.key_of_label[want.label]]
        for edge, delta in (
            ("start", want.token_start - have.token_start),
            ("end", want.token_end - have.token_end),
        ):
            step = 1 if delta > 0 else -1
            keys += [RESIZE_KEYS[(edge, step)]] * abs(delta)
        return keys if len(keys) <= 6 else None

    # ---- doing ----------------------------------------------------------------------------
    def press_fix(self, keys: list[str]) -> bool:
        """Apply relabel/resize keys to the span being acted on."""
        i = 0
        while i < len(keys):
            key = keys[i]
            if key == "r":
                label = next(n for n, k in self.key_of_label.items() if k == keys[i + 1])
                if not self.edit(keys[i : i + 2], self.session.plan_relabel(label)):
                    return False
                i += 2
                continue
            edge, delta = next(ed for ed, k in RESIZE_KEYS.items() if k == key)
            if not self.edit([key], self.session.plan_resize(edge, delta)):
                return False
            i += 1
        return True

    def add(self, key: SpanKey) -> bool:
        """Add a missing gold span the cheapest way."""
        for _cost, how, path in self.add_options(key):
            saved = self.snapshot()
            self.navigate(path)
            if how == "accept":
                ok = self.edit(["y"], self.session.plan_accept_suggestion())
            else:
                label = self.gold[key].label
                ok = self.edit([self.key_of_label[label]], self.session.plan_label(label))
            if ok and key in self.session.spans:
                return True
            self.restore(saved)
        return False

    def remove_or_fix(self, wrong: SpanKey, missing: set[SpanKey]) -> bool:
        """Delete a wrong span, or turn it into a missing gold span when that costs less."""
        path = self.path_to_span(wrong)
        if path is None:
            return False
        best: tuple[int, list[str], SpanKey | None] = (len(path) + 1, ["x"], None)
        for goal in missing:
            keys = self.fix_keys(wrong, goal)
            if keys is None:
                continue
            add_cost = self.add_options(goal)[0][0]
            if len(path) + len(keys) < best[0] + add_cost:
                best = (len(path) + len(keys) - add_cost, keys, goal)
        saved = self.snapshot()
        self.navigate(path)
        if best[2] is None:
            ok = self.edit(["x"], self.session.plan_delete())
        else:
            ok = self.press_fix(best[1]) and best[2] in self.session.spans
        if not ok:
            self.restore(saved)
        return ok

    def snapshot(self) -> tuple:
        """The simulated state, to undo a failed attempt (the app is not driven yet)."""
        s = self.session
        return (
            len(self.keys),
            list(s.undo_stack),
            (s.cursor, s.anchor, s.focus, s.select_mode, s.suggestion_focus, list(s.matches)),
        )

    def restore(self, saved: tuple) -> None:
        """Go back to a snapshot by undoing the edits made since."""
        count, undo_stack, marks = saved
        s = self.session
        while len(s.undo_stack) > len(undo_stack):
            s.perform({"op": "undo"})
        s.redo_stack.clear()
        s.cursor, s.anchor, s.focus, s.select_mode, s.suggestion_focus, s.matches = marks
        del self.keys[count:]

    def finish(self) -> bool:
        """Greedy pass in reading order until the spans equal the gold; False if stuck."""
        for _ in range(4 * (len(self.gold) + len(self.session.spans)) + 4):
            have = set(self.session.spans)
            wrong = sorted(have - self.gold.keys())
            missing = set(self.gold.keys() - have)
            if not wrong and not missing:
                return True
            items = [(k[0], 0, k) for k in wrong] + [(k[0], 1, k) for k in missing]
            progressed = False
            for _start, kind, key in sorted(items):
                done = self.remove_or_fix(key, missing) if kind == 0 else self.add(key)
                if done:
                    progressed = True
                    break
            if not progressed:
                return False
        return False


def openings(record: CanonicalRecord, schema: Any, suggestions: list[Suggestion]) -> list:
    """Candidate first moves: nothing, accept all, accept all of mostly-right labels."""
    gold = {s.key for s in record.spans}
    right = Counter(s.span.label for s in suggestions if s.span.key in gold)
    wrong = Counter(s.span.label for s in suggestions if s.span.key not in gold)
    key_of = {spec.name: spec.key or str(i) for i, spec in enumerate(schema.labels, start=1)}
    good = [label for label in key_of if right[label] > wrong[label]]
    out: list[list[tuple[str, ...]]] = [[], [("Y",)]]
    if good:
        out.append([("ctrl+a", key_of[label]) for label in good])
    return out


def plan_with_suggestions(
    record: CanonicalRecord, schema: Any, suggestions: list[Suggestion]
) -> list[str]:
    """The cheapest key plan found over the openings (asserted to reach the gold in simulation)."""
    best: list[str] | None = None
    for opening in openings(record, schema, suggestions):
        planner = Planner(record, schema, suggestions)
        for step in opening:
            if step == ("Y",):
                planner.edit(["Y"], planner.session.plan_accept_all())
            else:
                label = next(n for n, k in planner.key_of_label.items() if k == step[1])
                planner.edit(list(step), planner.session.plan_accept_all(label))
        if planner.finish() and (best is None or len(planner.keys) < len(best)):
            best = planner.keys
    if best is None:
        raise RuntimeError(f"{record.doc_id}: no key plan reaches the gold from the suggestions")
    return best
