"""Build tests/suggest/data/heldout_news.jsonl from the held-out articles in heldout_texts.py.

The file is a gold standard the shipped patterns were not written against: it measures whether they
generalise beyond the sample. Run: python tests/suggest/data/build_heldout.py
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from annotator.bundled import DEFAULT_SCHEMA
from annotator.records.gold import article_records, write_gold_file
from annotator.schema.model import load_schema

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
OUT = HERE / "heldout_news.jsonl"
ANNOTATED_AT = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)

sys.path.insert(0, str(HERE))
from heldout_texts import ARTICLES  # noqa: E402


def build() -> list[dict]:
    """Return the articles in heldout_texts.py as canonical JSON dicts, one per article."""
    schema = load_schema(DEFAULT_SCHEMA)
    return article_records(
        ARTICLES, "tests/suggest/data/heldout_texts.py", schema, "heldout", ANNOTATED_AT
    )


def main() -> None:
    """Write the gold file."""
    count = write_gold_file(OUT, build())
    print(f"wrote {OUT.relative_to(ROOT)}: {count} record(s)")


if __name__ == "__main__":
    main()
