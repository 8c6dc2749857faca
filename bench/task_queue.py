"""Benchmark the task queue and the edit journal against the cost of one bare committed write.

Builds a dataset of N short documents with M answered (overlap 1), then measures in one run:
`next_task` latency for fresh annotators (each call scans past the answered documents and the
claims handed out so far, then commits a claim), and the journal's committed append rate. The
baseline is one single-row INSERT committed with the same connection settings: the floor any
durable write pays. SQLite always; PostgreSQL too when ANNOTATOR_TEST_PG is set. (Not named
queue.py: a script there would shadow the stdlib `queue` for every script in bench/.)
Run: python bench/task_queue.py [--docs 100000] [--answers 10000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import orjson

from annotator.records.models import Annotation
from annotator.records.tokenization import token_table_many, tokenizer_id
from annotator.store import DocumentParts, open_store

PG_ENV = "ANNOTATOR_TEST_PG"


def fill(store, docs: int, answers: int) -> list[str]:
    """Add `docs` short documents and answer the first `answers` of them."""
    tokenizer = tokenizer_id()

    def text(i: int) -> str:
        return f"Report {i}: {i % 97} foreign nationals were captured."

    tables = token_table_many(text(i) for i in range(docs))
    parts = (DocumentParts.of(text(i), {}, tokenizer, table) for i, table in enumerate(tables))
    store.add_documents("bench", parts)
    ids = store.document_ids("bench")
    now = datetime.now(UTC)
    stamp = {"schema": "foreign-fighters@1.0.0", "created_at": now, "updated_at": now}
    batch = [
        Annotation(doc_id=d, annotator=f"old{i % 20}", answer="accept", **stamp)
        for i, d in enumerate(ids[:answers])
    ]
    for i in range(0, len(batch), 2000):
        store.add_annotations("bench", batch[i : i + 2000])
    return ids


def bare_write(store, i: int) -> float:
    """Milliseconds of one committed single-row INSERT (the durable-write floor)."""
    start = time.perf_counter()
    with store._write():
        store._exec(
            "INSERT INTO meta (key, value) VALUES (?, ?)", (f"bench-{uuid.uuid4().hex}", str(i))
        )
    return (time.perf_counter() - start) * 1000


def next_task_ms(store, rounds: int) -> tuple[list[float], list[float]]:
    """Milliseconds of next_task for fresh annotators, interleaved with bare writes."""
    tasks, bare = [], []
    for i in range(rounds):
        bare.append(bare_write(store, i))
        start = time.perf_counter()
        task = store.queue.next_task("bench", f"fresh{i}", overlap=1, claim_seconds=3600)
        tasks.append((time.perf_counter() - start) * 1000)
        assert task is not None
    return sorted(tasks), sorted(bare)


def journal_rate(store, doc_id: str, edits: int) -> float:
    """Committed journal appends per second."""
    start = time.perf_counter()
    for i in range(edits):
        store.append_edit("bench", doc_id, "typist", {"op": "add", "start": i, "end": i + 3})
    return edits / (time.perf_counter() - start)


def measure(url: str, docs: int, answers: int, rounds: int, edits: int) -> dict[str, float]:
    """Fill a fresh store at `url` and take every measurement."""
    store = open_store(url)
    try:
        started = time.perf_counter()
        ids = fill(store, docs, answers)
        build_s = time.perf_counter() - started
        if store.backend == "sqlite":
            store._exec("PRAGMA wal_checkpoint(TRUNCATE)")
        tasks, bare = next_task_ms(store, rounds)
        rate = journal_rate(store, ids[-1], edits)
        bare_start = time.perf_counter()
        for i in range(edits):
            bare_write(store, rounds + i)
        bare_rate = edits / (time.perf_counter() - bare_start)
    finally:
        store.close()
    median, base = statistics.median(tasks), statistics.median(bare)
    return {
        "build_s": round(build_s, 1),
        "baseline_write_ms": round(base, 3),
        "next_task_median_ms": round(median, 3),
        "next_task_p95_ms": round(tasks[int(len(tasks) * 0.95)], 3),
        "next_task_x_baseline": round(median / base, 2),
        "journal_edits_per_s": round(rate),
        "baseline_writes_per_s": round(bare_rate),
        "journal_x_baseline": round(rate / bare_rate, 2),
    }


def main() -> None:
    """Measure, print a table and one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=300, help="next_task calls to time")
    parser.add_argument("--edits", type=int, default=2_000, help="journal appends to time")
    args = parser.parse_args()
    sizes = (args.docs, args.answers, args.rounds, args.edits)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        results["sqlite"] = measure(f"sqlite:///{Path(scratch) / 'q.db'}", *sizes)
    dsn = os.environ.get(PG_ENV)
    if dsn:
        import psycopg

        schema = f"benchq_{uuid.uuid4().hex[:8]}"
        try:
            results["postgresql"] = measure(f"{dsn}?schema={schema}", *sizes)
        finally:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    print(f"{args.docs:,} documents, {args.answers:,} answered, {args.rounds} next_task calls")
    keys = list(next(iter(results.values())))
    print(f"{'figure':<24}" + "".join(f"{name:>14}" for name in results))
    for key in keys:
        print(f"{key:<24}" + "".join(f"{r[key]:>14}" for r in results.values()))
    print("goals: next_task median < 5 ms, journal >= 1,000 committed edits/s (SQLite)")
    print(orjson.dumps({"docs": args.docs, "answers": args.answers, **results}).decode())


if __name__ == "__main__":
    main()
