"""Build bench/data/unseen_news.jsonl from the unseen articles in unseen_texts.py.

A gold standard neither the patterns nor the session's moves were written against: keys per span
on it show how the tool does on news it has not seen. Run: python bench/data/build_unseen.py
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from annotator.bundled import DEFAULT_SCHEMA
from annotator.records.gold import article_records, write_gold_file
from annotator.schema.model import load_schema

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = HERE / "unseen_news.jsonl"
ANNOTATED_AT = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)

sys.path.insert(0, str(HERE))
from unseen_texts import ARTICLES  # noqa: E402


def build() -> list[dict]:
    """Return the articles in unseen_texts.py as canonical JSON dicts, one per article."""
    schema = load_schema(DEFAULT_SCHEMA)
    return article_records(ARTICLES, "bench/data/unseen_texts.py", schema, "unseen", ANNOTATED_AT)


def main() -> None:
    """Write the gold file."""
    count = write_gold_file(OUT, build())
    print(f"wrote {OUT.relative_to(ROOT)}: {count} record(s)")


if __name__ == "__main__":
    main()
