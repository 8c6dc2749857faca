"""Key-to-frame latency of the annotation screen on a 1,000- vs 20,000-word article; startup; memory.

Latency is measured from handing a key event to the driver to the end of the next screen update
(the compositor's update rendered to terminal bytes), headless. The 1,000-word article is the
baseline: the 20,000-word median should stay within 1.5x of it (cost follows the viewport).
The 20,000-word article is run again with 500 relations spread over its ~2,000 spans (goal:
p95 <= 8 ms), against the same article without them in the same run, each with the relation
list hidden and shown. Besides moves, tab and labels it times the relation keys: start (C),
confirm (enter), undo of the new relation (u), ctrl+n/ctrl+p (with relations only) and the
list toggle (ctrl+l). Each key's process CPU time is shown next to its wall time: the machine
is shared, and wall time includes waiting for a core.
A second table times the same keys in a real terminal (tmux, see bench/tmux_latency.py) at
the TEXTUAL_FPS values given, with the app's idle CPU and its lag after a fast key burst.
Run: python bench/latency.py [--samples 300] [--startup-docs 100000] [--tmux-samples 60]
A subset: --runs "20000w+500rel,20000w+500rel list" --cases label,link (names as in the table);
--repeat 3 runs every chosen run three times, in rounds, and reports the median of each figure;
--profile FILE writes a cProfile of the timed keys only (from posting to the end of the frame).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TEXTUAL_FPS", "1000")  # frame pacing off: measure our work, not the vsync

from textual import events

from annotator.records.models import Annotation, Relation, make_document, make_span, now_utc
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import default_schema_path, load_schema
from annotator.store import open_store
from annotator.tui.app import AnnotatorApp
from annotator.tui.bindings import build_keymap
from annotator.tui.flow import TaskFlow

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tmux_latency  # a sibling bench module

NAMES = ["Kenya", "Russia", "Moscow", "President William Ruto", "South Africa", "Ukraine"]
FILLER = [
    "officials",
    "said",
    "the",
    "recruits",
    "were",
    "sent",
    "to",
    "the",
    "front",
    "after",
    "short",
    "training",
    "in",
    "camps",
]


def article(words: int, seed: int = 7) -> str:
    """A synthetic news article: sentences with names, numbers and quotations, in paragraphs."""
    rng = random.Random(seed)
    out: list[str] = []
    count = 0
    while count < words:
        sentence = [rng.choice(NAMES), *rng.sample(FILLER, 6), str(rng.randint(2, 900))]
        sentence += ["said", "“" + " ".join(rng.sample(FILLER, 5)), rng.choice(NAMES) + "”."]
        out.append(" ".join(sentence))
        count += sum(len(s.split()) for s in sentence)
        if rng.random() < 0.25:
            out.append("\n")
    return " ".join(out).replace(" \n ", "\n")


def annotated(text: str, spans_per_1k_words: int, seed: int = 11) -> tuple:
    """The document with spans spread evenly at a given density, QUOTEs with nested spans inside.

    Candidates: every name (COUNTRY for a country, ACTOR for a person, several tokens), every
    number (FIGURE) and every quotation (QUOTE, the marks excluded). A seeded uniform sample of
    them is kept, so the density is the same at the start and the end of the article.
    """
    doc = make_document(text, tokenize(text), tokenizer_id(), {"title": "bench"})
    tokens = doc.tokens
    candidates = []
    opened = None
    t = 0
    while t < len(tokens):
        tok = tokens[t]
        if tok.text in ("Kenya", "Russia", "Ukraine", "Moscow"):
            candidates.append(make_span(doc, tok.start, tok.end, "COUNTRY"))
        elif tok.text == "President" and t + 2 < len(tokens):
            candidates.append(make_span(doc, tok.start, tokens[t + 2].end, "ACTOR"))
            t += 2
        elif tok.text.isdigit():
            candidates.append(make_span(doc, tok.start, tok.end, "FIGURE"))
        elif tok.text == "“":
            opened = tok
        elif tok.text == "”" and opened is not None:
            candidates.append(make_span(doc, opened.end, tokens[t - 1].end, "QUOTE"))
            opened = None
        t += 1
    words = len(text.split())
    target = min(len(candidates), round(spans_per_1k_words * words / 1000))
    keep = sorted(random.Random(seed).sample(range(len(candidates)), target))
    return doc, [candidates[i] for i in keep]


def linked(spans, schema, count: int = 500) -> list[Relation]:
    """`count` relations the schema allows, each span linked to a later neighbour, taken evenly
    from the whole article (so they are spread from its start to its end)."""
    out: list[Relation] = []
    heads: set[tuple[str, str]] = set()
    for i, head in enumerate(spans):
        for child in spans[i + 1 : i + 6]:
            spec = next(
                (r for r in schema.relations if r.takes(head.label, child.label)),
                None,
            )
            if spec is None or (spec.max_per_head and (head.id, spec.name) in heads):
                continue
            heads.add((head.id, spec.name))
            out.append(Relation(head=head.id, child=child.id, label=spec.name))
            break
    if len(out) <= count:
        return out
    return [out[i * len(out) // count] for i in range(count)]


def nested_count(spans) -> int:
    """How many spans sit inside a QUOTE."""
    quotes = [(s.start, s.end) for s in spans if s.label == "QUOTE"]
    return sum(
        1
        for s in spans
        if s.label != "QUOTE" and any(a <= s.start and s.end <= b for a, b in quotes)
    )


def make_store(tmp: Path, name: str, doc, spans, relations=()) -> str:
    """A SQLite store holding one document with an earlier revision carrying the spans."""
    url = f"sqlite:///{tmp / name}.db"
    store = open_store(url)
    store.add_documents("bench", [doc])
    now = now_utc()
    store.add_annotation(
        "bench",
        Annotation(
            doc_id=doc.doc_id,
            annotator="bench",
            answer="ignore",
            spans=tuple(spans),
            relations=tuple(relations),
            schema="foreign-fighters@1.0.0",
            created_at=now,
            updated_at=now,
        ),
    )
    store.close()
    return url


class FrameClock:
    """Marks the end of a key's latency: when its frame's bytes are made, not when the bench
    wakes up (work the app does after the frame, between keys, is not the key's latency)."""

    def __init__(self) -> None:
        """No frame yet."""
        self.event = asyncio.Event()
        self.at = (0.0, 0.0)  # wall and process CPU clocks at the first frame after a key

    def mark(self) -> None:
        """A frame was made: note the time, if it is the first since the key."""
        if not self.event.is_set():
            self.at = (time.perf_counter(), time.process_time())
            self.event.set()


class Bench:
    """The app under test and the means to time one key from posting to the end of its frame."""

    def __init__(
        self,
        app: AnnotatorApp,
        pilot,
        flow: TaskFlow,
        frame_done: FrameClock,
        profiler: cProfile.Profile | None = None,
    ):
        """Hold the running app, its pilot, the event set when a frame has been rendered and
        the profiler switched on for timed keys only (if any)."""
        self.app = app
        self.profiler = profiler
        self.pilot = pilot
        self.flow = flow
        self.frame_done = frame_done
        self.results: dict[str, dict[str, list[float]]] = {}
        self.skipped: dict[str, int] = {}
        self.commits: list[float] = []

    @property
    def screen(self):
        """The annotation screen."""
        return self.app.screen

    async def time_key(self, name: str, key: str) -> None:
        """Send one key; record its wall and CPU ms under `name` (or count it as drawing nothing)."""
        self.frame_done.event.clear()
        self.commits.clear()
        start = time.perf_counter()
        start_cpu = time.process_time()
        if self.profiler:
            self.profiler.enable()
        self.app._driver.send_message(events.Key(key, None))
        try:
            await asyncio.wait_for(self.frame_done.event.wait(), 0.5)
        except TimeoutError:
            self.skipped[name] = self.skipped.get(name, 0) + 1  # the key changed nothing on screen
            return
        finally:
            if self.profiler:
                self.profiler.disable()
        end, end_cpu = self.frame_done.at
        wall = (end - start) * 1000
        series = self.results.setdefault(name, {"wall": [], "cpu": []})
        series["wall"].append(wall)
        series["cpu"].append((end_cpu - start_cpu) * 1000)
        if self.commits:
            minus = self.results.setdefault(f"{name} minus journal commit", {"wall": []})
            minus["wall"].append(wall - sum(self.commits))
            self.results.setdefault("journal commit alone", {"wall": []})["wall"].append(
                sum(self.commits)
            )

    async def focus_on(self, key) -> None:
        """Focus a span and put the cursor on it, untimed (as a tab to it would)."""
        session = self.screen.session
        session.moves.move_to(session.spans[key].token_start)
        session.focus = key
        self.screen._marks()
        await self.pilot.pause(0.02)

    async def reset(self) -> None:
        """Back to the article's start with nothing focused or pending."""
        await self.pilot.press("escape")
        session = self.screen.session
        session.linking = None
        session.moves.doc_start()
        self.screen._marks()
        await self.pilot.pause(0.05)


async def moves(bench: Bench, name: str, samples: int) -> None:
    """Cursor, selection and span-focus keys pressed one after another."""
    keys = {
        "cursor right": "right",
        "grow selection": "shift+right",
        "focus next span (tab)": "tab",
        "focus prev span (shift+tab)": "shift+tab",
        "next relation (ctrl+n)": "ctrl+n",
        "prev relation (ctrl+p)": "ctrl+p",
        "relation list toggle (ctrl+l)": "ctrl+l",
    }
    going_down = True
    for _ in range(samples):
        key = keys.get(name)
        if name == "cursor down":
            screen = bench.screen
            row = screen.view.row_of(screen.session.cursor)
            last_row = len(screen.view.layout_.rows) - 1
            going_down = (going_down or row == 0) and row < last_row
            key = "down" if going_down else "up"  # down to the end, then back up
        await bench.time_key(name, key)
        await bench.pilot.pause(0.005)


async def labels(bench: Bench, name: str, samples: int) -> None:
    """`e` to the next unlabelled name or number (untimed), then a label key (journaled)."""
    for _ in range(max(40, samples // 5)):
        await bench.pilot.press("e")
        await bench.pilot.pause(0.2)
        await bench.time_key(name, "a")
        await bench.pilot.pause(0.2)  # the deferred validation runs between keys, as when typing


def link_pairs(session) -> list[tuple]:
    """(FIGURE, ACTOR or COUNTRY) span pairs close together and not linked yet, for COUNTS."""
    order = session.ordered()
    linked = set(session.relations)
    pairs = []
    for i, head in enumerate(order):
        if head.label != "FIGURE":
            continue
        for child in order[i + 1 : i + 4]:
            if child.label in ("ACTOR", "COUNTRY") and (head.id, child.id, "COUNTS") not in linked:
                pairs.append((head.key, child.key))
                break
    return pairs


async def links(bench: Bench, name: str, samples: int) -> None:
    """Make a COUNTS relation and undo it: C on the head, enter on the child, then u (timed)."""
    pairs = link_pairs(bench.screen.session)
    step = max(1, len(pairs) // max(1, samples // 5))
    for head, child in pairs[::step][: max(40, samples // 5)]:
        await bench.focus_on(head)
        await bench.time_key("relation start (C)", "C")
        await bench.pilot.pause(0.02)
        await bench.focus_on(child)
        await bench.time_key("relation confirm (enter, journaled)", "enter")
        await bench.pilot.pause(0.2)
        await bench.time_key("undo relation (u, journaled)", "u")
        await bench.pilot.pause(0.2)


CASES = (
    ("cursor right", moves),
    ("cursor down", moves),
    ("grow selection", moves),
    ("focus next span (tab)", moves),
    ("focus prev span (shift+tab)", moves),
    ("label (journaled)", labels),
    ("link and undo", links),
    ("next relation (ctrl+n)", moves),
    ("prev relation (ctrl+p)", moves),
    ("relation list toggle (ctrl+l)", moves),
)
BASE_CASES = ("cursor right", "cursor down", "grow selection", "focus next span (tab)")
BASE_CASES += ("label (journaled)",)


async def measure(
    url: str,
    schema,
    samples: int,
    cases: tuple[str, ...],
    list_shown: bool,
    profiler: cProfile.Profile | None = None,
) -> dict[str, dict[str, list[float]]]:
    """Press keys one at a time; wall and CPU ms of each, from posting to the end of its frame.

    CPU time (of the process) is shown next to wall time because this machine is shared: wall
    time includes waiting for a core, CPU time is the work the key cost us. `list_shown` opens
    the relation list first (ctrl+n and ctrl+p open it themselves).
    """
    store = open_store(url)
    flow = TaskFlow(store, "bench", "bench", schema)
    app = AnnotatorApp(flow, build_keymap(schema))
    frame_done = FrameClock()
    original = app._display

    def display(screen, update) -> None:
        original(screen, update)
        if update is not None:
            update.render_segments(app.console)  # the bytes a terminal would receive
            frame_done.mark()

    app._display = display  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        bench = Bench(app, pilot, flow, frame_done, profiler)
        record = flow.record

        def timed_record(op):
            started = time.perf_counter()
            try:
                return record(op)
            finally:
                bench.commits.append((time.perf_counter() - started) * 1000)

        flow.record = timed_record  # type: ignore[method-assign]
        await pilot.pause(0.3)
        (doc_id,) = store.document_ids("bench")
        app.screen.show_document(flow.open(doc_id))  # answered before, so not in the queue
        await pilot.pause(0.3)
        for name, run in CASES:
            if name not in cases:
                continue
            listing = app.screen.query_one("#relations")
            if listing.shown != list_shown:
                await pilot.press("ctrl+l")
                await pilot.pause(0.05)
            await run(bench, name, samples)
            await bench.reset()
    store.close()
    if bench.skipped:
        print(f"keys that drew no frame (not timed): {bench.skipped}")
    return bench.results


def startup(docs: int, tmp: Path) -> dict[str, float]:
    """Seconds to the first frame with `docs` documents in the store, beyond importing Textual."""
    url = f"sqlite:///{tmp}/startup_{docs}.db"
    store = open_store(url)
    if not store.document_ids("big"):
        texts = [f"Doc {i}: Kenya said {i} fighters were recruited by Russia." for i in range(docs)]
        from annotator.records.tokenization import tokenize_many

        batch = (
            make_document(t, toks, tokenizer_id(), {})
            for t, toks in zip(texts, tokenize_many(texts), strict=True)
        )
        store.add_documents("big", batch)
    store.close()
    script = f"""
import time, os, resource
t0 = time.perf_counter()
import textual.app
t1 = time.perf_counter()
from annotator.schema.model import default_schema_path, load_schema
from annotator.store import open_store
from annotator.tui.app import AnnotatorApp
from annotator.tui.flow import TaskFlow
from annotator.tui.bindings import build_keymap
schema = load_schema(default_schema_path())
store = open_store({url!r})
app = AnnotatorApp(TaskFlow(store, "big", "startup-{time.time_ns()}", schema), build_keymap(schema))
original = app._display
def display(screen, update):
    original(screen, update)
    if update is not None and screen.__class__.__name__ == "AnnotateScreen":
        print(t1 - t0, time.perf_counter() - t1, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        app.exit()
app._display = display
app.run(headless=True, size=(120, 40))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    textual_import, first_frame, rss = out.stdout.split()
    return {
        "textual_import_s": float(textual_import),
        "first_frame_beyond_import_s": float(first_frame),
        "startup_peak_rss_mb": int(rss) / 1024,
    }


RUNS = (  # words, relations, relation list shown
    (1_000, 0, False),
    (20_000, 0, False),
    (20_000, 500, False),
    (20_000, 0, True),
    (20_000, 500, True),
)


def run_cases(words: int, relations: bool, list_shown: bool) -> tuple[str, ...]:
    """The cases a run times: the 1,000-word baseline only the basic keys; ctrl+n/ctrl+p only
    with relations and the list shown (they open it); the toggle once, from hidden."""
    if words < 20_000:
        return BASE_CASES
    names = [name for name, _ in CASES]
    if not (relations and list_shown):
        names = [n for n in names if "relation (ctrl" not in n]
    if list_shown:
        names = [n for n in names if "toggle" not in n]
    return tuple(names)


def run_prefix(words: int, relations: int, list_shown: bool) -> str:
    """The row name prefix of a run: `20000w+500rel list`."""
    return f"{words}w" + (f"+{relations}rel" if relations else "") + (" list" if list_shown else "")


def print_relation_goal(figures: dict[str, object]) -> None:
    """Each key with 500 relations against the same key without them, same list state, same run."""
    print("with relations vs without (same run, same list state): p95 wall / p95 cpu ms")
    for key, row in figures.items():
        if "rel " not in key or not isinstance(row, dict) or "minus" in key or "alone" in key:
            continue
        plain_key = key.replace(f"+{row['relations']}rel", "")
        plain = figures.get(plain_key)
        goal = "ok" if row["p95_ms"] <= 8 else "OVER the 8 ms goal"
        if not isinstance(plain, dict):
            print(
                f"  {key:56} {row['p95_ms']:6.2f} / {row['cpu_p95_ms']:6.2f}  no baseline ({goal})"
            )
            continue
        cpu_ratio = row["cpu_p50_ms"] / max(plain["cpu_p50_ms"], 1e-6)
        print(
            f"  {key:56} {row['p95_ms']:6.2f} / {row['cpu_p95_ms']:6.2f}"
            f"  without {plain['p95_ms']:6.2f} / {plain['cpu_p95_ms']:6.2f}"
            f"  cpu p50 ratio {cpu_ratio:4.2f} ({goal})"
        )


def median_row(runs: list[dict[str, object]]) -> dict[str, object]:
    """One row from the rounds of a case: the median of each figure, and every round's p95."""
    row = dict(runs[-1])
    for figure in ("p50_ms", "p95_ms", "cpu_p50_ms", "cpu_p95_ms"):
        values = [float(str(r[figure])) for r in runs if r[figure] is not None]
        row[figure] = round(statistics.median(values), 2) if values else None
    row["n"] = sum(int(str(r["n"])) for r in runs)
    if len(runs) > 1:
        row["p95_ms_rounds"] = [r["p95_ms"] for r in runs]
    return row


def pct(values: list[float], q: float) -> float:
    """A percentile of a list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    """Run the benchmark and print a table plus one JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--startup-docs", type=int, default=100_000)
    parser.add_argument("--tmux-samples", type=int, default=60, help="0 skips the tmux run")
    parser.add_argument("--tmux-fps", default="60,240", help="TEXTUAL_FPS values to compare")
    parser.add_argument("--runs", default="", help="comma-separated run prefixes; all if empty")
    parser.add_argument("--cases", default="", help="comma-separated case name parts; all if empty")
    parser.add_argument("--profile", default="", help="write a cProfile of the timed keys here")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds of every run; the table shows medians"
    )
    args = parser.parse_args()
    chosen_runs = {r.strip() for r in args.runs.split(",") if r.strip()}
    case_parts = [c.strip() for c in args.cases.split(",") if c.strip()]
    profiler = cProfile.Profile() if args.profile else None
    schema = load_schema(default_schema_path())
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        rounds: dict[str, list[dict[str, object]]] = {}
        for _ in range(args.repeat):  # whole rounds, so a busy minute hits every run alike
            for words, link_count, list_shown in RUNS:
                if chosen_runs and run_prefix(words, link_count, list_shown) not in chosen_runs:
                    continue
                doc, spans = annotated(article(words), 100)
                relations = linked(spans, schema, link_count) if link_count else []
                name = f"w{words}_r{link_count}_{list_shown}_{len(rounds)}"
                url = make_store(tmp, name, doc, spans, relations)
                cases = run_cases(words, bool(relations), list_shown)
                if case_parts:
                    cases = tuple(c for c in cases if any(part in c for part in case_parts))
                results = asyncio.run(
                    measure(url, schema, args.samples, cases, list_shown, profiler)
                )
                prefix = run_prefix(words, len(relations), list_shown)
                for case, series in results.items():
                    times, cpu = series["wall"], series.get("cpu")
                    rounds.setdefault(f"{prefix} {case}", []).append(
                        {
                            "p50_ms": round(statistics.median(times), 2),
                            "p95_ms": round(pct(times, 0.95), 2),
                            "cpu_p50_ms": round(statistics.median(cpu), 2) if cpu else None,
                            "cpu_p95_ms": round(pct(cpu, 0.95), 2) if cpu else None,
                            "n": len(times),
                            "spans": len(spans),
                            "relations": len(relations),
                            "nested_in_quotes": nested_count(spans),
                            "words": len(doc.text.split()),
                        }
                    )
        for case, runs in rounds.items():
            figures[case] = median_row(runs)
        figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        terminal = real_terminal(tmp, args.tmux_samples, args.tmux_fps)
        if args.startup_docs:
            figures["startup"] = startup(args.startup_docs, Path(tempfile.gettempdir()))
    print(f"headless, key to frame; load average at start {os.getloadavg()[0]:.2f}")
    print(f"{'case':56} {'p50 ms':>7} {'p95 ms':>7} {'cpu p50':>8} {'cpu p95':>8} {'n':>4}")
    for name, row in figures.items():
        if isinstance(row, dict) and "p50_ms" in row:
            cpu50 = "" if row["cpu_p50_ms"] is None else f"{row['cpu_p50_ms']:8.2f}"
            cpu95 = "" if row["cpu_p95_ms"] is None else f"{row['cpu_p95_ms']:8.2f}"
            print(
                f"{name:56} {row['p50_ms']:7.2f} {row['p95_ms']:7.2f} {cpu50:>8} {cpu95:>8} "
                f"{row['n']:4}"
            )
    for name in BASE_CASES:
        small, big = figures.get(f"1000w {name}"), figures.get(f"20000w {name}")
        if not isinstance(small, dict) or not isinstance(big, dict):
            continue  # a subset was run
        ratio = big["p50_ms"] / max(small["p50_ms"], 1e-6)  # type: ignore[index]
        cpu_ratio = big["cpu_p50_ms"] / max(small["cpu_p50_ms"], 1e-6)  # type: ignore[index]
        figures[f"ratio_20k_over_1k {name}"] = round(ratio, 2)
        figures[f"cpu_ratio_20k_over_1k {name}"] = round(cpu_ratio, 2)
        print(f"20k/1k median ratio, {name}: wall {ratio:.2f}, cpu {cpu_ratio:.2f}")
    print_relation_goal(figures)
    print(
        f"peak RSS (latency runs): {figures['peak_rss_mb']} MB; startup: {figures.get('startup')}"
    )
    figures["tmux"] = terminal
    print_terminal(terminal)
    if profiler:
        profiler.dump_stats(args.profile)
        print(f"profile of the timed keys: {args.profile} (python -m pstats {args.profile})")
    print(json.dumps(figures))


def real_terminal(tmp: Path, samples: int, fps_list: str) -> dict[str, object]:
    """Key-to-pane latency in tmux (20,000 words at each fps, 1,000 words at the last one)."""
    why_not = tmux_latency.available() if samples else "skipped (--tmux-samples 0)"
    if why_not:
        return {"skipped": why_not}
    fps_values = [int(v) for v in fps_list.split(",") if v.strip()]
    out: dict[str, object] = {}
    runs = [(20_000, fps) for fps in fps_values] + [(1_000, fps_values[-1])]
    for words, fps in runs:
        doc, spans = annotated(article(words), 100)
        url = make_store(tmp, f"tmux_{words}_{fps}", doc, spans)
        for name, value in tmux_latency.run(url, fps, samples).items():
            key = f"{words}w fps{fps} {name}"
            if name == "in_app":
                out.update(in_app_rows(f"{words}w fps{fps}", value))  # type: ignore[arg-type]
            elif isinstance(value, dict):
                first, last = value["first"], value["last"]
                out[key] = {
                    "first_p50_ms": round(statistics.median(first), 2),
                    "first_p95_ms": round(pct(first, 0.95), 2),
                    "done_p50_ms": round(statistics.median(last), 2),
                    "done_p95_ms": round(pct(last, 0.95), 2),
                    "n": len(first),
                }
            else:
                out[key] = value
    return out


IN_APP_KEYS = {"right": "cursor right", "down": "cursor down", "shift+right": "grow selection"}
IN_APP_KEYS["a"] = "label (journaled)"


def in_app_rows(prefix: str, times: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """The app's own key-to-frame-write time in tmux (from bench/app_probe.py), per case."""
    rows = {}
    for key, name in IN_APP_KEYS.items():
        values = times.get(key)
        if values:
            rows[f"{prefix} in-app {name}"] = {
                "in_app_p50_ms": round(statistics.median(values), 2),
                "in_app_p95_ms": round(pct(values, 0.95), 2),
                "n": len(values),
            }
    return rows


def print_terminal(terminal: dict[str, object]) -> None:
    """The real-terminal table."""
    if "skipped" in terminal:
        print(f"real terminal (tmux): {terminal['skipped']}")
        return
    print("real terminal (tmux control mode): send-keys to first / last %output of the frame")
    print(f"{'case':40} {'first p50':>9} {'first p95':>9} {'done p50':>9} {'done p95':>9} {'n':>4}")
    for name, row in terminal.items():
        if isinstance(row, dict) and "in_app_p50_ms" in row:
            continue
        if isinstance(row, dict):
            print(
                f"{name:40} {row['first_p50_ms']:9.2f} {row['first_p95_ms']:9.2f} "
                f"{row['done_p50_ms']:9.2f} {row['done_p95_ms']:9.2f} {row['n']:4}"
            )
        else:
            print(f"{name:40} {row}")
    print("same runs, inside the app (bench/app_probe.py): key handed to the app to frame written")
    print(f"{'case':40} {'p50 ms':>9} {'p95 ms':>9} {'n':>4}")
    for name, row in terminal.items():
        if isinstance(row, dict) and "in_app_p50_ms" in row:
            print(f"{name:40} {row['in_app_p50_ms']:9.2f} {row['in_app_p95_ms']:9.2f} {row['n']:4}")


if __name__ == "__main__":
    main()
