"""Benchmark `annotator validate` against raw orjson parsing and the `jsonschema` package.

Generates a synthetic corpus of canonical records (50-150 tokens, a few spans, some nested in
QUOTEs), then measures in one run: orjson.loads of every line (the practical limit), the
library path the CLI uses (`validate_jsonl`), the CLI end to end, and `jsonschema` validating
the same records against schemas/canonical_record.schema.json. Times are CPU seconds of the
process doing the work (robust on a shared machine). Peak RSS of the CLI is measured at two
corpus sizes to show memory is flat. Run: python bench/validate.py [--records N]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import namedtuple
from pathlib import Path

import orjson

from annotator.bundled import DEFAULT_SCHEMA
from annotator.records import hashing
from annotator.records.tokenization import text_sha256
from annotator.schema.model import load_schema
from annotator.validation.validate import validate_jsonl

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_TOML = DEFAULT_SCHEMA
JSON_SCHEMA = ROOT / "schemas" / "canonical_record.schema.json"
SpanKey = namedtuple("SpanKey", "start end label")

WORDS = tuple(
    " ".join(
        (
            "the officials said that recruits were sent to the front after training for weeks",
            "while families asked for news and lawyers filed complaints about contracts signed",
            "in a language they could not read authorities reported new cases every month",
        )
    ).split()
)
COUNTRIES = ["Russia", "Kenya", "India", "Nepal", "South Africa", "Ukraine", "Cuba", "Iraq"]
ACTORS = ["President William Ruto", "Defense Intelligence", "CNN", "Foreign Ministry"]
FIGURES = ["Nearly 200", "at least 3,388", "over 1 million", "dozens", "17"]
TACTICS = ["forced to sign contracts", "threatened with deportation", "false job offers"]


class Builder:
    """Append words to a text while recording tokens and labelled spans."""

    def __init__(self) -> None:
        """Start an empty document."""
        self.parts: list[str] = []
        self.length = 0
        self.tokens: list[dict] = []
        self.spans: list[dict] = []

    def word(self, word: str, space: bool = True) -> None:
        """Add one token, then a space unless `space` is False."""
        start = self.length
        self.parts.append(word)
        self.length += len(word)
        self.tokens.append(
            {"text": word, "start": start, "end": self.length, "id": len(self.tokens), "ws": space}
        )
        if space:
            self.parts.append(" ")
            self.length += 1

    def phrase(self, phrase: str, label: str | None, space: bool = True) -> None:
        """Add a phrase token by token, labelling it as one span when `label` is given."""
        first = len(self.tokens)
        words = phrase.split()
        for n, word in enumerate(words):
            self.word(word, space if n == len(words) - 1 else True)
        if label:
            self.add_span(first, len(self.tokens) - 1, label)

    def add_span(self, token_start: int, token_end: int, label: str) -> None:
        """Label the tokens token_start..token_end inclusive."""
        start, end = self.tokens[token_start]["start"], self.tokens[token_end]["end"]
        self.spans.append(
            {
                "start": start,
                "end": end,
                "token_start": token_start,
                "token_end": token_end,
                "label": label,
                "text": "",
                "attrs": {},
                "id": f"{label}:{start}-{end}",
            }
        )

    def text(self) -> str:
        """The document text, without a trailing space."""
        return "".join(self.parts).rstrip(" ")


def make_record(rng: random.Random, n: int) -> bytes:
    """Build one realistic canonical line as JSON bytes."""
    b = Builder()
    target = rng.randint(50, 150)
    while len(b.tokens) < target:
        choice = rng.random()
        if choice < 0.04:
            b.phrase(rng.choice(COUNTRIES), "COUNTRY")
        elif choice < 0.06:
            b.phrase(rng.choice(FIGURES), "FIGURE")
        elif choice < 0.08:
            b.phrase(rng.choice(ACTORS), "ACTOR")
        elif choice < 0.09:
            b.phrase(rng.choice(TACTICS), "TACTIC")
        elif choice < 0.11:
            b.word("“", space=False)
            first = len(b.tokens)
            b.phrase(" ".join(rng.choices(WORDS, k=rng.randint(2, 6))), None)
            b.phrase(rng.choice(FIGURES), "FIGURE", space=False)
            b.add_span(first, len(b.tokens) - 1, "QUOTE")
            b.word("”")
        elif choice < 0.17:
            b.word(rng.choice(WORDS), space=False)
            b.word(".")
        else:
            b.word(rng.choice(WORDS))
    text = b.text()
    b.tokens[-1]["ws"] = False
    for span in b.spans:
        span["text"] = text[span["start"] : span["end"]]
    digest = text_sha256(text)
    in_hash = hashing.input_hash(text)
    keys = [SpanKey(s["start"], s["end"], s["label"]) for s in b.spans]
    return orjson.dumps(
        {
            "doc_id": digest[:16],
            "text": text,
            "text_sha256": digest,
            "meta": {"title": f"Article {n}", "source": "bench", "url": f"https://example.org/{n}"},
            "tokens": b.tokens,
            "tokenizer": "spacy.blank:en@3.8.0",
            "spans": b.spans,
            "annotator": "bench",
            "answer": "accept",
            "schema": "foreign-fighters@1.0.0",
            "created_at": "2026-01-02T03:04:05Z",
            "updated_at": "2026-01-02T03:14:05Z",
            "duration_s": 600.0,
            "revision": 1,
            "sources": [],
            "_input_hash": in_hash,
            "_task_hash": hashing.task_hash(in_hash, keys),
            "_annotator_id": "bench",
            "_session_id": None,
            "_timestamp": 1767323645,
        }
    )


def write_corpus(path: Path, records: int, seed: int = 7) -> int:
    """Write `records` lines to `path`; return the file size in bytes."""
    rng = random.Random(seed)
    with path.open("wb") as out:
        for n in range(records):
            out.write(make_record(rng, n) + b"\n")
    return path.stat().st_size


def time_orjson(path: Path) -> float:
    """Seconds to orjson.loads every line of the file."""
    start = time.process_time()
    with path.open("rb") as handle:
        for line in handle:
            orjson.loads(line)
    return time.process_time() - start


def time_library(path: Path) -> tuple[float, int, int]:
    """Seconds for the CLI's library path over the file, with records and issues seen."""
    schema = load_schema(SCHEMA_TOML)
    issues = records = 0
    start = time.process_time()
    for item in validate_jsonl(path, schema):
        if isinstance(item, int):
            records = item
        else:
            issues += 1
    return time.process_time() - start, records, issues


def time_jsonschema(path: Path, limit: int) -> tuple[float, int, int]:
    """Seconds for jsonschema to validate the first `limit` records, with counts."""
    import jsonschema

    validator_cls = jsonschema.validators.validator_for(orjson.loads(JSON_SCHEMA.read_bytes()))
    validator = validator_cls(orjson.loads(JSON_SCHEMA.read_bytes()))
    done = errors = 0
    start = time.process_time()
    with path.open("rb") as handle:
        for line in handle:
            errors += sum(1 for _ in validator.iter_errors(orjson.loads(line)))
            done += 1
            if done >= limit:
                break
    return time.process_time() - start, done, errors


def run_cli(path: Path) -> tuple[float, float, int]:
    """Run `annotator validate` in a child; return its CPU seconds, peak RSS in MB, exit code."""
    cmd = [sys.executable, "-m", "annotator", "validate", str(path), "--schema", str(SCHEMA_TOML)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = usage.ru_utime + usage.ru_stime
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def main() -> None:
    """Generate the corpus, run every measurement, print a table and one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--jsonschema-records", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.jsonl"
        small = Path(tmp) / "small.jsonl"
        t0 = time.process_time()
        size = write_corpus(big, args.records)
        small_n = max(args.records // 5, 1)
        with big.open("rb") as src, small.open("wb") as dst:
            for n, line in enumerate(src):
                if n >= small_n:
                    break
                dst.write(line)
        gen_s = time.process_time() - t0
        n = args.records
        orjson_s = time_orjson(big)
        lib_s, lib_records, lib_issues = time_library(big)
        js_s, js_n, js_errors = time_jsonschema(big, args.jsonschema_records)
        cli_s, cli_rss, cli_rc = run_cli(big)
        _, cli_small_rss, _ = run_cli(small)
    rates = {
        "orjson": n / orjson_s,
        "validate_lib": n / lib_s,
        "validate_cli": n / cli_s,
        "jsonschema": js_n / js_s,
    }
    figures = {
        "records": n,
        "corpus_mb": round(size / 1e6, 1),
        "generate_s": round(gen_s, 1),
        "rates_per_s": {k: round(v) for k, v in rates.items()},
        "lib_vs_orjson": round(rates["validate_lib"] / rates["orjson"], 3),
        "cli_vs_orjson": round(rates["validate_cli"] / rates["orjson"], 3),
        "lib_vs_jsonschema": round(rates["validate_lib"] / rates["jsonschema"], 1),
        "peak_rss_mb": {str(small_n): round(cli_small_rss, 1), str(n): round(cli_rss, 1)},
        "issues_found": lib_issues,
        "jsonschema_errors": js_errors,
        "cli_exit_code": cli_rc,
        "goals_met": rates["validate_lib"] / rates["orjson"] >= 0.4
        and rates["validate_lib"] / rates["jsonschema"] >= 10
        and cli_rss <= cli_small_rss * 1.25,
    }
    assert lib_records == n, f"validated {lib_records} of {n} records"
    rows = [
        ("orjson.loads (baseline)", n, orjson_s, rates["orjson"], 1.0),
        ("validate_jsonl (library)", n, lib_s, rates["validate_lib"], figures["lib_vs_orjson"]),
        ("annotator validate (CLI)", n, cli_s, rates["validate_cli"], figures["cli_vs_orjson"]),
        ("jsonschema", js_n, js_s, rates["jsonschema"], rates["jsonschema"] / rates["orjson"]),
    ]
    print(f"{n} records, {size / 1e6:.1f} MB, generated in {gen_s:.1f}s")
    print(f"{'measure':<28}{'records':>9}{'cpu s':>10}{'records/s':>12}{'x orjson':>10}")
    for name, count, secs, rate, ratio in rows:
        print(f"{name:<28}{count:>9}{secs:>10.2f}{rate:>12.0f}{ratio:>10.3f}")
    print(f"validator / jsonschema: {figures['lib_vs_jsonschema']}x")
    print(f"CLI peak RSS: {cli_small_rss:.1f} MB at {small_n} records, {cli_rss:.1f} MB at {n}")
    print(orjson.dumps(figures).decode())


if __name__ == "__main__":
    main()
