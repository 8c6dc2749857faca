"""Benchmark `annotator import` against the raw spaCy tokenizer on the same texts.

Generates N news-like documents (about 500 words each, Zipf-distributed vocabulary with
punctuation and numbers) as {"text", "meta"} JSONL, then measures in one run: the raw
`nlp.tokenizer.pipe` over the texts in memory (the limit: import must at least tokenize), and
the full import (read, tokenize, dedupe, store, commit) into a fresh SQLite file, and into
PostgreSQL when ANNOTATOR_TEST_PG is set. The same texts with one span each (a Prodigy-style
{"text", "meta", "spans"} line) measure the annotation path: align, validate against the
schema, store a revision. Each import runs in its own process so its peak RSS
is measured; a second import at a quarter of the size shows whether memory stays flat.
Times are CPU seconds of the process doing the work (robust on a shared machine); wall time is
shown too, and is the only fair figure for PostgreSQL, whose work is partly in the server.
Run: python bench/import.py [--docs 20000] [--words 500]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

import orjson

PG_ENV = "ANNOTATOR_TEST_PG"


def make_texts(count: int, words: int, seed: int = 13) -> list[str]:
    """Deterministic news-like texts: Zipfian words, capitals, numbers, commas, full stops."""
    rng = random.Random(seed)
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    vocab = [
        "".join(rng.choice(letters[: 8 + i % 18]) for _ in range(rng.randint(2, 11)))
        for i in range(30_000)
    ]
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    texts = []
    for n in range(count):
        picked = rng.choices(vocab, weights, k=words)
        out = []
        for i, word in enumerate(picked):
            if i % 17 == 0:
                word = word.capitalize()
            if i % 41 == 7:
                word = f"{rng.randint(2, 99_999):,}"
            if i % 13 == 12:
                word += ","
            if i % 23 == 22:
                word += "."
            out.append(word)
        texts.append(f"Report {n}. " + " ".join(out))
    return texts


def write_jsonl(texts: list[str], path: Path, with_span: bool = False) -> None:
    """Write the texts as {"text", "meta"} lines, with one ACTOR span ('Report') if asked."""
    span = [{"start": 0, "end": len("Report"), "label": "ACTOR"}]
    with path.open("wb") as handle:
        for i, text in enumerate(texts):
            line = {"text": text, "meta": {"id": i}} | ({"spans": span} if with_span else {})
            handle.write(orjson.dumps(line) + b"\n")


def raw_tokenizer_seconds(texts: list[str]) -> tuple[float, int]:
    """Time `nlp.tokenizer.pipe` over the texts; return seconds and tokens."""
    from annotator.records.tokenization import blank_pipeline

    nlp = blank_pipeline("en")
    start = time.process_time()
    tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=256))
    return time.process_time() - start, tokens


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM; ru_maxrss would carry the parent's peak across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _import_child(url: str, path: str, out) -> None:
    """Import one file into a fresh store (in a child process) and report time and peak RSS."""
    from annotator.importing.run import import_paths
    from annotator.schema.model import default_schema_path, load_schema
    from annotator.store import open_store

    schema = load_schema(default_schema_path())
    from annotator.records.tokenization import blank_pipeline

    blank_pipeline("en")
    store = open_store(url)
    wall, cpu = time.perf_counter(), time.process_time()
    summary = import_paths(store, "bench", [Path(path)], schema=schema)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    store.close()
    peak_mb = peak_rss_mb()
    out.put((cpu, wall, summary.added, summary.skipped, peak_mb, summary.annotations))


def run_import(url: str, path: Path) -> tuple[float, float, int, int, float, int]:
    """Run one import in a spawned process."""
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=_import_child, args=(url, str(path), out))
    proc.start()
    result = out.get()
    proc.join()
    return result


def drop_schema(dsn: str, schema: str) -> None:
    """Remove the bench's PostgreSQL schema."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def main() -> None:
    """Generate, measure, print a table and one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--words", type=int, default=500)
    args = parser.parse_args()
    texts = make_texts(args.docs, args.words)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        full, quarter = folder / "full.jsonl", folder / "quarter.jsonl"
        spans = folder / "spans.jsonl"
        write_jsonl(texts, full)
        write_jsonl(texts, spans, with_span=True)
        write_jsonl(texts[: max(1, args.docs // 4)], quarter)
        raw_s, tokens = raw_tokenizer_seconds(texts)
        del texts
        rows = [("raw nlp.tokenizer.pipe (CPU s)", raw_s, None)]
        sqlite_s, sqlite_wall, added, skipped, peak, _ = run_import(
            f"sqlite:///{folder / 'b.db'}", full
        )
        assert added == args.docs and skipped == 0, (added, skipped)
        *_, peak_quarter, _ = run_import(f"sqlite:///{folder / 'q.db'}", quarter)
        spans_s, spans_wall, added, skipped, spans_peak, stored = run_import(
            f"sqlite:///{folder / 's.db'}", spans
        )
        assert stored == args.docs and skipped == 0, (stored, skipped)
        rows.append(("import -> SQLite (CPU s)", sqlite_s, peak))
        rows.append(("import -> SQLite (wall s)", sqlite_wall, peak))
        rows.append(("import + 1 span/doc (CPU s)", spans_s, spans_peak))
        figures = {
            "docs": args.docs,
            "words_per_doc": args.words,
            "tokens": tokens,
            "input_mb": round(full.stat().st_size / 1e6, 1),
            "raw_tokenizer_s": round(raw_s, 2),
            "sqlite_import_cpu_s": round(sqlite_s, 2),
            "sqlite_import_wall_s": round(sqlite_wall, 2),
            "sqlite_ratio": round(raw_s / sqlite_s, 3),
            "sqlite_spans_import_cpu_s": round(spans_s, 2),
            "sqlite_spans_import_wall_s": round(spans_wall, 2),
            "sqlite_spans_ratio": round(raw_s / spans_s, 3),
            "sqlite_spans_peak_rss_mb": round(spans_peak, 1),
            "sqlite_peak_rss_mb": round(peak, 1),
            "sqlite_peak_rss_mb_quarter_input": round(peak_quarter, 1),
            "db_mb": round((folder / "b.db").stat().st_size / 1e6, 1),
        }
        dsn = os.environ.get(PG_ENV)
        if dsn:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            try:
                pg_cpu, pg_s, _, _, pg_peak, _ = run_import(f"{dsn}?schema={schema}", full)
            finally:
                drop_schema(dsn, schema)
            rows.append(("import -> PostgreSQL (wall s)", pg_s, pg_peak))
            figures |= {
                "pg_import_wall_s": round(pg_s, 2),
                "pg_client_cpu_s": round(pg_cpu, 2),
                "pg_ratio_wall": round(raw_s / pg_s, 3),
                "pg_peak_rss_mb": round(pg_peak, 1),
            }
    print(f"{'path':<32}{'seconds':>10}{'docs/s':>10}{'x raw':>8}{'peak MB':>10}")
    for name, seconds, peak in rows:
        rate = args.docs / seconds
        peak_text = f"{peak:.0f}" if peak else "-"
        print(f"{name:<32}{seconds:>10.2f}{rate:>10.0f}{raw_s / seconds:>8.2f}{peak_text:>10}")
    print(
        f"goal: import >= 0.7x the raw tokenizer rate on SQLite -> {figures['sqlite_ratio']:.2f}x"
        f" (with spans {figures['sqlite_spans_ratio']:.2f}x)",
        file=sys.stderr,
    )
    print(orjson.dumps(figures).decode())


if __name__ == "__main__":
    main()
