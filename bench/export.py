"""Benchmark exports: canonical JSONL against raw orjson.dumps of the same records, other formats.

Builds a pool of distinct annotated news documents (tokenized with text.py, 40-120 tokens, a
few spans, some nested in QUOTEs) and streams it round-robin as N (document, annotation) pairs,
the shape a store streams. Measured in one run, to the same disk:
- limit: orjson.dumps of each record's canonical dict (prepared beforehand) written as JSONL;
- jsonl: the full export (merge, split, build + validate each record, schema check, write,
  manifest with checksums);
- every other format at a smaller size.
Peak RSS of a jsonl export is measured in subprocesses at two sizes to show memory is flat.
Run: python bench/export.py [--docs 100000] [--other-docs 10000]
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds scripts whose names shadow stdlib modules (queue.py): keep it off the import path.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import random
import resource
import subprocess
import tempfile
import time
from collections.abc import Iterator

import orjson

from annotator.exporting import ExportOptions, parse_split_spec, run_export
from annotator.exporting.run import build_record
from annotator.formats import load_all
from annotator.records import Annotation, Document, make_document, make_span, now_utc
from annotator.schema import default_schema_path, load_schema
from annotator.text import tokenize_many, tokenizer_id

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


def build_pool(schema_ref: str) -> list[tuple[Document, Annotation]]:
    """Distinct annotated documents to stream round-robin."""
    rng = random.Random(7)
    items = [_text(rng, i) for i in range(POOL)]
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


def limit_run(pool: list, count: int, folder: Path) -> float:
    """Seconds to orjson.dumps the prepared canonical dicts and write them as JSONL."""
    dicts = [build_record(d, a, []).to_json_dict() for d, a in pool]
    start = time.perf_counter()
    with (folder / "raw.jsonl").open("wb") as handle:
        for i in range(count):
            handle.write(orjson.dumps(dicts[i % len(dicts)]) + b"\n")
    return time.perf_counter() - start


def export_run(pool: list, count: int, fmt: str, folder: Path, split: str | None) -> float:
    """Seconds for a full export of `count` pairs in a format."""
    schema = load_schema(default_schema_path())
    options = ExportOptions(
        format=fmt, out_dir=folder / fmt, schema=schema, plan=parse_split_spec(split, 1)
    )
    start = time.perf_counter()
    run_export(lambda: stream(pool, count), options)
    return time.perf_counter() - start


def child(count: int) -> None:
    """Subprocess body: export `count` pairs as jsonl and print peak RSS in MB."""
    pool = build_pool(load_schema(default_schema_path()).ref)
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        export_run(pool, count, "jsonl", Path(tmp), None)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def peak_rss(count: int) -> float:
    """Peak RSS (MB) of a subprocess exporting `count` pairs."""
    out = subprocess.run(
        [sys.executable, "-P", __file__, "--child", str(count)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Run every measurement, print a table, end with one JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--other-docs", type=int, default=10_000)
    parser.add_argument("--child", type=int, default=None)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    schema = load_schema(default_schema_path())
    pool = build_pool(schema.ref)
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        folder = Path(tmp)
        limit = limit_run(pool, args.docs, folder)
        jsonl = export_run(pool, args.docs, "jsonl", folder, None)
        results["limit_docs_per_s"] = args.docs / limit
        results["jsonl_docs_per_s"] = args.docs / jsonl
        for fmt in sorted(load_all()):
            if fmt == "jsonl" or load_all()[fmt].writer is None:
                continue
            seconds = export_run(pool, args.other_docs, fmt, folder, "train=0.8,dev=0.1,test=0.1")
            results[f"{fmt}_docs_per_s"] = args.other_docs / seconds
    small = max(1000, args.docs // 10)
    rss_small, rss_large = peak_rss(small), peak_rss(args.docs)
    ratio = results["jsonl_docs_per_s"] / results["limit_docs_per_s"]
    print(f"{'measure':<28}{'docs/s':>12}{'x limit':>10}")
    for name, rate in results.items():
        print(f"{name:<28}{rate:>12,.0f}{rate / results['limit_docs_per_s']:>10.3f}")
    print(
        f"peak RSS jsonl export: {rss_small:.0f} MB at {small:,} docs, {rss_large:.0f} MB at {args.docs:,}"
    )
    figures = {
        "docs": args.docs,
        "other_docs": args.other_docs,
        **{k: round(v) for k, v in results.items()},
        "jsonl_vs_limit": round(ratio, 3),
        "goal_jsonl_vs_limit": 0.5,
        "rss_mb_small": round(rss_small),
        "rss_mb_large": round(rss_large),
        "rss_docs_small": small,
    }
    print(orjson.dumps(figures).decode())


if __name__ == "__main__":
    main()
