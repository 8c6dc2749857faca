"""Build bench/data/unseen_news.jsonl from the unseen articles in unseen_texts.py.

A gold standard neither the patterns nor the session's moves were written against: keys per span
on it show how the tool does on news it has not seen. Run: python bench/data/build_unseen.py
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import orjson

from annotator.bundled import DEFAULT_SCHEMA
from annotator.gold import gold_record
from annotator.schema import load_schema

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = HERE / "unseen_news.jsonl"
ANNOTATED_AT = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)

sys.path.insert(0, str(HERE))
from unseen_texts import ARTICLES  # noqa: E402


def build() -> list[dict]:
    """Return the unseen articles as canonical JSON dicts, one per article."""
    schema = load_schema(DEFAULT_SCHEMA)
    records = []
    for number, article in enumerate(ARTICLES):
        text = "\n".join(article["paragraphs"])
        meta = {
            "title": article["title"],
            "source": f"tests/suggest/data/unseen_texts.py#{number}",
            "language": schema.language,
            "note": "invented for testing; not a report of real events",
        }
        records.append(
            gold_record(text, meta, article["spans"], schema, "unseen", ANNOTATED_AT, 900.0)
        )
    return records


def main() -> None:
    """Write the unseen gold file."""
    lines = [orjson.dumps(record) for record in build()]
    OUT.write_bytes(b"\n".join(lines) + b"\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(lines)} record(s)")


if __name__ == "__main__":
    main()
