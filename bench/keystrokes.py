"""Keys needed to reproduce a gold annotation with the real app, vs a plain arrow-keys-only tool.

For each gold span (reading order) a breadth-first search over the tool's own navigation and
selection commands, simulated on a pure EditSession, finds the cheapest key sequence that
selects exactly the span; one label key then applies it. The sequence is then pressed in the
real app through Pilot, and the stored annotation must equal the gold exactly.
Baseline: an arrow-only tool (move token by token, grow by token, press a label).
With --suggest patterns, a second plan starts from the suggester's output instead (accept all,
accept by label or one by one, fix or delete wrong spans, add the rest; bench/keystrokes_suggest.py)
and is pressed in the app too.
Run: python bench/keystrokes.py --gold corpus/foreign_fighters.jsonl [--suggest patterns]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections import Counter, deque
from collections.abc import Callable
from pathlib import Path

from annotator.records import CanonicalRecord
from annotator.schema import default_schema_path, load_schema
from annotator.session import EditSession
from annotator.store import open_store
from annotator.tui.app import AnnotatorApp
from annotator.tui.flow import TaskFlow
from annotator.tui.keymap import build_keymap
from annotator.validate import validate_line

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
}
MAX_DEPTH = 14


def run_command(session: EditSession, key: str, commands: dict | None = None) -> None:
    """Apply one navigation key to a simulated session, as the screen would."""
    method, args = (commands or COMMANDS)[key]
    if method == "move_to_delta":
        session.move_to(session.cursor + args[0])
    else:
        getattr(session, method)(*args)


def state_of(session: EditSession) -> tuple:
    """The parts of the session navigation depends on."""
    return (
        session.cursor,
        session.anchor,
        session.focus,
        session.select_mode,
        session.suggestion_focus,
    )


def restore(session: EditSession, state: tuple) -> None:
    """Put a simulated session back into a saved navigation state."""
    (
        session.cursor,
        session.anchor,
        session.focus,
        session.select_mode,
        session.suggestion_focus,
    ) = state


def cheapest_path(session: EditSession, goal: tuple[int, int]) -> list[str] | None:
    """Shortest key sequence whose resulting target range equals `goal` (BFS)."""
    return search(
        session,
        lambda s: s.target() == goal and (s.anchor is not None or goal[0] == goal[1]),
        COMMANDS,
    )


def search(
    session: EditSession,
    done: Callable[[EditSession], bool],
    commands: dict[str, tuple[str, tuple]],
) -> list[str] | None:
    """Shortest sequence of navigation keys after which `done(session)` holds (BFS)."""
    start = state_of(session)
    seen = {start}
    queue: deque[tuple[tuple, list[str]]] = deque([(start, [])])
    while queue:
        state, path = queue.popleft()
        restore(session, state)
        if done(session):
            restore(session, start)
            return path
        if len(path) >= MAX_DEPTH:
            continue
        for key in commands:
            restore(session, state)
            run_command(session, key, commands)
            after = state_of(session)
            if after not in seen:
                seen.add(after)
                queue.append((after, [*path, key]))
    restore(session, start)
    return None


def arrow_path(cursor: int, goal: tuple[int, int]) -> list[str]:
    """An arrow-only route: move token by token to the start, then grow to the end."""
    step = "right" if goal[0] > cursor else "left"
    return [step] * abs(goal[0] - cursor) + ["shift+right"] * (goal[1] - goal[0])


def plan(record: CanonicalRecord, schema) -> tuple[list[str], int]:
    """Keys for the tool to reproduce a record's spans, and the arrow-only tool's key count."""
    doc = record.document
    session = EditSession(doc, schema)
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
            session.clear()
            path = ["escape", *arrow_path(session.cursor, goal)]
        for key in path:
            if key == "escape":
                session.clear()
            else:
                run_command(session, key)
        planned = session.plan_label(span.label)
        assert planned.op is not None, planned.message
        session.perform(planned.op)
        keys.extend([*path, label_key[span.label]])
    return keys, arrow_cost


async def drive(
    record: CanonicalRecord, schema, keys: list[str], tmp: Path, suggestions: list | None = None
) -> set:
    """Press the keys in the real app and return the stored span identities."""
    url = f"sqlite:///{tmp / record.doc_id}.db"
    store = open_store(url)
    store.add_documents("gold", [record.document])
    if suggestions:
        store.set_suggestions("gold", record.doc_id, suggestions)
    app = AnnotatorApp(
        TaskFlow(store, "gold", "bench", schema, show_suggestions=bool(suggestions)),
        build_keymap(schema),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        for i in range(0, len(keys), 50):
            await pilot.press(*keys[i : i + 50])
        await pilot.press("enter")
    annotation = store.current_annotation("gold", record.doc_id, "bench")
    store.close()
    return {s.key for s in annotation.spans} if annotation else set()


def main() -> None:
    """Plan, drive, assert, and report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--schema", type=Path, default=None)
    parser.add_argument(
        "--suggest", default=None, help="also start from these suggestions, e.g. 'patterns'"
    )
    args = parser.parse_args()
    schema = load_schema(args.schema or default_schema_path())
    records = []
    for number, raw in enumerate(args.gold.read_bytes().splitlines(), start=1):
        if not raw.strip():
            continue
        record, issues = validate_line(raw, None)
        if record is None:
            sys.exit(f"{args.gold}:{number}: not a canonical record: {issues[0].message}")
        records.append(record)
    suggester = None
    if args.suggest:
        from annotator.suggest import get_suggester

        suggester = get_suggester(args.suggest, schema)
    totals: Counter[str] = Counter()
    print(
        f"{'doc':18} {'spans':>6} {'keys':>6} {'keys/span':>9} {'arrow-only':>10} {'ratio':>6}"
        + (f" {'sugg.':>6} {'right':>6} {'keys w/ sugg.':>13} {'/span':>6}" if suggester else "")
    )
    with tempfile.TemporaryDirectory() as tmpdir:
        for record in records:
            keys, arrow = plan(record, schema)
            check(record, asyncio.run(drive(record, schema, keys, Path(tmpdir))))
            spans = len(record.spans)
            totals.update(keys=len(keys), spans=spans, arrow=arrow)
            row = (
                f"{record.doc_id:18} {spans:6} {len(keys):6} {len(keys) / max(spans, 1):9.2f} "
                f"{arrow:10} {len(keys) / max(arrow, 1):6.2f}"
            )
            if suggester is not None:
                from keystrokes_suggest import plan_with_suggestions

                (suggestions,) = list(suggester.suggest([record.document]))
                with_keys = plan_with_suggestions(record, schema, suggestions)
                where = Path(tmpdir) / "suggest"
                where.mkdir(exist_ok=True)
                check(record, asyncio.run(drive(record, schema, with_keys, where, suggestions)))
                right = sum(1 for x in suggestions if x.span.key in {g.key for g in record.spans})
                totals.update(suggested=len(suggestions), right=right, with_keys=len(with_keys))
                row += (
                    f" {len(suggestions):6} {right:6} {len(with_keys):13} "
                    f"{len(with_keys) / max(spans, 1):6.2f}"
                )
            print(row)
    figures = {
        "docs": len(records),
        "spans": totals["spans"],
        "keys": totals["keys"],
        "keys_per_span": round(totals["keys"] / max(totals["spans"], 1), 2),
        "arrow_only_keys": totals["arrow"],
        "arrow_only_keys_per_span": round(totals["arrow"] / max(totals["spans"], 1), 2),
        "ratio_to_arrow_only": round(totals["keys"] / max(totals["arrow"], 1), 3),
    }
    print(
        f"total: {totals['keys']} keys for {totals['spans']} spans ({figures['keys_per_span']}/span); "
        f"arrow-only {totals['arrow']} ({figures['arrow_only_keys_per_span']}/span); "
        f"ratio {figures['ratio_to_arrow_only']}"
    )
    if suggester is not None:
        figures.update(
            suggester=args.suggest,
            suggestions=totals["suggested"],
            suggestions_matching_gold=totals["right"],
            keys_with_suggestions=totals["with_keys"],
            keys_per_span_with_suggestions=round(totals["with_keys"] / max(totals["spans"], 1), 2),
        )
        print(
            f"with {args.suggest} suggestions: {totals['with_keys']} keys "
            f"({figures['keys_per_span_with_suggestions']}/span; {totals['right']} of "
            f"{totals['suggested']} suggestions exactly right)"
        )
    print(json.dumps(figures))


def check(record: CanonicalRecord, stored: set) -> None:
    """The app's stored spans must equal the gold exactly."""
    gold = {s.key for s in record.spans}
    assert stored == gold, f"{record.doc_id}: app result differs from gold: {sorted(stored ^ gold)}"


if __name__ == "__main__":
    main()
