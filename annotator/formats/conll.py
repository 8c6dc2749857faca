"""CoNLL-2003 style columns: token then one IOB2 column per layer, -DOCSTART- between documents."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.formats.base import FormatSpec, register
from annotator.formats.breaks import paragraph_starts, sentence_marks
from annotator.formats.iob import layers_for, tag_layer
from annotator.records import CanonicalRecord, token_bounds, token_dicts

DOCSTART = "-DOCSTART-"
_SPACE = re.compile(r"\s")


def conll_lines(record: CanonicalRecord, report: Any) -> list[str]:
    """The lines of one document: -DOCSTART-, a blank line, then sentences split by blank lines.

    A blank line goes after a sentence-ending token and before a token with a line break in
    the gap before it, unless a span continues across that point.
    """
    layers = layers_for(report.schema)
    columns = [tag_layer(record, layer, report) for layer in layers]
    tokens = record.tokens
    starts, ends = token_bounds(tokens)
    words = _words(record, report)
    rows = list(map(" ".join, zip(words, *columns, strict=True)))
    continuing = {i for column in columns for i, tag in enumerate(column) if tag[0] == "I"}
    after_marks = {mark + 1 for mark in sentence_marks(record.text, starts, ends)}
    breaks = (after_marks | paragraph_starts(record.text, starts, ends)) - continuing
    lines = [" ".join([DOCSTART, *("O" for _ in layers)]), ""]
    previous = 0
    for index in sorted(b for b in breaks if 0 < b < len(rows)):
        lines += rows[previous:index]
        lines.append("")
        previous = index
    lines += rows[previous:]
    lines.append("")
    return lines


def _words(record: CanonicalRecord, report: Any) -> list[str]:
    """Each token's text as a column value: whitespace inside a token becomes "_" (reported)."""
    words = [token["text"] for token in token_dicts(record.tokens)]
    if not _SPACE.search("\x00".join(words)):  # the usual case: no token holds whitespace
        return words
    for i, word in enumerate(words):
        if _SPACE.search(word):
            words[i] = _SPACE.sub("_", word)
            for span in record.spans:
                if span.token_start <= i <= span.token_end:
                    report.convert(record, span, f"token {i} {word!r} written as {words[i]!r}")
    return words


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
