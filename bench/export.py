"""Benchmark exports: canonical JSONL against raw orjson.dumps of the same records, other formats.

Builds a pool of distinct annotated news documents (tokenized with text.py, 40-120 tokens, a
few spans, some nested in QUOTEs) and streams it round-robin as N (document, annotation) pairs,
the shape a store streams. Measured in one run, to the same disk, wall time (CPU time beside it):
- limit: orjson.dumps of each record's canonical dict (prepared beforehand) written as JSONL;
- jsonl: the full export (merge, split, build + validate each record, schema check, write,
  manifest with checksums) into an empty folder; after one untimed warm-up of each at a tenth
  of the size, limit and jsonl alternate for --rounds rounds (7 by default), each after an
  os.sync() so that neither pays for the other's pending writeback, taking turns to go first,
  medians reported;
- jsonl --force: the same export replacing the previous one in its folder, which first checks
  the sha256 of every file it replaces (one untimed export, then one timed);
- store: the same export read from a SQLite store of --store-docs distinct documents made by
  the same generator, documents read as views with flat tokens (what `annotator export` does),
  against the limit rate above;
- every other format at a smaller size.
Peak RSS of a jsonl export (VmHWM, reset just before the export) is measured in subprocesses
at two sizes, from memory and from a SQLite store, to show memory is flat in corpus size.
Run: python bench/export.py [--docs 100000] [--other-docs 10000] [--store-docs 20000]
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds scripts whose names shadow stdlib modules (queue.py): keep it off the import path.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator

import orjson

from annotator.exporting import ExportOptions, parse_split_spec, run_export
from annotator.exporting.run import build_record
from annotator.formats import load_all
from annotator.records.models import Annotation, Document, make_document, make_span, now_utc
from annotator.records.tokenization import tokenize_many, tokenizer_id
from annotator.schema.model import default_schema_path, load_schema

POOL = 2000
FILLER = [
    "officials",
    "said",
    "that",
    "recruits",
    "were",
    "sent",
    "to",
    "the",
    "front",
    "after",
    "weeks",
    "of",
    "training",
    "while",
    "families",
    "asked",
    "for",
    "news",
    "and",
    "lawyers",
    "filed",
    "complaints",
    "about",
    "contracts",
    "signed",
    "in",
    "a",
    "language",
    "they",
    "could",
    "not",
    "read",
]
COUNTRIES = ["Kenya", "Nepal", "India", "Cuba", "Iraq", "Ghana", "Peru", "Oman"]
ACTORS = ["President William Ruto", "Defense Intelligence", "Foreign Ministry"]


def _text(rng: random.Random, i: int) -> tuple[str, list[tuple[str, str]]]:
    """One article-like text and the (substring, label) spans to mark in it."""
    country = rng.choice(COUNTRIES)
    actor = rng.choice(ACTORS)
    figure = f"at least {rng.randint(2, 9000)}"
    words = " ".join(rng.choices(FILLER, k=rng.randint(25, 100)))
    quote = f"we were told {rng.choice(FILLER)} {rng.choice(FILLER)} in {country}"
    text = (
        f"{actor} said {figure} men from {country} were recruited by Russia. {words}.\n"
        f"“{quote}”, a relative said in report {i}."
    )
    spans = [(figure, "FIGURE"), (country, "COUNTRY"), ("Russia", "COUNTRY"), (quote, "QUOTE")]
    spans.append((actor, "ACTOR"))
    return text, spans


def build_pool(schema_ref: str, size: int = POOL) -> list[tuple[Document, Annotation]]:
    """Distinct annotated documents (to stream round-robin, or to load into a store)."""
    rng = random.Random(7)
    items = [_text(rng, i) for i in range(size)]
    when = now_utc()
    pool = []
    for (text, marks), tokens in zip(items, tokenize_many(t for t, _ in items), strict=True):
        doc = make_document(text, tokens, tokenizer_id(), {"source": "bench"})
        spans = []
        for needle, label in marks:
            start = text.index(needle)
            spans.append(make_span(doc, start, start + len(needle), label))
        spans.sort(key=lambda s: (s.start, -s.end))
        ann = Annotation(
            doc_id=doc.doc_id,
            annotator="bench",
            answer="accept",
            spans=tuple(spans),
            schema=schema_ref,
            created_at=when,
            updated_at=when,
        )
        pool.append((doc, ann))
    return pool


def stream(pool: list, count: int) -> Iterator[tuple[Document, Annotation]]:
    """`count` pairs, cycling the pool."""
    return (pool[i % len(pool)] for i in range(count))


def timed(run) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def limit_run(pool: list, count: int, folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds to orjson.dumps the prepared canonical dicts and write them as JSONL."""
    dicts = [build_record(d, a, []).to_json_dict() for d, a in pool]

    def write() -> None:
        with (folder / "raw.jsonl").open("wb") as handle:
            for i in range(count):
                handle.write(orjson.dumps(dicts[i % len(dicts)]) + b"\n")

    return timed(write)


def export_run(
    source, fmt: str, folder: Path, split: str | None, name: str | None = None
) -> tuple[float, float]:
    """Wall and CPU seconds for a full export of the pairs `source()` gives, in a format, into
    `folder/name` (replacing a previous export there: start from a fresh name to time a plain
    export)."""
    schema = load_schema(default_schema_path())
    options = ExportOptions(
        format=fmt,
        out_dir=folder / (name or fmt),
        schema=schema,
        plan=parse_split_spec(split, 1),
        force=True,
    )
    return timed(lambda: run_export(source, options))


def fresh_export_run(pool: list, count: int, folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of a jsonl export of `count` pairs into an empty folder (removed
    afterwards, untimed)."""
    out = Path(tempfile.mkdtemp(dir=folder))
    try:
        return export_run(lambda: stream(pool, count), "jsonl", out, None)
    finally:
        shutil.rmtree(out)


def fill_store(url: str, pool: list, datasets: dict[str, int]) -> None:
    """Load the first n pairs of the pool into each named dataset of a SQLite store."""
    from annotator.store import open_store

    store = open_store(url)
    for dataset, n in datasets.items():
        store.add_documents(dataset, (doc for doc, _ in pool[:n]))
        store.add_annotations(dataset, (ann for _, ann in pool[:n]))
    store.close()


def store_export(url: str, dataset: str, folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds to export a dataset of a SQLite store as jsonl."""
    from annotator.store import open_store

    store = open_store(url)
    try:
        return export_run(
            lambda keep=None: store.annotations(dataset, ("accept",), keep=keep, views=True),
            "jsonl",
            folder,
            None,
        )
    finally:
        store.close()


def _status_mb(field: str) -> float:
    """A VmXXX figure of /proc/self/status in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(count: int, url: str | None) -> None:
    """Subprocess body: export `count` pairs as jsonl; print RSS before and peak RSS during, MB."""
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        if url is None:
            pool = build_pool(load_schema(default_schema_path()).ref)
            source = lambda: stream(pool, count)  # noqa: E731
        else:
            from annotator.store import open_store

            store = open_store(url)
            source = lambda: store.annotations(f"n{count}", ("accept",), views=True)  # noqa: E731
        before = _status_mb("VmRSS")
        Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
        export_run(source, "jsonl", Path(tmp), None)
        print(before, _status_mb("VmHWM"))


def peak_rss(count: int, url: str | None = None) -> tuple[float, float]:
    """(RSS before, peak RSS during) in MB of a subprocess exporting `count` pairs."""
    extra = ["--child-store", url] if url else []
    out = subprocess.run(
        [sys.executable, "-P", __file__, "--child", str(count), *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    before, peak = out.stdout.strip().splitlines()[-1].split()
    return float(before), float(peak)


def main() -> None:
    """Run every measurement, print a table, end with one JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--other-docs", type=int, default=10_000)
    parser.add_argument("--store-docs", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--child", type=int, default=None)
    parser.add_argument("--child-store", default=None)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.child_store)
        return
    schema = load_schema(default_schema_path())
    pool = build_pool(schema.ref)
    rows: dict[str, tuple[float, float, int]] = {}
    ratios: list[float] = []
    cpu_ratios: list[float] = []
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        folder = Path(tmp)
        limits, exports = [], []
        warmup = max(1000, args.docs // 10)  # untimed: imports, the gazetteer, first allocations
        limit_run(pool, warmup, folder)
        fresh_export_run(pool, warmup, folder)
        for round_number in range(args.rounds):
            # each timed run starts without the previous one's writeback pending, and the two
            # take turns going first, so neither always runs on the warmer (or busier) machine
            runs = [
                lambda: limits.append(limit_run(pool, args.docs, folder)),
                lambda: exports.append(fresh_export_run(pool, args.docs, folder)),
            ]
            for run in runs[:: 1 if round_number % 2 == 0 else -1]:
                os.sync()
                run()
            ratios.append(limits[-1][0] / exports[-1][0])
            cpu_ratios.append(limits[-1][1] / exports[-1][1])
        for name, runs in (("limit", limits), ("jsonl", exports)):
            wall = statistics.median(w for w, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            rows[name] = (wall, cpu, args.docs)
        export_run(lambda: stream(pool, args.docs), "jsonl", folder, None, "replaced")
        os.sync()
        rows["jsonl forced"] = (
            *export_run(lambda: stream(pool, args.docs), "jsonl", folder, None, "replaced"),
            args.docs,
        )
        shutil.rmtree(folder / "replaced")
        small_store = max(1000, args.store_docs // 10)
        url = f"sqlite:///{folder / 'bench.db'}"
        if args.store_docs:
            store_pool = build_pool(schema.ref, args.store_docs)
            datasets = {f"n{small_store}": small_store, f"n{args.store_docs}": args.store_docs}
            fill_store(url, store_pool, datasets)
            del store_pool
            wall, cpu = store_export(url, f"n{args.store_docs}", folder)
            rows["jsonl from SQLite"] = (wall, cpu, args.store_docs)
        for fmt in sorted(load_all()):
            if fmt == "jsonl" or load_all()[fmt].writer is None:
                continue
            wall, cpu = export_run(
                lambda: stream(pool, args.other_docs), fmt, folder, "train=0.8,dev=0.1,test=0.1"
            )
            rows[fmt] = (wall, cpu, args.other_docs)
        small = max(1000, args.docs // 10)
        memory = {"memory": (peak_rss(small), peak_rss(args.docs))}
        if args.store_docs:
            memory["SQLite"] = (peak_rss(small_store, url), peak_rss(args.store_docs, url))
    limit_rate = args.docs / rows["limit"][0]
    print(f"{'measure':<22}{'docs':>9}{'docs/s wall':>13}{'x limit':>9}{'docs/s CPU':>12}")
    for name, (wall, cpu, count) in rows.items():
        rate = count / wall
        print(f"{name:<22}{count:>9,}{rate:>13,.0f}{rate / limit_rate:>9.3f}{count / cpu:>12,.0f}")
    sizes = {"memory": (small, args.docs), "SQLite": (small_store, args.store_docs)}
    for where, ((b1, p1), (b2, p2)) in memory.items():
        n1, n2 = sizes[where]
        print(
            f"jsonl export from {where}: RSS before -> peak during: {b1:.0f} -> {p1:.0f} MB at "
            f"{n1:,} docs, {b2:.0f} -> {p2:.0f} MB at {n2:,}"
        )
    figures = {
        "docs": args.docs,
        "other_docs": args.other_docs,
        "store_docs": args.store_docs,
        "timing": "wall (median of rounds for limit and jsonl)",
        **{f"{k.replace(' ', '_')}_docs_per_s": round(c / w) for k, (w, _, c) in rows.items()},
        **{f"{k.replace(' ', '_')}_cpu_docs_per_s": round(c / u) for k, (_, u, c) in rows.items()},
        "jsonl_vs_limit": round(rows["limit"][0] / rows["jsonl"][0], 3),
        "jsonl_vs_limit_rounds": [round(r, 3) for r in ratios],
        "jsonl_vs_limit_cpu": round(rows["limit"][1] / rows["jsonl"][1], 3),
        "jsonl_vs_limit_cpu_rounds": [round(r, 3) for r in cpu_ratios],
        "force_jsonl_vs_limit_cpu": round(rows["limit"][1] / rows["jsonl forced"][1], 3),
        "goal_jsonl_vs_limit": 0.5,
        **{
            f"{key}_{where}": round(value)
            for where, ((b1, p1), (b2, p2)) in memory.items()
            for key, value in (
                ("rss_mb_before_small", b1),
                ("rss_mb_peak_small", p1),
                ("rss_mb_before_large", b2),
                ("rss_mb_peak_large", p2),
            )
        },
        "rss_docs_small": small,
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    if args.store_docs:
        figures["store_jsonl_vs_limit"] = round(
            args.store_docs / rows["jsonl from SQLite"][0] / limit_rate, 3
        )
    print(orjson.dumps(figures).decode())


if __name__ == "__main__":
    main()
