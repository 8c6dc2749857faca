"""CoNLL-2003 style columns: a token and tag columns per line, -DOCSTART- between documents.

Written with one IOB2 column per layer. Read in IOB1, IOB2 or BIOES (found from the tags, or
given), from any tag column(s): a document's words joined by single spaces, its sentences by line
breaks, and the tokens kept exactly as the file gives them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.formats.base import (
    FormatSpec,
    IncomingRecord,
    Loss,
    RawSpan,
    ReadProblem,
    numbered_lines,
    register,
)
from annotator.formats.breaks import paragraph_starts, sentence_marks
from annotator.formats.iob import SCHEMES, SchemeEvidence, layers_for, read_tags, tag_layer
from annotator.formats.lines import input_files
from annotator.formats.parts import report_unheld
from annotator.records.models import CanonicalRecord, token_bounds, token_dicts
from annotator.records.tokenization import TokenIndex, join_words

DOCSTART = "-DOCSTART-"
SUFFIXES = (".conll", ".iob", ".bio", ".bioes", ".bmes")
TOKENIZER = "conll (tokens as given)"
_SPACE = re.compile(r"\s")
_PLACEHOLDERS = frozenset({"_", "-X-"})  # empty cells of unused columns


def conll_lines(record: CanonicalRecord, report: Any) -> list[str]:
    """The lines of one document: -DOCSTART-, a blank line, then sentences split by blank lines.

    A blank line goes after a sentence-ending token and before a token with a line break in
    the gap before it, unless a span continues across that point.
    """
    layers = layers_for(report.schema)
    report_unheld(record, report, "CoNLL")
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


def scheme_option(value: str) -> str:
    """The `scheme` reader option (`import --scheme`): auto (found from the tags) or a scheme."""
    name = value.strip().lower()
    if name not in ("auto", *SCHEMES):
        raise ValueError(f"use one of: auto, {', '.join(SCHEMES)}")
    return name


def columns_option(value: str) -> tuple[int, ...]:
    """The `tag_column` reader option (`import --tag-column`): column numbers from 0 (the token),
    negative from the end."""
    try:
        columns = tuple(int(part) for part in value.split(","))
    except ValueError:
        raise ValueError("give column numbers, e.g. 3, -1 (the last) or 1,2") from None
    if 0 in columns or len(set(columns)) != len(columns):
        raise ValueError("column 0 is the token; give other, distinct columns (e.g. 3 or 1,2)")
    return columns


@dataclass(slots=True)
class _Document:
    """The rows of one document as read: sentences of (line number, cells)."""

    line: int | None = None  # where it starts: its -DOCSTART- line or first token line
    sentences: list[list[tuple[int, list[str]]]] = field(default_factory=lambda: [[]])

    def add(self, number: int, cells: list[str]) -> None:
        """Add a token row to the current sentence."""
        if self.line is None:
            self.line = number
        self.sentences[-1].append((number, cells))

    def end_sentence(self) -> None:
        """Start a new sentence unless the current one is empty."""
        if self.sentences[-1]:
            self.sentences.append([])

    @property
    def rows(self) -> list[list[tuple[int, list[str]]]]:
        """The non-empty sentences."""
        return [sentence for sentence in self.sentences if sentence]


def _cells(line: str) -> list[str]:
    """A line's columns: split at tabs when it has any (tokens may then hold spaces), else at
    runs of spaces."""
    if "\t" in line:
        return [cell.strip(" ") for cell in line.split("\t")]
    return line.split()


def _lines(file: Path) -> Iterator[tuple[int, str] | ReadProblem]:
    """Numbered lines of a file without their line ends (a UTF-8 BOM dropped), or problems."""
    for item in numbered_lines(file):
        if isinstance(item, ReadProblem):
            yield item
            return
        number, raw = item
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield ReadProblem(str(file), number, f"invalid UTF-8 ({exc.reason}); save as UTF-8")
            continue
        if number == 1:
            line = line.removeprefix("\ufeff")
        yield number, line.rstrip("\r\n")


def _documents(file: Path, split_at_docstart: bool) -> Iterator[_Document | ReadProblem]:
    """The documents of a file: parts between -DOCSTART- lines, or (in a file without them)
    one document per sentence."""
    document = _Document()
    for item in _lines(file):
        if isinstance(item, ReadProblem):
            yield item
            continue
        number, line = item
        cells = _cells(line)
        if not cells or not any(cells):
            document.end_sentence()
            if not split_at_docstart and document.rows:
                yield document
                document = _Document()
        elif cells[0] == DOCSTART:
            if document.rows:
                yield document
            document = _Document(line=number)
        else:
            document.add(number, cells)
    if document.rows:
        yield document


def _survey(file: Path, columns: tuple[int, ...]) -> tuple[bool, list[SchemeEvidence]]:
    """Whether a file has -DOCSTART- lines, and what each tag column's tags say of its scheme."""
    evidence = [SchemeEvidence() for _ in columns]
    has_docstart = False
    sentence: list[list[str]] = []
    for item in _lines(file):
        if isinstance(item, ReadProblem):
            continue
        cells = _cells(item[1])
        if cells and cells[0] == DOCSTART:
            has_docstart = True
        if cells and any(cells) and cells[0] != DOCSTART:
            sentence.append(cells)
            continue
        _count_sentence(sentence, columns, evidence)
        sentence = []
    _count_sentence(sentence, columns, evidence)
    return has_docstart, evidence


def _count_sentence(
    rows: list[list[str]], columns: tuple[int, ...], evidence: list[SchemeEvidence]
) -> None:
    """Add one sentence's tags of each column to that column's evidence."""
    if rows:
        for column, found in zip(columns, evidence, strict=True):
            found.add([_cell(cells, column) or "O" for cells in rows])


def _cell(cells: list[str], column: int) -> str | None:
    """The cell of a tag column (negative counts from the end), None where the row lacks it."""
    index = column if column >= 0 else len(cells) + column
    return cells[index] if 0 < index < len(cells) else None


def _record(
    document: _Document, where: str, columns: tuple[int, ...], schemes: list[str]
) -> IncomingRecord | ReadProblem:
    """One document as a record with its spans, or the first problem with where it is."""
    sentences = document.rows
    words = [[cells[0] for _, cells in sentence] for sentence in sentences]
    for sentence in sentences:
        for number, cells in sentence:
            for column in columns:
                if _cell(cells, column) is None:
                    return ReadProblem(
                        where,
                        number,
                        f"{len(cells)} column(s): tag column {column} is missing; give every "
                        "token its tags, or choose the column with --tag-column N",
                    )
    text, tokens = join_words(words)
    index = TokenIndex.of(tokens)
    spans: dict[tuple[int, int, str], RawSpan] = {}
    problems: list[tuple[int, str, str]] = []
    first = 0
    for sentence in sentences:
        for column, scheme in zip(columns, schemes, strict=True):
            found, broken = read_tags([_cell(cells, column) or "" for _, cells in sentence], scheme)
            problems += [(sentence[p.index][0], p.message, p.hint) for p in broken]
            for a, b, label in found:
                start, end = index.tokens_to_chars(first + a, first + b)
                spans.setdefault((start, end, label), RawSpan(start, end, label))
        first += len(sentence)
    if problems:
        problems.sort()
        number, message, hint = problems[0]
        more = f" (and {len(problems) - 1} more in this document)" if len(problems) > 1 else ""
        return ReadProblem(where, number, f"{message}{more}; {hint}")
    return IncomingRecord(
        text=text,
        path=where,
        line=document.line,
        spans=tuple(spans.values()),
        tokens=tuple(tokens),
        tokenizer=TOKENIZER,
        losses=_other_columns(sentences, columns),
    )


def _other_columns(
    sentences: list[list[tuple[int, list[str]]]], columns: tuple[int, ...]
) -> tuple[Loss, ...]:
    """The filled cells of columns that are neither the token nor a tag column, as a loss."""
    count = 0
    for sentence in sentences:
        for _, cells in sentence:
            tags = {column if column >= 0 else len(cells) + column for column in columns}
            count += sum(
                1
                for i, cell in enumerate(cells)
                if i and i not in tags and cell not in _PLACEHOLDERS
            )
    if not count:
        return ()
    return (
        Loss(
            "CoNLL column value",
            count,
            "only the token and tag columns are kept (POS, chunk and other columns are not); "
            "read another column as tags with --tag-column N",
        ),
    )


def read_conll(
    path: Path, scheme: str = "auto", tag_column: tuple[int, ...] = (-1,)
) -> Iterator[IncomingRecord | ReadProblem]:
    """Read CoNLL/IOB files (a file of any name, or a folder's files with a SUFFIXES suffix), one
    record per document; each file's scheme is found from its tags unless `scheme` names it."""
    for file in input_files(path, SUFFIXES):
        where = str(file)
        has_docstart, evidence = _survey(file, tag_column)
        schemes = [scheme if scheme != "auto" else found.scheme() for found in evidence]
        count = 0
        for document in _documents(file, has_docstart):
            if isinstance(document, ReadProblem):
                yield document
                continue
            count += 1
            yield _record(document, where, tag_column, schemes)
        if not count:
            yield ReadProblem(where, None, "no token lines found; is this a CoNLL file?")


register(
    FormatSpec(
        name="conll",
        description="CoNLL-2003 style token columns: read IOB1/IOB2/BIOES, write one IOB2 column per layer",
        reader=read_conll,
        writer=write_conll,
        suffixes=SUFFIXES,
        default_for=(".conll",),
        options={"scheme": scheme_option, "tag_column": columns_option},
    )
)
