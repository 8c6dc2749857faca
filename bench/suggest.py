"""Benchmark the patterns suggester: quality against gold files, throughput against the tokenizer.

Quality: per-label precision/recall/F1 (exact and token-overlap match) of `patterns` suggestions
against canonical JSONL gold files. By default both the sample corpus (the seed article) and the
held-out file (tests/suggest/data/heldout_news.jsonl: news written apart from the patterns, to show
whether they generalise). Goals on the sample: F1 >= 0.9 for COUNTRY, FIGURE and QUOTE, >= 0.6 for
ACTOR and TACTIC.
Throughput: generated news documents (four sentences each) run through the raw spaCy tokenizer
(`nlp.tokenizer.pipe`, the baseline) and through the suggester, in the same run, as CPU seconds.
Run: python bench/suggest.py [--gold FILE.jsonl ...] [--docs 20000] (--docs 0 skips throughput)
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from annotator.bundled import DEFAULT_SCHEMA, SAMPLE_CORPUS
from annotator.learn.evaluate import evaluate_pairs, read_annotated, suggested_spans
from annotator.learn.synthetic import generate_texts
from annotator.records.models import make_document
from annotator.records.tokenization import blank_pipeline, tokenize_many, tokenizer_id
from annotator.schema.model import load_schema
from annotator.suggest import get_suggester

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"COUNTRY": 0.9, "FIGURE": 0.9, "QUOTE": 0.9, "ACTOR": 0.6, "TACTIC": 0.6}
DEFAULT_GOLD = (
    SAMPLE_CORPUS,
    ROOT / "tests" / "suggest" / "data" / "heldout_news.jsonl",
)


def quality(gold_path: Path, suggester) -> dict:
    """Evaluation of the suggester on the gold file."""
    gold = read_annotated(gold_path)
    return evaluate_pairs(gold, dict(suggested_spans(gold, suggester))).to_dict()


def throughput(count: int, suggester, language: str) -> dict:
    """CPU seconds of the raw tokenizer and of the suggester on the same generated texts."""
    texts = [text for text, _ in generate_texts(count, seed=11)]
    tokenizer = tokenizer_id(language)
    docs = [
        make_document(text, tokens, tokenizer)
        for text, tokens in zip(texts, tokenize_many(texts, language), strict=True)
    ]
    nlp = blank_pipeline(language)
    start = time.process_time()
    tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=256))
    baseline = time.process_time() - start
    start = time.process_time()
    found = sum(len(s) for s in suggester.suggest(docs))
    suggest = time.process_time() - start
    return {
        "docs": count,
        "tokens": tokens,
        "suggestions": found,
        "tokenizer_s": round(baseline, 3),
        "suggest_s": round(suggest, 3),
        "tokenizer_docs_per_s": round(count / baseline),
        "suggest_docs_per_s": round(count / suggest),
        "slowdown_vs_tokenizer": round(suggest / baseline, 2),
    }


def quality_table(gold_path: Path, scores: dict) -> Table:
    """Per-label and micro P/R/F1 of one gold file, with the sample goals."""
    table = Table(title=f"patterns vs {gold_path.name} ({scores['docs']} doc(s))")
    for col in ("label", "gold", "pred", "P", "R", "F1", "overlap F1", "sample goal"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for label in [*sorted(scores["exact"]["labels"]), "micro"]:
        if label == "micro":
            exact, over = scores["exact"]["micro"], scores["overlap"]["micro"]
        else:
            exact, over = scores["exact"]["labels"][label], scores["overlap"]["labels"][label]
        goal = GOALS.get(label)
        met = (
            "" if goal is None else ("met" if (exact["f1"] or 0) >= goal else "MISSED") + f" {goal}"
        )
        table.add_row(
            label,
            str(exact["ref"]),
            str(exact["pred"]),
            *(
                f"{exact[k]:.3f}" if exact[k] is not None else "-"
                for k in ("precision", "recall", "f1")
            ),
            f"{over['f1']:.3f}" if over["f1"] is not None else "-",
            met,
        )
    return table


def figures_of(scores: dict) -> dict:
    """The JSON figures of one gold file: per-label P/R/F1 (exact), overlap F1, micro F1."""
    labels = scores["exact"]["labels"]

    def r3(value: float | None) -> float | None:
        return None if value is None else round(value, 3)

    return {
        "docs": scores["docs"],
        "precision": {k: r3(v["precision"]) for k, v in labels.items()},
        "recall": {k: r3(v["recall"]) for k, v in labels.items()},
        "f1": {k: r3(v["f1"]) for k, v in labels.items()},
        "overlap_f1": {k: r3(v["f1"]) for k, v in scores["overlap"]["labels"].items()},
        "micro_f1": r3(scores["exact"]["micro"]["f1"]),
    }


def main() -> None:
    """Run both measurements, print tables, end with one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--gold",
        type=Path,
        action="append",
        help="gold JSONL (repeatable; default: "
        + ", ".join(str(p.relative_to(ROOT)) for p in DEFAULT_GOLD)
        + ")",
    )
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA)
    args = parser.parse_args()
    console = Console()
    schema = load_schema(args.schema)
    suggester = get_suggester("patterns", schema)
    gold_figures = {}
    for gold_path in args.gold or DEFAULT_GOLD:
        scores = quality(gold_path, suggester)
        console.print(quality_table(gold_path, scores))
        gold_figures[gold_path.stem] = figures_of(scores)
    figures: dict = {"bench": "suggest", "gold": gold_figures}
    if args.docs > 0:
        speed = throughput(args.docs, suggester, schema.language)
        table = Table(title=f"throughput on {speed['docs']} generated documents (CPU seconds)")
        for col in ("run", "seconds", "docs/s"):
            table.add_column(col, justify="left" if col == "run" else "right")
        table.add_row(
            "nlp.tokenizer.pipe", str(speed["tokenizer_s"]), str(speed["tokenizer_docs_per_s"])
        )
        table.add_row("patterns.suggest", str(speed["suggest_s"]), str(speed["suggest_docs_per_s"]))
        console.print(table)
        console.print(f"suggesting costs {speed['slowdown_vs_tokenizer']}x the raw tokenizer")
        figures.update(speed)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
