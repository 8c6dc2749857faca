"""Records for export tests: the sample corpus, small hand-made documents, and an export call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from annotator.bundled import SAMPLE_CORPUS
from annotator.exporting import ExportOptions, pairs_of, parse_split_spec, run_export
from annotator.records.models import (
    Annotation,
    CanonicalRecord,
    canonical,
    make_document,
    make_span,
)
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import LabelSchema, default_schema_path, load_schema

CORPUS = SAMPLE_CORPUS
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@lru_cache(maxsize=1)
def schema() -> LabelSchema:
    """The bundled schema."""
    return load_schema(default_schema_path())


@lru_cache(maxsize=1)
def corpus() -> tuple[CanonicalRecord, ...]:
    """The sample corpus records."""
    with CORPUS.open("rb") as handle:
        return tuple(CanonicalRecord.model_validate_json(line) for line in handle)


def record(
    text: str,
    spans: list[tuple[int, int, str]] | list[tuple[str, str]],
    annotator: str = "ann",
    answer: str = "accept",
    meta: dict | None = None,
    minutes: int = 0,
    sources: tuple[str, ...] = (),
    schema_ref: str | None = None,
) -> CanonicalRecord:
    """A canonical record; spans as (start, end, label) or (substring, label) pairs."""
    doc = make_document(text, tokenize(text), tokenizer_id(), meta or {})
    made = []
    for item in spans:
        if len(item) == 2:
            needle, label = item
            start = text.index(needle)
            made.append(make_span(doc, start, start + len(needle), label))
        else:
            made.append(make_span(doc, *item))
    when = T0 + timedelta(minutes=minutes)
    ann = Annotation(
        doc_id=doc.doc_id,
        annotator=annotator,
        answer=answer,
        spans=tuple(made),
        schema=schema_ref or schema().ref,
        created_at=when,
        updated_at=when,
        sources=sources,
    )
    return canonical(doc, ann)


def export(records, fmt: str, out: Path, split: str | None = None, **options) -> dict:
    """Export records (in document order) and return the manifest."""
    plan = parse_split_spec(split, options.pop("seed", 0))
    label_schema = options.pop("schema", None) or schema()
    opts = ExportOptions(format=fmt, out_dir=out, schema=label_schema, plan=plan, **options)
    return run_export(lambda: pairs_of(records), opts)


def keys(spans) -> list[tuple[int, int, str]]:
    """Sorted (start, end, label) of spans or RawSpans."""
    return sorted((s.start, s.end, s.label) for s in spans)


COUNTRIES = ("Kenya", "Nepal", "India", "Cuba", "Syria", "Iran", "Ghana", "Peru", "Chad", "Oman")
ACTORS = ("President William Ruto", "Brigadier General Dmitry Usov", "the Foreign Ministry")


def small_corpus(count: int) -> list[CanonicalRecord]:
    """`count` distinct small news records with nested spans inside a QUOTE."""
    records = []
    for n in range(count):
        country = COUNTRIES[n % len(COUNTRIES)]
        actor = ACTORS[n % 3]
        figure = f"at least {n + 2}"
        text = (
            f"{actor} said {figure} men from {country} were recruited by Russia.\n"
            f"“Men from {country} were misled”, a relative said on day {n}."
        )
        quote = text.index("“") + 1
        spans: list = [
            (figure, "FIGURE"),
            (text.index(country), text.index(country) + len(country), "COUNTRY"),
            ("Russia", "COUNTRY"),
            (quote, text.index("”"), "QUOTE"),
        ]
        if actor[0].isupper():
            spans.append((actor, "ACTOR"))
        second = text.index(country, quote)
        spans.append((second, second + len(country), "COUNTRY"))
        records.append(record(text, spans, meta={"source": "generated", "n": n}))
    return records
