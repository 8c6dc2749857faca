"""CoNLL-2003 style columns: token then one IOB2 column per layer, -DOCSTART- between documents."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.formats.base import FormatSpec, register
from annotator.formats.iob import layers_for, tag_layer
from annotator.records import CanonicalRecord

DOCSTART = "-DOCSTART-"
SENTENCE_END = frozenset({".", "!", "?", "…"})
_SPACE = re.compile(r"\s")


def conll_lines(record: CanonicalRecord, report: Any) -> list[str]:
    """The lines of one document: -DOCSTART-, a blank line, then sentences split by blank lines."""
    layers = layers_for(report.schema)
    columns = [tag_layer(record, layer, report) for layer in layers]
    lines = [" ".join([DOCSTART, *("O" for _ in layers)]), ""]
    tokens = record.tokens
    for i, tok in enumerate(tokens):
        gap = record.text[tokens[i - 1].end : tok.start] if i else ""
        if "\n" in gap and lines[-1] and not _inside_span(columns, i):
            lines.append("")
        word = tok.text
        if _SPACE.search(word):
            word = _SPACE.sub("_", word)
            for span in record.spans:
                if span.token_start <= i <= span.token_end:
                    report.convert(record, span, f"token {i} {tok.text!r} written as {word!r}")
        lines.append(" ".join([word, *(column[i] for column in columns)]))
        if tok.text in SENTENCE_END and not _inside_span(columns, i + 1):
            lines.append("")
    if lines[-1]:
        lines.append("")
    return lines


def _inside_span(columns: list[list[str]], index: int) -> bool:
    """Whether token `index` continues a span in some layer (no sentence break before it)."""
    return any(index < len(c) and c[index].startswith("I-") for c in columns)


def write_conll(
    records: Iterable[CanonicalRecord], out_dir: Path, split: str, report: Any
) -> list[Path]:
    """Write `<split>.conll`: space-separated columns, one IOB2 column per layer."""
    layers = layers_for(report.schema)
    report.describe(
        offset_unit="tokens (one per line)",
        tag_scheme="IOB2",
        columns=["token", *(layer.name for layer in layers)],
        layers={layer.name: list(layer.labels) for layer in layers},
    )
    path = Path(f"{split}.conll")
    with (out_dir / path).open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write("\n".join(conll_lines(record, report)))
            handle.write("\n")
    return [path]


register(
    FormatSpec(
        name="conll",
        description="CoNLL-2003 style token columns with one IOB2 column per layer",
        writer=write_conll,
        suffixes=(".conll",),
    )
)
