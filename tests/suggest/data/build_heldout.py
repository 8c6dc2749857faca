"""Build tests/suggest/data/heldout_news.jsonl from the held-out articles in heldout_texts.py.

The file is a gold standard the shipped patterns were not written against: it measures whether they
generalise beyond the sample. Run: python tests/suggest/data/build_heldout.py
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
ROOT = HERE.parents[2]
OUT = HERE / "heldout_news.jsonl"
ANNOTATED_AT = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)

sys.path.insert(0, str(HERE))
from heldout_texts import ARTICLES  # noqa: E402


def build() -> list[dict]:
    """Return the held-out articles as canonical JSON dicts, one per article."""
    schema = load_schema(DEFAULT_SCHEMA)
    records = []
    for number, article in enumerate(ARTICLES):
        text = "\n".join(article["paragraphs"])
        meta = {
            "title": article["title"],
            "source": f"tests/suggest/data/heldout_texts.py#{number}",
            "language": schema.language,
            "note": "invented for testing; not a report of real events",
        }
        records.append(
            gold_record(text, meta, article["spans"], schema, "heldout", ANNOTATED_AT, 900.0)
        )
    return records


def main() -> None:
    """Write the held-out gold file."""
    lines = [orjson.dumps(record) for record in build()]
    OUT.write_bytes(b"\n".join(lines) + b"\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(lines)} record(s)")


if __name__ == "__main__":
    main()
