"""Benchmark the agreement report: 5 annotators x 10,000 documents against a plain counting loop.

Generates documents (~300 tokens, ~15 gold spans incl. QUOTEs with spans inside) and five
annotators who each drop, relabel, shift or invent some spans. Measures in one run: the whole
report (token snapping, exact and overlap P/R/F1 per pair and label, Cohen's kappa per pair and
layer, Krippendorff's alpha per layer, document ranking, confusion, JSON rendering) and a plain
Python loop that only counts exact matching spans per pair and document. Each annotator also
links about half of the neighbouring spans by a relation, marks FIGUREs `approx` or not and picks
a `relevance` document label, so the report's relation, attribute and document-label figures are
timed too. With --store, also the report read back from a SQLite database, as `annotator
agreement` does.
Run: python bench/agreement.py [--docs N] [--annotators K] [--store]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections import namedtuple
from datetime import UTC, datetime
from itertools import combinations, pairwise

import orjson
from rich.console import Console
from rich.table import Table

from annotator.learn.agreement import build_table, compute_agreement
from annotator.learn.structure import keep_versions, pairwise_structure
from annotator.records.models import Annotation, Document, Relation, Span, span_id
from annotator.records.tokenization import text_sha256

WORDS = [
    "the",
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
    "training",
    "for",
    "weeks",
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
]
ENTITY_LABELS = ("ACTOR", "COUNTRY", "FIGURE", "TACTIC")
WHEN = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
# Tokens as plain tuples with the Token fields: building 3 million pydantic tokens would make
# generation, which is not timed, take minutes.
BenchToken = namedtuple("BenchToken", "text start end id ws")


def make_doc(rng: random.Random, n_tokens: int) -> Document:
    """A document of random words with a full stop every dozen tokens."""
    words = [rng.choice(WORDS) if i % 12 else "." for i in range(1, n_tokens + 1)]
    tokens, pos = [], 0
    for i, word in enumerate(words):
        tokens.append(BenchToken(word, pos, pos + len(word), i, True))
        pos += len(word) + 1
    text = " ".join(words)
    digest = text_sha256(text)
    return Document.model_construct(
        doc_id=digest[:16],
        text=text,
        text_sha256=digest,
        meta={},
        tokens=tuple(tokens),
        tokenizer="bench",
    )


def gold_spans(rng: random.Random, n_tokens: int) -> list[tuple[int, int, str]]:
    """About 15 non-overlapping entity spans and one or two QUOTEs that may contain them."""
    spans, pos = [], 0
    while pos < n_tokens - 5:
        pos += rng.randint(4, 30)
        width = rng.randint(0, 3)
        if pos + width < n_tokens:
            spans.append((pos, pos + width, rng.choice(ENTITY_LABELS)))
        pos += width + 1
    for _ in range(rng.randint(1, 2)):
        first = rng.randrange(n_tokens - 25)
        spans.append((first, first + rng.randint(5, 20), "QUOTE"))
    return spans


def annotate(rng: random.Random, gold: list, n_tokens: int) -> list[tuple[int, int, str]]:
    """One annotator's version of the gold spans: some dropped, relabelled, shifted, invented."""
    out = []
    for first, last, label in gold:
        roll = rng.random()
        if roll < 0.08:
            continue
        if roll < 0.12 and label != "QUOTE":
            label = rng.choice(ENTITY_LABELS)
        elif roll < 0.17:
            last = min(n_tokens - 1, last + 1)
        out.append((first, last, label))
    if rng.random() < 0.3:
        first = rng.randrange(n_tokens - 2)
        out.append((first, first + 1, rng.choice(ENTITY_LABELS)))
    return out


def to_annotation(
    doc: Document, name: str, spans: list[tuple[int, int, str]], extra: random.Random
) -> Annotation:
    """An accepted annotation built without validation (the data is right by construction).

    `extra` draws the relations, attributes and document label, apart from the spans' draws.
    """
    built = {}
    for first, last, label in spans:
        start, end = doc.tokens[first].start, doc.tokens[last].end
        attrs = {"approx": extra.random() < 0.5} if label == "FIGURE" else {}
        built[(start, end, label)] = Span.model_construct(
            start=start,
            end=end,
            token_start=first,
            token_end=last,
            label=label,
            text=doc.text[start:end],
            attrs=attrs,
            id=span_id(start, end, label),
        )
    ordered = sorted(built.values(), key=lambda s: s.start)
    relations = tuple(
        Relation.model_construct(head=a.id, child=b.id, label="NEAR", attrs={})
        for a, b in pairwise(ordered)
        if extra.random() < 0.5
    )
    return Annotation.model_construct(
        doc_id=doc.doc_id,
        annotator=name,
        answer="accept",
        spans=tuple(built.values()),
        relations=relations,
        doc_labels={"relevance": (extra.choice(("on-topic", "off-topic")),)},
        schema_="bench@1",
        created_at=WHEN,
        updated_at=WHEN,
        duration_s=0.0,
        revision=1,
        sources=(),
    )


def generate(n_docs: int, n_annotators: int, seed: int = 7) -> list[tuple[Document, Annotation]]:
    """Records in document order, every annotator answering every document."""
    rng = random.Random(seed)
    extra = random.Random(seed + 1)
    names = [f"annotator{i}" for i in range(n_annotators)]
    records = []
    for _ in range(n_docs):
        n_tokens = rng.randint(200, 400)
        doc = make_doc(rng, n_tokens)
        gold = gold_spans(rng, n_tokens)
        records.extend(
            (doc, to_annotation(doc, n, annotate(rng, gold, n_tokens), extra)) for n in names
        )
    return records


def baseline(records: list[tuple[Document, Annotation]]) -> int:
    """The plain loop: per document and pair of annotators, count exactly matching spans."""
    by_doc: dict[str, dict[str, set]] = {}
    for doc, ann in records:
        by_doc.setdefault(doc.doc_id, {})[ann.annotator] = {s.key for s in ann.spans}
    matches = 0
    for versions in by_doc.values():
        for a, b in combinations(sorted(versions), 2):
            matches += len(versions[a] & versions[b])
    return matches


def report(records) -> tuple[dict, float, float, float]:
    """The whole report as JSON-ready data, with the snapping, span metric and structure times."""
    start = time.perf_counter()
    versions: list = []
    table = build_table(keep_versions(records, versions))
    snapped = time.perf_counter()
    data = compute_agreement(table).to_dict()
    spans_done = time.perf_counter()
    data.update(pairwise_structure(versions).to_dict())
    orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
    end = time.perf_counter()
    return data, snapped - start, spans_done - snapped, end - spans_done


def from_store(records) -> tuple[float, float]:
    """Load the records into SQLite, then time reading them back plus the report."""
    from annotator.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{os.path.join(tmp, 'bench.db')}"
        store = open_store(url)
        docs = list({doc.doc_id: doc for doc, _ in records}.values())
        store.add_documents("bench", docs)
        for _, ann in records:
            store.add_annotation("bench", ann)
        start = time.perf_counter()
        loaded = list(store.annotations("bench"))
        read = time.perf_counter() - start
        report(loaded)
        total = time.perf_counter() - start
        store.close()
    return read, total


def main() -> None:
    """Run the benchmark and print a table and one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--annotators", type=int, default=5)
    parser.add_argument("--store", action="store_true", help="also time reading from SQLite")
    args = parser.parse_args()
    records = generate(args.docs, args.annotators)
    spans = sum(len(a.spans) for _, a in records)
    tokens = sum(len(d.tokens) for d, _ in records) // args.annotators

    start = time.perf_counter()
    matches = baseline(records)
    base_s = time.perf_counter() - start
    start = time.perf_counter()
    data, snap_s, metric_s, structure_s = report(records)
    report_s = time.perf_counter() - start
    exact_tp = sum(
        p["exact"]["micro"]["pred"] * (p["exact"]["micro"]["precision"] or 0) for p in data["pairs"]
    )
    # Snapping trims edge punctuation, so the report finds at least the loop's raw matches.
    assert round(exact_tp) >= matches, (exact_tp, matches)
    figures = {
        "bench": "agreement",
        "docs": args.docs,
        "annotators": args.annotators,
        "spans": spans,
        "tokens": tokens,
        "baseline_matches": matches,
        "report_exact_matches": round(exact_tp),
        "baseline_s": round(base_s, 3),
        "report_s": round(report_s, 3),
        "snap_s": round(snap_s, 3),
        "metrics_s": round(metric_s, 3),
        "relations_attrs_doc_labels_s": round(structure_s, 3),
        "relations": sum(len(a.relations) for _, a in records),
        "report_vs_baseline": round(report_s / base_s, 2),
        "goal_s": 10.0,
        "within_goal": report_s < 10.0,
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    if args.store:
        read_s, total_s = from_store(records)
        figures["store_read_s"] = round(read_s, 3)
        figures["store_total_s"] = round(total_s, 3)

    table = Table(title=f"agreement: {args.annotators} annotators x {args.docs:,} documents")
    table.add_column("what")
    table.add_column("seconds", justify="right")
    table.add_column("x baseline", justify="right")
    rows = [
        ("baseline: plain loop counting exact matches", base_s),
        ("whole report (snap + all metrics + JSON)", report_s),
        ("  of which token snapping into arrays", snap_s),
        ("  of which span metrics and ranking", metric_s),
        ("  of which relations, attributes, doc labels, JSON", structure_s),
    ]
    if args.store:
        rows += [
            ("SQLite: read annotations back", figures["store_read_s"]),
            ("SQLite: read + whole report", figures["store_total_s"]),
        ]
    for name, seconds in rows:
        table.add_row(name, f"{seconds:.3f}", f"{seconds / base_s:.2f}")
    Console().print(table)
    print(orjson.dumps(figures).decode())


if __name__ == "__main__":
    main()
