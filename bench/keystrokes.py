"""Keys needed to reproduce a gold annotation with the real app, vs a plain arrow-keys-only tool.

For each gold span (reading order) a breadth-first search over the tool's own navigation and
selection commands, simulated on a pure EditSession, finds the cheapest key sequence that
selects exactly the span; one label key then applies it. The sequence is then pressed in the
real app through Pilot, and the stored annotation must equal the gold exactly.
Baseline: an arrow-only tool (move token by token, grow by token, press a label).
With --suggest patterns, a second plan starts from the suggester's output instead (accept all,
accept by label or one by one, fix or delete wrong spans, add the rest; bench/keystrokes_suggest.py)
and is pressed in the app too.
Hint jumps (`o`/`O` and two label keys) are planned against the app's own wrapped rows and
scroll, followed key by key; they are tried to the goal's first and last token.
Gold sets: the seed sample and unseen articles written for the bench (bench/data/), both with
and without pattern suggestions.
Run: python bench/keystrokes.py [--gold FILE ...] [--suggest patterns|none]
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.bundled import SAMPLE_CORPUS
from annotator.records.models import CanonicalRecord
from annotator.schema.model import default_schema_path, load_schema
from annotator.session.edit import EditSession
from annotator.session.hints import hint_labels
from annotator.store import open_store
from annotator.tui.app import AnnotatorApp
from annotator.tui.bindings import build_keymap
from annotator.tui.flow import TaskFlow
from annotator.validation.validate import validate_line

COMMANDS: dict[str, tuple[str, tuple]] = {
    "right": ("move_to_delta", (1,)),
    "left": ("move_to_delta", (-1,)),
    "shift+right": ("grow", (1,)),
    "shift+left": ("grow", (-1,)),
    "right_parenthesis": ("sentence_next", ()),
    "left_parenthesis": ("sentence_prev", ()),
    "p": ("paragraph_next", ()),
    "e": ("unlabelled_next", ()),
    "m": ("select_name", ()),
    "quotation_mark": ("select_quote", ()),
    "w": ("word_next", ()),
    "b": ("word_prev", ()),
    "W": ("clause_next", ()),
    "B": ("clause_prev", ()),
}
HINT_KEYS = {"o": False, "O": True}  # hint jump, hint extend: the key, then two label keys
MAX_DEPTH = 14
SIZE = (120, 40)  # the terminal the bench drives the app in
ROOT = Path(__file__).resolve().parents[1]
GOLD_SETS = {
    "seed": SAMPLE_CORPUS,
    "unseen": ROOT / "bench" / "data" / "unseen_news.jsonl",
}


@dataclass
class Viewport:
    """The article view's rows as the app wraps them, and its scroll, followed as the app does."""

    first_row: list[int]
    row_tokens: list[tuple[int, int] | None]
    height: int
    top: int = 0

    def follow(self, token: int) -> None:
        """Scroll just enough to show a token (DocView.scroll_to_token)."""
        row = self.first_row[token]
        if row < self.top:
            self.top = max(0, row - 1)
        elif row >= self.top + self.height:
            self.top = row - self.height + 2
        self.top = max(0, min(self.top, len(self.row_tokens) - self.height))

    def visible(self) -> tuple[int, int]:
        """First and last token on screen (DocView.visible_tokens)."""
        bottom = min(len(self.row_tokens), self.top + self.height)
        rows = [r for r in self.row_tokens[self.top : bottom] if r]
        return (rows[0][0], rows[-1][1]) if rows else (0, -1)


VIEWS: dict[int, Viewport] = {}  # id(session) -> its simulated viewport, when hints are planned


def run_command(session: EditSession, key: str, commands: dict | None = None) -> None:
    """Apply one navigation key to a simulated session, as the screen would."""
    if key in HINT_KEYS or (len(key) == 3 and key[0] in HINT_KEYS):
        run_hint(session, key)
        return
    method, args = (commands or COMMANDS)[key]
    if method == "move_to_delta":
        session.moves.move_to(session.cursor + args[0])
    else:
        getattr(session.moves, method)(*args)
    follow(session)


def follow(session: EditSession) -> None:
    """Scroll the simulated view to the cursor, as the screen does after every key."""
    view = VIEWS.get(id(session))
    if view is not None and len(session.index):
        view.follow(session.cursor)


def hints_now(session: EditSession) -> dict[str, int]:
    """The hint labels the app would draw now."""
    view = VIEWS[id(session)]
    first, last = view.visible()
    return hint_labels(session.nav, first, last, session.cursor)


def run_hint(session: EditSession, key: str) -> None:
    """A planned hint step `o<label>` (or `O<label>`): jump (or extend) to the hinted word."""
    token = hints_now(session)[key[1:]]
    session.moves.jump(token, extend=HINT_KEYS[key[0]])
    follow(session)


def pressed(keys: list[str]) -> list[str]:
    """The keys a plan presses: a hint step `o<label>` is three keys."""
    out: list[str] = []
    for key in keys:
        if len(key) == 3 and key[0] in HINT_KEYS:
            out.extend(key)
        else:
            out.append(key)
    return out


def key_cost(key: str) -> int:
    """Keys pressed for one planned step."""
    return 3 if len(key) == 3 and key[0] in HINT_KEYS else 1


def state_of(session: EditSession) -> tuple:
    """The parts of the session (and of the simulated view) navigation depends on."""
    view = VIEWS.get(id(session))
    return (
        session.cursor,
        session.anchor,
        session.focus,
        session.select_mode,
        session.suggestion_focus,
        view.top if view is not None else 0,
    )


def restore(session: EditSession, state: tuple) -> None:
    """Put a simulated session back into a saved navigation state."""
    (
        session.cursor,
        session.anchor,
        session.focus,
        session.select_mode,
        session.suggestion_focus,
        top,
    ) = state
    view = VIEWS.get(id(session))
    if view is not None:
        view.top = top


def cheapest_path(session: EditSession, goal: tuple[int, int]) -> list[str] | None:
    """Cheapest key sequence whose resulting target range equals `goal`."""
    return search(
        session,
        lambda s: s.target() == goal and (s.anchor is not None or goal[0] == goal[1]),
        COMMANDS,
        hint_targets=goal,
    )


def search(
    session: EditSession,
    done: Callable[[EditSession], bool],
    commands: dict[str, tuple[str, tuple]],
    hint_targets: tuple[int, int] | None = None,
) -> list[str] | None:
    """Cheapest sequence of navigation keys after which `done(session)` holds (uniform cost).

    With `hint_targets` (and a simulated view), hint steps to the words at those two tokens are
    tried too, at three keys each.
    """
    start = state_of(session)
    best = {start: 0}
    queue: list[tuple[int, int, tuple, list[str]]] = [(0, 0, start, [])]
    tie = 0
    hinting = hint_targets is not None and id(session) in VIEWS
    while queue:
        cost, _, state, path = heapq.heappop(queue)
        if best.get(state, cost) < cost:
            continue
        restore(session, state)
        if done(session):
            restore(session, start)
            return path
        steps = list(commands)
        if hinting:
            wanted = set(hint_targets)
            steps += [
                f"{hint}{label}"
                for label, token in hints_now(session).items()
                if token in wanted
                for hint in HINT_KEYS
            ]
        for key in steps:
            total = cost + key_cost(key)
            if total > MAX_DEPTH:
                continue
            restore(session, state)
            run_command(session, key, commands)
            after = state_of(session)
            if total < best.get(after, MAX_DEPTH + 1):
                best[after] = total
                tie += 1
                heapq.heappush(queue, (total, tie, after, [*path, key]))
    restore(session, start)
    return None


def arrow_path(cursor: int, goal: tuple[int, int]) -> list[str]:
    """An arrow-only route: move token by token to the start, then grow to the end."""
    step = "right" if goal[0] > cursor else "left"
    return [step] * abs(goal[0] - cursor) + ["shift+right"] * (goal[1] - goal[0])


def plan(record: CanonicalRecord, schema, view: Viewport | None = None) -> tuple[list[str], int]:
    """Keys for the tool to reproduce a record's spans, and the arrow-only tool's key count."""
    doc = record.document
    session = EditSession(doc, schema)
    if view is not None:
        VIEWS[id(session)] = Viewport(view.first_row, view.row_tokens, view.height)
    label_key = {s.name: s.key or str(i) for i, s in enumerate(schema.labels, start=1)}
    keys: list[str] = []
    arrow_cost = 0
    arrow_cursor = 0
    for span in sorted(record.spans, key=lambda s: (s.start, -s.end, s.label)):
        goal = (span.token_start, span.token_end)
        arrow_cost += len(arrow_path(arrow_cursor, goal)) + 1
        arrow_cursor = goal[1]
        path = cheapest_path(session, goal)
        if path is None:
            session.moves.clear()
            path = ["escape", *arrow_path(session.cursor, goal)]
        for key in path:
            if key == "escape":
                session.moves.clear()
            else:
                run_command(session, key)
        planned = session.plan_label(span.label)
        assert planned.op is not None, planned.message
        session.perform(planned.op)
        follow(session)
        keys.extend([*path, label_key[span.label]])
    VIEWS.pop(id(session), None)
    return pressed(keys), arrow_cost


async def viewport_of(record: CanonicalRecord, schema, tmp: Path) -> Viewport:
    """The article view's wrapped rows and height in the app at the bench's terminal size."""
    store = open_store(f"sqlite:///{tmp / record.doc_id}-view.db")
    store.add_documents("gold", [record.document])
    app = AnnotatorApp(TaskFlow(store, "gold", "bench", schema), build_keymap(schema))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.view
        layout = view.layout_
        rows = [layout.tokens_in_row(r) for r in range(len(layout.rows))]
        found = Viewport(list(layout.first_row), rows, view.scrollable_content_region.height)
    store.close()
    return found


async def drive(
    record: CanonicalRecord, schema, keys: list[str], tmp: Path, suggestions: list | None = None
) -> set:
    """Press the keys in the real app and return the stored span identities."""
    url = f"sqlite:///{tmp / record.doc_id}.db"
    store = open_store(url)
    store.add_documents("gold", [record.document])
    if suggestions:
        store.suggestions.replace("gold", record.doc_id, suggestions)
    app = AnnotatorApp(
        TaskFlow(store, "gold", "bench", schema, show_suggestions=bool(suggestions)),
        build_keymap(schema),
    )
    async with app.run_test(size=SIZE) as pilot:
        for i in range(0, len(keys), 50):
            await pilot.press(*keys[i : i + 50])
        await pilot.press("enter")
    annotation = store.current_annotation("gold", record.doc_id, "bench")
    store.close()
    return {s.key for s in annotation.spans} if annotation else set()


def read_gold(path: Path) -> list[CanonicalRecord]:
    """Canonical records from a gold file; exits naming the line of a bad one."""
    records = []
    for number, raw in enumerate(path.read_bytes().splitlines(), start=1):
        if not raw.strip():
            continue
        record, issues = validate_line(raw, None)
        if record is None:
            sys.exit(f"{path}:{number}: not a canonical record: {issues[0].message}")
        records.append(record)
    return records


def measure(name: str, records: list, schema, suggester, tmp: Path) -> dict:
    """Plan and press every record of one gold set; print a row per document; return figures."""
    from keystrokes_suggest import plan_with_suggestions

    totals: Counter[str] = Counter()
    for record in records:
        view = asyncio.run(viewport_of(record, schema, tmp))
        keys, arrow = plan(record, schema, view)
        check(record, asyncio.run(drive(record, schema, keys, tmp)))
        spans = len(record.spans)
        totals.update(docs=1, keys=len(keys), spans=spans, arrow=arrow)
        row = (
            f"{name:7} {record.doc_id:17} {spans:6} {len(keys):6} {len(keys) / max(spans, 1):9.2f} "
            f"{arrow:10} {len(keys) / max(arrow, 1):6.2f}"
        )
        if suggester is not None:
            (suggestions,) = list(suggester.suggest([record.document]))
            with_keys = plan_with_suggestions(record, schema, suggestions)
            where = tmp / "suggest"
            where.mkdir(exist_ok=True)
            check(record, asyncio.run(drive(record, schema, with_keys, where, suggestions)))
            right = sum(1 for x in suggestions if x.span.key in {g.key for g in record.spans})
            totals.update(suggested=len(suggestions), right=right, with_keys=len(with_keys))
            row += (
                f" {len(suggestions):6} {right:6} {len(with_keys):13} "
                f"{len(with_keys) / max(spans, 1):6.2f}"
            )
        print(row, flush=True)
    spans = max(totals["spans"], 1)
    figures = {
        "docs": totals["docs"],
        "spans": totals["spans"],
        "keys": totals["keys"],
        "keys_per_span": round(totals["keys"] / spans, 2),
        "arrow_only_keys_per_span": round(totals["arrow"] / spans, 2),
        "ratio_to_arrow_only": round(totals["keys"] / max(totals["arrow"], 1), 3),
    }
    if suggester is not None:
        figures.update(
            suggestions=totals["suggested"],
            suggestions_matching_gold=totals["right"],
            keys_with_suggestions=totals["with_keys"],
            keys_per_span_with_suggestions=round(totals["with_keys"] / spans, 2),
        )
    return figures


def main() -> None:
    """Plan, drive, assert, and report for each gold set: a table, then one JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--gold",
        type=Path,
        action="append",
        default=None,
        help="gold JSONL file(s); default: the seed sample and the unseen bench articles",
    )
    parser.add_argument("--schema", type=Path, default=None)
    parser.add_argument(
        "--suggest",
        default="patterns",
        help="also start from these suggestions ('patterns', the default; 'none' to skip)",
    )
    args = parser.parse_args()
    schema = load_schema(args.schema or default_schema_path())
    sets = {p.stem: p for p in args.gold} if args.gold else GOLD_SETS
    suggester = None
    if args.suggest and args.suggest != "none":
        from annotator.suggest import get_suggester

        suggester = get_suggester(args.suggest, schema)
    print(
        f"{'set':7} {'doc':17} {'spans':>6} {'keys':>6} {'keys/span':>9} {'arrow-only':>10} "
        f"{'ratio':>6}"
        + (f" {'sugg.':>6} {'right':>6} {'keys w/ sugg.':>13} {'/span':>6}" if suggester else "")
    )
    results = {}
    with tempfile.TemporaryDirectory() as tmpdir:
        for name, path in sets.items():
            results[name] = measure(name, read_gold(path), schema, suggester, Path(tmpdir))
    for name, figures in results.items():
        line = (
            f"{name}: {figures['keys']} keys for {figures['spans']} spans "
            f"({figures['keys_per_span']}/span; arrow-only {figures['arrow_only_keys_per_span']}"
            f"/span)"
        )
        if suggester is not None:
            line += (
                f"; with {args.suggest} suggestions {figures['keys_per_span_with_suggestions']}"
                f"/span ({figures['suggestions_matching_gold']} of {figures['suggestions']} "
                "suggestions exactly right)"
            )
        print(line)
    print(json.dumps({"suggester": suggester and args.suggest, **results}))


def check(record: CanonicalRecord, stored: set) -> None:
    """The app's stored spans must equal the gold exactly."""
    gold = {s.key for s in record.spans}
    assert stored == gold, f"{record.doc_id}: app result differs from gold: {sorted(stored ^ gold)}"


if __name__ == "__main__":
    main()
