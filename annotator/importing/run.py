"""The import pipeline: any registered reader -> validated documents and annotations -> store."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.formats import format_by_suffix, get_format, load_all
from annotator.formats.base import FormatError, FormatSpec, IncomingRecord, ReadProblem
from annotator.importing.label_map import LabelMapEffects, apply_label_map
from annotator.importing.records import annotation_of, suggestions_of, tokenized_document
from annotator.records.models import ANSWERS, Annotation, Suggestion
from annotator.records.tokenization import (
    doc_id_for,
    split_tokens_at,
    token_table_many,
    tokenizer_id,
)
from annotator.schema.model import LabelSchema
from annotator.store import DocumentParts, Store, StoreError

MAX_CHARS = 1_000_000  # spaCy's nlp.max_length: longer texts are refused by the tokenizer
BATCH = 256
SPLITS = ("paragraphs",)


class ImportUsageError(Exception):
    """The command cannot start (missing path, nothing to import, unknown format); exit 2."""


@dataclass
class ImportSummary:
    """What an import did: records read, documents added, duplicates, annotations, problems."""

    files: int = 0
    records: int = 0
    added: int = 0
    duplicates: int = 0
    annotations: int = 0
    unchanged: int = 0
    suggestions: int = 0
    problems: list[ReadProblem] = field(default_factory=list)
    losses: Counter[str] = field(default_factory=Counter)  # what readers could not keep, by kind
    loss_details: dict[str, str] = field(default_factory=dict)  # kind -> why, as the reader said
    notes: Counter[str] = field(default_factory=Counter)  # what readers found out, by note
    newline_twins: int = 0  # records joined to a document differing by a trailing newline
    replaced: int = 0  # answers stored over a different earlier one of the same annotator
    token_splits: int = 0  # tokens split where a span edge fell inside one
    split_documents: int = 0  # documents whose tokens were split
    label_map: LabelMapEffects = field(default_factory=LabelMapEffects)  # what --label-map did

    @property
    def skipped(self) -> int:
        """Lines or files that were reported and left out."""
        return len(self.problems)

    @property
    def imported(self) -> int:
        """Records that reached the dataset, as new documents or as ones already there."""
        return self.added + self.duplicates


def resolve_inputs(paths: Iterable[Path], fmt: str | None) -> list[tuple[Path, FormatSpec]]:
    """Pair each input with its format, expanding folders; ImportUsageError before any write."""
    spec = _named_format(fmt) if fmt else None
    pairs: list[tuple[Path, FormatSpec]] = []
    for path in paths:
        if not path.exists():
            raise ImportUsageError(f"{path}: no such file or directory; check the path")
        if path.is_dir():
            pairs.extend(_folder(path, spec))
        elif spec is not None:
            pairs.append((path, spec))
        else:
            pairs.append((path, _named_format(_guess(path))))
    return pairs


def _named_format(name: str) -> FormatSpec:
    """A registered format that can read, or ImportUsageError listing the readable ones."""
    try:
        spec = get_format(name)
    except KeyError:
        spec = None
    if spec is None or spec.reader is None:
        readable = sorted(n for n, s in load_all().items() if s.reader is not None)
        raise ImportUsageError(f"cannot import format {name!r}; use one of: {', '.join(readable)}")
    return spec


def _guess(path: Path) -> str:
    """The format a file's suffix implies, or ImportUsageError asking for --format."""
    name = format_by_suffix().get(path.suffix.lower())
    if name is None:
        readable = ", ".join(n for n, spec in load_all().items() if spec.reader is not None)
        raise ImportUsageError(
            f"{path}: cannot tell the format from {path.suffix or 'no suffix'!r}; pass --format "
            f"({readable})"
        )
    return name


def _folder(path: Path, spec: FormatSpec | None) -> list[tuple[Path, FormatSpec]]:
    """Files of a folder this import reads; formats with their own folder layout get the folder."""
    if spec is not None and spec.name not in ("jsonl", "text"):
        return [(path, spec)]
    suffixes = spec.suffixes if spec is not None else tuple(format_by_suffix())
    found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
    if not found:
        raise ImportUsageError(
            f"{path}: a folder with no {', '.join(suffixes)} files; point at files to import"
        )
    return [(p, spec or _named_format(_guess(p))) for p in found]


def reader_options(
    pairs: list[tuple[Path, FormatSpec]], given: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """Each format's parsed reader options (format name -> keywords); ImportUsageError for an
    option no input's format takes, or a value its parser refuses."""
    parsed: dict[str, dict[str, Any]] = {}
    for name, value in given.items():
        takers = {spec.name: spec for _, spec in pairs if name in spec.options}
        if not takers:
            formats = sorted({spec.name for _, spec in pairs})
            raise ImportUsageError(
                f"--{name.replace('_', '-')} does not apply to the {', '.join(formats)} format; "
                "leave it out"
            )
        for spec in takers.values():
            try:
                parsed.setdefault(spec.name, {})[name] = spec.options[name](value)
            except (FormatError, ValueError) as exc:
                flag = name.replace("_", "-")
                raise ImportUsageError(f"--{flag} {value!r}: {exc}") from None
    return parsed


def read_inputs(
    pairs: list[tuple[Path, FormatSpec]],
    split: str | None,
    options: dict[str, dict[str, Any]] | None = None,
) -> Iterator[IncomingRecord | ReadProblem]:
    """Stream records from every input in order; `options` go to readers that take them,
    and a reader that fails ends its file with a problem."""
    for path, spec in pairs:
        if spec.name == "text" and split is not None:
            items = spec.reader(path, split)  # type: ignore[call-arg, misc]
        else:
            items = spec.reader(path, **(options or {}).get(spec.name, {}))  # type: ignore[misc]
        where, line = str(path), None
        try:
            for item in items:
                where, line = item.path, item.line
                yield item
        except Exception as exc:  # a reader bug must not cost the records already read
            after = f" after line {line}" if line is not None else ""
            yield ReadProblem(
                where,
                None if line is None else line + 1,
                f"the {spec.name} reader stopped{after} ({type(exc).__name__}: {exc}); the rest "
                "of this file was not imported: check the file, and report the message",
            )


@dataclass
class _Options:
    """Settings of one import run."""

    dataset: str
    schema: LabelSchema
    annotator: str | None
    answer: str
    tokenizer: str


def import_paths(
    store: Store,
    dataset: str,
    paths: Iterable[Path],
    fmt: str | None = None,
    *,
    schema: LabelSchema,
    annotator: str | None = None,
    answer: str = "accept",
    split: str | None = None,
    on_progress: Callable[[ImportSummary], None] | None = None,
    on_problem: Callable[[ReadProblem], None] | None = None,
    options: dict[str, str] | None = None,
    label_map: dict[str, str] | None = None,
) -> ImportSummary:
    """Import files into a dataset: dedupe, validate spans, commit per batch; return a summary.

    `options` are reader options by name (`{"labels": PATH}`, `{"offsets": "utf16"}`), given to the formats that take them.
    `label_map` renames labels (old -> new) or drops them (old -> '') before records are checked.
    """
    if split is not None and split not in SPLITS:
        raise ImportUsageError(f"unknown --split {split!r}; use: {', '.join(SPLITS)}")
    if answer not in ANSWERS:
        raise ImportUsageError(f"--answer {answer!r} must be accept, reject or ignore")
    pairs = resolve_inputs(list(paths), fmt)
    parsed = reader_options(pairs, options or {})
    summary = ImportSummary(files=len(pairs))
    batch_options = _Options(dataset, schema, annotator, answer, tokenizer_id(schema.language))

    # A problem found while a batch is pending waits for it, so problems come out in input order.
    pending: dict[int, ReadProblem] = {}
    batch: list[IncomingRecord] = []
    positions: list[int] = []

    def flush() -> None:
        if batch:
            _import_batch(
                store,
                batch,
                batch_options,
                summary,
                lambda i, found: pending.update({positions[i]: found}),
            )
        for position in sorted(pending):
            summary.problems.append(pending[position])
            if on_problem is not None:
                on_problem(pending[position])
        pending.clear()
        batch.clear()
        positions.clear()

    for position, item in enumerate(read_inputs(pairs, split, parsed)):
        summary.records += 1
        if label_map and not isinstance(item, ReadProblem):
            item = apply_label_map(item, label_map, summary.label_map)
        found = item if isinstance(item, ReadProblem) else _check_text(item)
        if found is None:
            batch.append(item)  # type: ignore[arg-type]
            positions.append(position)
        else:
            pending[position] = found
        if not batch and pending:
            flush()
        elif len(batch) >= BATCH:
            flush()
            if on_progress is not None:
                on_progress(summary)
    flush()
    if on_progress is not None:
        on_progress(summary)
    return summary


def _check_text(record: IncomingRecord) -> ReadProblem | None:
    """Refuse empty texts and texts longer than the tokenizer accepts."""
    if not record.text.strip():
        return ReadProblem(record.path, record.line, "the text is empty; add text or drop it")
    if len(record.text) > MAX_CHARS:
        return ReadProblem(
            record.path,
            record.line,
            f"the text has {len(record.text):,} characters, more than the tokenizer's "
            f"{MAX_CHARS:,}; split it into smaller documents (text files: --split paragraphs)",
        )
    if "\x00" in record.text:
        return ReadProblem(record.path, record.line, "the text holds NUL characters; remove them")
    return None


def _import_batch(
    store: Store,
    batch: list[IncomingRecord],
    options: _Options,
    summary: ImportSummary,
    problem: Callable[[int, ReadProblem], None],
) -> None:
    """Tokenize a batch in one nlp.pipe pass, validate, then commit documents and annotations.

    A refused record is reported as `problem(index in batch, reason)`; a record that fails in an
    unforeseen way is refused the same way, so the rest of its batch is still stored.
    """
    ids, present = _join_newline_twins(store, batch, summary)
    plain_texts = [r.text for r in batch if r.tokens is None]
    tables = token_table_many(plain_texts, options.schema.language)
    docs: list[tuple[int, DocumentParts]] = []
    annotations: list[tuple[int, Annotation]] = []
    suggested: list[tuple[str, list[Suggestion], list[tuple[str, Suggestion]]]] = []
    splits: dict[int, int] = {}
    chosen: dict[str, Any] = {}  # doc id -> its tokens, so repeats within a batch agree
    edges: dict[str, list[int]] = {}  # doc id -> where its records' spans start and end
    for doc_id, record in zip(ids, batch, strict=True):
        edges.setdefault(doc_id, []).extend(_edges(record))
    for position, record in enumerate(batch):
        table = next(tables) if record.tokens is None else None
        try:
            if table is not None:
                table, splits[position] = _tokens_to_use(
                    store, record, ids[position], table, chosen, present, edges
                )
            made = _prepare(record, table, options)
        except Exception as exc:
            problem(position, _failed(record, "store", exc))
            continue
        if isinstance(made, ReadProblem):
            problem(position, made)
            continue
        docs.append((position, made[0]))
        if made[1] is not None:
            annotations.append((position, made[1]))
        if made[2] is not None:
            suggested.append((made[0].doc_id, *made[2]))

    def add_documents(part: list[tuple[int, DocumentParts]]) -> None:
        result = store.add_documents(options.dataset, [doc for _, doc in part])
        summary.added += result.added
        summary.duplicates += result.duplicates

    replaced: list[Annotation] = []

    def add_annotations(part: list[tuple[int, Annotation]]) -> None:
        if part:
            heard: list[Annotation] = []  # kept only once the transaction commits
            stored, unchanged = store.add_annotations(
                options.dataset, [a for _, a in part], on_replace=heard.append
            )
            replaced.extend(heard)
            summary.annotations += stored
            summary.unchanged += unchanged

    def refuse(position: int, exc: Exception) -> None:
        problem(position, _failed(batch[position], "store", exc))

    written = _write_apart(docs, add_documents, refuse)
    kept = {doc.doc_id for _, doc in written}
    _write_apart([a for a in annotations if a[1].doc_id in kept], add_annotations, refuse)
    summary.replaced += len(replaced)
    for position, _ in written:
        _count_losses(summary, batch[position])
        if splits.get(position):
            summary.token_splits += splits[position]
            summary.split_documents += 1
    for doc_id, offered, rejected in suggested:
        if doc_id in kept:
            _store_suggestions(store, options, doc_id, offered, rejected)
            summary.suggestions += len(offered) + len(rejected)


def newline_twin(text: str) -> str:
    """The same text with one trailing newline more, or one less if it ends with exactly one;
    a text ending with more newlines is its own twin (they are kept apart)."""
    if text.endswith("\n\n"):
        return text
    return text[:-1] if text.endswith("\n") else text + "\n"


def _join_newline_twins(
    store: Store, batch: list[IncomingRecord], summary: ImportSummary
) -> tuple[list[str], set[str]]:
    """Give a record whose text differs from a stored one (or one earlier in the batch) only by a
    single trailing newline that text, so both are one document; its spans keep their offsets.
    Records carrying their tokens (canonical JSONL) name their document exactly and are left.
    Returns each record's document id, and the ids among the batch's texts and their twins
    that the store holds."""
    ids = [doc_id_for(r.text) for r in batch]
    twins = [doc_id_for(newline_twin(r.text)) for r in batch]
    present = store.stored_documents(ids + twins)
    first: dict[str, str] = {}  # text without its trailing newline -> the text first seen
    for i, record in enumerate(batch):
        if record.tokens is not None:
            continue  # a canonical record names its own document exactly
        bare = min(record.text, newline_twin(record.text), key=len)
        if ids[i] not in present and twins[i] in present:
            chosen = newline_twin(record.text)
        else:
            chosen = first.setdefault(bare, record.text)
        if chosen != record.text:
            batch[i] = replace(record, text=chosen)
            ids[i] = doc_id_for(chosen)
            summary.newline_twins += 1
    return ids, present


def _tokens_to_use(
    store: Store,
    record: IncomingRecord,
    doc_id: str,
    table: Any,
    chosen: dict[str, Any],
    present: set[str],
    edges: dict[str, list[int]],
) -> tuple[Any, int]:
    """The token table a record's spans align to, and how many tokens were split for it.

    A new document's tokens are split where an edge of a span, fragment or suggestion of any
    record of its text in the batch falls inside one, once, for all of them. A document already
    stored keeps the tokens it has (its annotations index them), and records align to those.
    """
    if doc_id in chosen:
        return chosen[doc_id], 0
    if doc_id in present:
        if not (record.spans or record.suggestions):
            return table, 0  # a duplicate without spans: nothing indexes its tokens
        import numpy

        stored = store.get_document(doc_id)
        if stored is not None:  # else it went since the batch began: tokenize it as new
            rows = [(t.start, t.end, 1 if t.ws else 0) for t in stored.tokens]
            chosen[doc_id] = numpy.array(rows, dtype=numpy.int64).reshape(-1, 3)
            return chosen[doc_id], 0
    chosen[doc_id], count = split_tokens_at(table, edges.get(doc_id, ()))
    return chosen[doc_id], count


def _edges(record: IncomingRecord) -> Iterator[int]:
    """Every offset where a span, fragment or suggestion of a record starts or ends."""
    spans = [*(record.spans or ()), *(s.span for s in record.suggestions)]
    for span in spans:
        yield span.start
        yield span.end
        for start, end in span.fragments:
            yield start
            yield end


def _store_suggestions(
    store: Store,
    options: _Options,
    doc_id: str,
    offered: list[Suggestion],
    rejected: list[tuple[str, Suggestion]],
) -> None:
    """Add a document's suggestions to those stored, and record the rejections among them."""
    kept = {s.span.key: s for s in store.suggestions.get(options.dataset, doc_id)}
    kept.update((s.span.key, s) for s in offered)
    kept.update((s.span.key, s) for _, s in rejected)
    store.suggestions.replace(options.dataset, doc_id, list(kept.values()))
    for annotator, suggestion in rejected:
        span = suggestion.span
        store.suggestions.reject(
            options.dataset, doc_id, annotator, span.start, span.end, span.label
        )


def _count_losses(summary: ImportSummary, record: IncomingRecord) -> None:
    """Add what a stored record's reader could not keep to the summary."""
    for loss in record.losses:
        summary.losses[loss.kind] += loss.count
        if loss.detail:
            summary.loss_details.setdefault(loss.kind, loss.detail)
    summary.notes.update(record.notes)


Suggested = tuple[list[Suggestion], list[tuple[str, Suggestion]]]


def _prepare(
    record: IncomingRecord, table: Any, options: _Options
) -> tuple[DocumentParts, Annotation | None, Suggested | None] | ReadProblem:
    """The document to store for a record, its annotation and its suggestions (None without),
    or why not."""
    if record.spans is None and table is not None and not record.suggestions:
        return DocumentParts.of(record.text, record.meta, options.tokenizer, table), None, None
    doc = tokenized_document(record, table, options.tokenizer)
    if isinstance(doc, ReadProblem):
        return doc
    suggested = None
    if record.suggestions:
        found = suggestions_of(doc, record, options.annotator)
        if isinstance(found, ReadProblem):
            return found
        suggested = found
    if record.spans is None:
        return doc.parts, None, suggested
    made = annotation_of(doc, record, options.schema, options.annotator, options.answer)
    if isinstance(made, ReadProblem):
        return made
    return doc.parts, made, suggested


def _write_apart(
    items: list[tuple[int, Any]],
    write: Callable[[list[tuple[int, Any]]], None],
    refuse: Callable[[int, Exception], None],
) -> list[tuple[int, Any]]:
    """Write items in one go; if that fails other than in the store, one at a time, refusing
    those that fail. Returns the items written."""
    try:
        write(items)
        return items
    except StoreError:
        raise
    except Exception:
        written = []
        for item in items:
            try:
                write([item])
            except StoreError:
                raise
            except Exception as exc:
                refuse(item[0], exc)
            else:
                written.append(item)
        return written


def _failed(record: IncomingRecord, step: str, exc: Exception) -> ReadProblem:
    """A record that could not be read or stored for a reason no check foresaw."""
    return ReadProblem(
        record.path,
        record.line,
        f"cannot {step} this record ({type(exc).__name__}: {exc}); meta and span attrs must be "
        "JSON nesting under 255 levels, with integers within 64 bits",
    )
