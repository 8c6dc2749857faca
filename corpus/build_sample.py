"""Build the shipped sample, annotator/data/corpus/foreign_fighters.jsonl, from the seed and the spans below.

Each span is (label, text, paragraph, occurrence): the n-th whole-token occurrence of `text`
inside paragraph `paragraph` (0-based lines of the seed). Attributes, relations and document
labels name spans by the same marks. Run: python corpus/build_sample.py
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package and data, whatever else is installed
from annotator.bundled import DEFAULT_SCHEMA, SAMPLE_CORPUS  # noqa: E402
from annotator.records.gold import gold_record, write_gold_file  # noqa: E402
from annotator.schema.model import load_schema  # noqa: E402

SEED = ROOT / "seeds" / "000_ff97fe71089fbe19.txt"
OUT = SAMPLE_CORPUS
ANNOTATED_AT = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

A, C, F, T, Q = "ACTOR", "COUNTRY", "FIGURE", "TACTIC", "QUOTE"
SPANS: list[tuple[str, str, int, int]] = [
    (F, "Nearly 200", 0, 0),
    (F, "37", 0, 0),
    (C, "Russia", 0, 0),
    (C, "Ukraine", 0, 0),
    (C, "Ukraine", 0, 1),
    (A, "Coordination Headquarters for the Treatment of Prisoners of War", 0, 0),
    (A, "Brigadier General Dmitry Usov", 1, 0),
    (C, "Ukraine", 1, 0),
    (F, "over 18,000", 1, 0),
    (F, "128", 1, 0),
    (C, "Russia", 1, 0),
    (F, "thousands", 1, 0),
    (A, "Moscow", 1, 0),
    (A, "Pyongyang", 1, 0),
    (C, "Ukraine", 3, 0),
    (A, "Moscow", 3, 0),
    (C, "Kenya", 4, 0),
    (A, "President William Ruto", 4, 0),
    (Q, "young Kenyans being illegally recruited", 4, 0),
    (T, "illegally recruited", 4, 0),
    (C, "South Africa", 5, 0),
    (F, "17", 5, 0),
    (C, "Russia", 5, 0),
    (C, "India", 6, 0),
    (A, "Foreign Ministry", 6, 0),
    (F, "44", 6, 0),
    (C, "Russia", 6, 0),
    (Q, "misled into joining.", 6, 0),
    (T, "misled into joining", 6, 0),
    (C, "Ukraine", 7, 0),
    (A, "Defense Intelligence", 7, 0),
    (A, "CNN", 7, 0),
    (F, "double", 7, 0),
    (C, "Russia", 8, 0),
    (C, "Russia", 9, 0),
    (F, "over 1 million", 9, 0),
    (F, "more than 250,000", 9, 0),
    (C, "UK", 9, 0),
    (A, "Defense Intelligence", 9, 0),
    (F, "around 1,000", 9, 0),
    (Q, "Blackmail, Bribery, and Deception", 10, 0),
    (T, "Blackmail", 10, 0),
    (T, "Bribery", 10, 0),
    (T, "Deception", 10, 0),
    (A, "Ukrainian Defense Intelligence", 11, 0),
    (C, "Russia", 11, 0),
    (T, "coercion", 11, 0),
    (T, "manipulation", 11, 0),
    (C, "Uzbekistan", 12, 0),
    (C, "Tajikistan", 12, 0),
    (C, "Kyrgyzstan", 12, 0),
    (A, "President Vladimir Putin", 13, 0),
    (C, "Russia", 13, 0),
    (T, "revoke the citizenship", 13, 0),
    (A, "Memorial", 14, 0),
    (T, "threatened with imprisonment or deportation", 14, 0),
    (A, "Alexander Bastrykin", 15, 0),
    (C, "Russia", 15, 0),
    (A, "Investigative Committee", 15, 0),
    (Q, "caught", 15, 0),
    (F, "80,000", 15, 0),
    (F, "20,000", 15, 0),
    (C, "Uzbekistan", 15, 0),
    (C, "Tajikistan", 15, 0),
    (C, "Kyrgyzstan", 15, 0),
    (T, "Forced Contracts", 16, 0),
    (T, "forced to sign contracts in Russian without translation", 17, 0),
    (F, "only one to two weeks", 17, 0),
    (A, "General Usov", 18, 0),
    (F, "more than 18,000", 18, 0),
    (F, "at least 3,388", 18, 0),
    (T, "False Job Offers", 19, 0),
    (C, "Russia", 20, 0),
    (T, "promised jobs in construction, warehouses, private security, or transportation", 20, 0),
    (C, "Sri Lanka", 20, 0),
    (C, "Cuba", 20, 0),
    (C, "Nepal", 20, 0),
    (A, "Usov", 21, 0),
    (
        Q,
        "In 2023–2024, nearly 1,000 Nepalese citizens signed contracts with the Russian military. "
        "In 2025, as of October 1, only one Nepalese citizen joined.",
        22,
        0,
    ),
    (F, "nearly 1,000", 22, 0),
    (F, "only one", 22, 0),
]


def _mark(label: str, text: str, paragraph: int, occurrence: int = 0) -> tuple[str, str, int, int]:
    """A span mark, checked to be one of SPANS."""
    mark = (label, text, paragraph, occurrence)
    if mark not in SPANS:
        raise ValueError(f"{mark} is not a marked span")
    return mark


ISO3 = {
    "Russia": "RUS", "Ukraine": "UKR", "Kenya": "KEN", "South Africa": "ZAF", "India": "IND",
    "UK": "GBR", "Uzbekistan": "UZB", "Tajikistan": "TJK", "Kyrgyzstan": "KGZ",
    "Sri Lanka": "LKA", "Cuba": "CUB", "Nepal": "NPL",
}  # fmt: skip
FIGURES: dict[tuple[str, int], dict[str, float | bool]] = {
    ("Nearly 200", 0): {"value": 200, "approx": True},
    ("37", 0): {"value": 37, "approx": False},
    ("over 18,000", 1): {"value": 18000, "low": 18000, "approx": True},
    ("128", 1): {"value": 128, "approx": False},
    ("thousands", 1): {"approx": True},
    ("17", 5): {"value": 17, "approx": False},
    ("44", 6): {"value": 44, "approx": False},
    ("over 1 million", 9): {"value": 1000000, "low": 1000000, "approx": True},
    ("more than 250,000", 9): {"value": 250000, "low": 250000, "approx": True},
    ("around 1,000", 9): {"value": 1000, "approx": True},
    ("80,000", 15): {"value": 80000, "approx": False},
    ("20,000", 15): {"value": 20000, "approx": False},
    ("only one to two weeks", 17): {"low": 1, "high": 2, "approx": True},
    ("more than 18,000", 18): {"value": 18000, "low": 18000, "approx": True},
    ("at least 3,388", 18): {"value": 3388, "low": 3388, "approx": True},
    ("nearly 1,000", 22): {"value": 1000, "approx": True},
    ("only one", 22): {"value": 1, "approx": False},
}  # "double" (paragraph 7) is a ratio, not a count: no attributes.
# `approx` is true where the text states no one exact number (bounds, ranges, "nearly").


def attributes() -> dict[tuple[str, str, int, int], dict]:
    """Each COUNTRY's ISO code and each FIGURE's reading, by mark."""
    found: dict[tuple[str, str, int, int], dict] = {}
    for mark in SPANS:
        label, text, paragraph, _ = mark
        if label == C:
            found[mark] = {"iso3": ISO3[text]}
        elif (text, paragraph) in FIGURES:
            found[mark] = {
                name: float(value) if type(value) is int else value
                for name, value in FIGURES[(text, paragraph)].items()
            }
    return found


NEPAL_QUOTE = SPANS[-3]
LINKS = [
    ("SPEAKER", _mark(Q, "young Kenyans being illegally recruited", 4), _mark(A, "President William Ruto", 4)),
    ("SPEAKER", _mark(Q, "misled into joining.", 6), _mark(A, "Foreign Ministry", 6)),
    ("SPEAKER", _mark(Q, "caught", 15), _mark(A, "Alexander Bastrykin", 15)),
    ("SPEAKER", NEPAL_QUOTE, _mark(A, "Usov", 21)),
    ("RECRUITS_FROM", _mark(A, "Moscow", 3), _mark(C, "Kenya", 4)),
    ("RECRUITS_FROM", _mark(A, "Moscow", 3), _mark(C, "South Africa", 5)),
    ("RECRUITS_FROM", _mark(A, "Moscow", 3), _mark(C, "India", 6)),
    ("USES", _mark(A, "President Vladimir Putin", 13), _mark(T, "revoke the citizenship", 13)),
    ("COUNTS", _mark(F, "17", 5), _mark(C, "South Africa", 5)),
    ("COUNTS", _mark(F, "44", 6), _mark(C, "India", 6)),
    ("COUNTS", _mark(F, "over 1 million", 9), _mark(C, "Russia", 9)),
    ("COUNTS", _mark(F, "more than 250,000", 9), _mark(C, "Russia", 9)),
    ("COUNTS", _mark(F, "20,000", 15), _mark(C, "Uzbekistan", 15)),
    ("COUNTS", _mark(F, "20,000", 15), _mark(C, "Tajikistan", 15)),
    ("COUNTS", _mark(F, "20,000", 15), _mark(C, "Kyrgyzstan", 15)),
    ("COUNTS", _mark(F, "nearly 1,000", 22), _mark(C, "Nepal", 20)),
    ("COUNTS", _mark(F, "only one", 22), _mark(C, "Nepal", 20)),
]  # fmt: skip
DOC_LABELS = {"relevance": ("on-topic",), "stance": ("critical",)}


def build() -> list[dict]:
    """Return the sample corpus as canonical JSON dicts."""
    schema = load_schema(DEFAULT_SCHEMA)
    text = SEED.read_text(encoding="utf-8")
    meta = {
        "title": "Nearly 200 foreign nationals captured fighting for Russia",
        "source": f"seeds/{SEED.name}",
        "language": schema.language,
    }
    record = gold_record(
        text, meta, SPANS, schema, "lead", ANNOTATED_AT, 1260.0, attributes(), LINKS, DOC_LABELS
    )
    return [record]


def main() -> None:
    """Write the corpus file."""
    count = write_gold_file(OUT, build())
    print(f"wrote {OUT.relative_to(ROOT)}: {count} record(s)")


if __name__ == "__main__":
    main()
