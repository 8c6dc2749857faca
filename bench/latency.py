"""Key-to-frame latency of the annotation screen on a 1,000- vs 20,000-word article; startup; memory.

Latency is measured from handing a key event to the driver to the end of the next screen update
(the compositor's update rendered to terminal bytes), headless. The 1,000-word article is the
baseline: the 20,000-word median should stay within 1.5x of it (cost follows the viewport).
The 20,000-word article is run again with 500 relations between its spans (goal: p95 <= 8 ms),
against the same article without them in the same run.
A second table times the same keys in a real terminal (tmux, see bench/tmux_latency.py) at
the TEXTUAL_FPS values given, with the app's idle CPU and its lag after a fast key burst.
Run: python bench/latency.py [--samples 300] [--startup-docs 100000] [--tmux-samples 60]
"""

from __future__ import annotations

import argparse
import asyncio
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
    """Up to `count` relations the schema allows, each span linked to a later neighbour."""
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
        if len(out) >= count:
            break
    return out


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


async def measure(url: str, schema, samples: int) -> dict[str, dict[str, list[float]]]:
    """Press keys one at a time; wall and CPU ms of each, from posting to the end of its frame.

    CPU time (of the thread running the app) is shown next to wall time because this machine is
    shared: wall time includes waiting for a core, CPU time is the work the key cost us.
    """
    store = open_store(url)
    flow = TaskFlow(store, "bench", "bench", schema)
    app = AnnotatorApp(flow, build_keymap(schema))
    frame_done = asyncio.Event()
    original = app._display

    def display(screen, update) -> None:
        original(screen, update)
        if update is not None:
            update.render_segments(app.console)  # the bytes a terminal would receive
            frame_done.set()

    app._display = display  # type: ignore[method-assign]
    commits: list[float] = []
    record = flow.record

    def timed_record(op):
        started = time.perf_counter()
        try:
            return record(op)
        finally:
            commits.append((time.perf_counter() - started) * 1000)

    flow.record = timed_record  # type: ignore[method-assign]
    results: dict[str, dict[str, list[float]]] = {}
    skipped: dict[str, int] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        (doc_id,) = store.document_ids("bench")
        screen.show_document(flow.open(doc_id))  # answered before, so not in the queue
        await pilot.pause(0.3)
        for name in CASES:
            times: list[float] = []
            cpu: list[float] = []
            count = samples if "label" not in name else max(40, samples // 5)
            going_down = True
            for _ in range(count):
                session = screen.session
                if name == "cursor right":
                    key = "right"
                elif name == "focus next span":
                    key = "tab"
                elif name == "grow selection":
                    key = "shift+right"
                elif name == "cursor down":
                    row = screen.view.row_of(session.cursor)
                    last_row = len(screen.view.layout_.rows) - 1
                    going_down = (going_down or row == 0) and row < last_row
                    key = "down" if going_down else "up"  # down to the end, then back up
                else:
                    key = "a"
                    await pilot.press("e")  # select the next unlabelled name or number first
                    await pilot.pause(0.2)
                frame_done.clear()
                commits.clear()
                start = time.perf_counter()
                start_cpu = time.thread_time()
                app._driver.send_message(events.Key(key, None))
                try:
                    await asyncio.wait_for(frame_done.wait(), 0.5)
                except TimeoutError:
                    skipped[name] = skipped.get(name, 0) + 1  # the key changed nothing on screen
                    continue
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.thread_time() - start_cpu) * 1000)
                if commits:
                    minus = results.setdefault(f"{name} minus journal commit", {"wall": []})
                    minus["wall"].append(times[-1] - sum(commits))
                    results.setdefault("journal commit alone", {"wall": []})["wall"].append(
                        sum(commits)
                    )
                await pilot.pause(0.2 if "label" in name else 0.005)
            results[name] = {"wall": times, "cpu": cpu}
            await pilot.press("escape")
            session = screen.session
            session.moves.doc_start()
            screen._marks()
            await pilot.pause(0.05)
    store.close()
    if skipped:
        print(f"keys that drew no frame (not timed): {skipped}")
    return results


CASES = ("cursor right", "cursor down", "grow selection", "focus next span", "label (journaled)")


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
    args = parser.parse_args()
    schema = load_schema(default_schema_path())
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for words, link_count in ((1_000, 0), (20_000, 0), (20_000, 500)):
            doc, spans = annotated(article(words), 100)
            relations = linked(spans, schema, link_count) if link_count else []
            url = make_store(tmp, f"w{words}_r{link_count}", doc, spans, relations)
            results = asyncio.run(measure(url, schema, args.samples))
            prefix = f"{words}w" + (f"+{len(relations)}rel" if relations else "")
            for name, series in results.items():
                times, cpu = series["wall"], series.get("cpu")
                figures[f"{prefix} {name}"] = {
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
        figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        terminal = real_terminal(tmp, args.tmux_samples, args.tmux_fps)
        if args.startup_docs:
            figures["startup"] = startup(args.startup_docs, Path(tempfile.gettempdir()))
    print(f"headless, key to frame; load average at start {os.getloadavg()[0]:.2f}")
    print(f"{'case':46} {'p50 ms':>7} {'p95 ms':>7} {'cpu p50':>8} {'cpu p95':>8} {'n':>4}")
    for name, row in figures.items():
        if isinstance(row, dict) and "p50_ms" in row:
            cpu50 = "" if row["cpu_p50_ms"] is None else f"{row['cpu_p50_ms']:8.2f}"
            cpu95 = "" if row["cpu_p95_ms"] is None else f"{row['cpu_p95_ms']:8.2f}"
            print(
                f"{name:46} {row['p50_ms']:7.2f} {row['p95_ms']:7.2f} {cpu50:>8} {cpu95:>8} "
                f"{row['n']:4}"
            )
    for name in CASES:
        small, big = figures[f"1000w {name}"], figures[f"20000w {name}"]
        ratio = big["p50_ms"] / max(small["p50_ms"], 1e-6)  # type: ignore[index]
        cpu_ratio = big["cpu_p50_ms"] / max(small["cpu_p50_ms"], 1e-6)  # type: ignore[index]
        figures[f"ratio_20k_over_1k {name}"] = round(ratio, 2)
        figures[f"cpu_ratio_20k_over_1k {name}"] = round(cpu_ratio, 2)
        print(f"20k/1k median ratio, {name}: wall {ratio:.2f}, cpu {cpu_ratio:.2f}")
    for name in CASES:
        plain = figures[f"20000w {name}"]
        linked_row = next(v for k, v in figures.items() if k.endswith(f"rel {name}"))
        goal = "ok" if linked_row["p95_ms"] <= 8 else "OVER the 8 ms goal"  # type: ignore[index]
        print(
            f"20k with {linked_row['relations']} relations, {name}: "  # type: ignore[index]
            f"p95 {linked_row['p95_ms']:.2f} ms vs {plain['p95_ms']:.2f} without ({goal})"  # type: ignore[index]
        )
    print(
        f"peak RSS (latency runs): {figures['peak_rss_mb']} MB; startup: {figures.get('startup')}"
    )
    figures["tmux"] = terminal
    print_terminal(terminal)
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
