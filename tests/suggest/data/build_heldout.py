"""Build tests/suggest/data/heldout_news.jsonl from the held-out articles in heldout_texts.py.

The file is a gold standard the shipped patterns were not written against: it measures whether they
generalise beyond the sample. Run: python tests/suggest/data/build_heldout.py
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import orjson

from annotator.records import Annotation, canonical, make_document, make_span
from annotator.schema import load_schema
from annotator.text import TokenIndex, tokenize, tokenizer_id

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
OUT = HERE / "heldout_news.jsonl"
ANNOTATED_AT = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)

sys.path.insert(0, str(HERE))
from heldout_texts import ARTICLES  # noqa: E402


def locate(text: str, index: TokenIndex, needle: str, paragraph: int, occurrence: int) -> int:
    """Char offset of the n-th token-aligned occurrence of `needle` inside one paragraph."""
    lines = text.split("\n")
    base = sum(len(line) + 1 for line in lines[:paragraph])
    stop = base + len(lines[paragraph])
    pos, found = base, -1
    while occurrence >= 0:
        pos = text.find(needle, pos, stop)
        if pos < 0:
            raise ValueError(
                f"{needle!r} not found {occurrence + 1} more time(s) in paragraph {paragraph}"
            )
        if index.char_span_to_tokens(pos, pos + len(needle)) is not None:
            found = pos
            occurrence -= 1
        pos += 1
    return found


def build() -> list[dict]:
    """Return the held-out articles as canonical JSON dicts, one per article."""
    schema = load_schema(ROOT / "schemas" / "foreign_fighters.toml")
    records = []
    for number, article in enumerate(ARTICLES):
        text = "\n".join(article["paragraphs"])
        meta = {
            "title": article["title"],
            "source": f"tests/suggest/data/heldout_texts.py#{number}",
            "language": schema.language,
            "note": "invented for testing; not a report of real events",
        }
        doc = make_document(
            text, tokenize(text, schema.language), tokenizer_id(schema.language), meta
        )
        index = TokenIndex.of(doc.tokens)
        spans = []
        for label, needle, paragraph, occurrence in article["spans"]:
            start = locate(text, index, needle, paragraph, occurrence)
            spans.append(make_span(doc, start, start + len(needle), label, index=index))
        spans.sort(key=lambda s: (s.start, -s.end, s.label))
        annotation = Annotation(
            doc_id=doc.doc_id,
            annotator="heldout",
            answer="accept",
            spans=tuple(spans),
            schema=schema.ref,
            created_at=ANNOTATED_AT,
            updated_at=ANNOTATED_AT,
            duration_s=900.0,
        )
        records.append(canonical(doc, annotation).to_json_dict())
    return records


def main() -> None:
    """Write the held-out gold file."""
    lines = [orjson.dumps(record) for record in build()]
    OUT.write_bytes(b"\n".join(lines) + b"\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(lines)} record(s)")


if __name__ == "__main__":
    main()
