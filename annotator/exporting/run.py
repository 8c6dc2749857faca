"""Run an export: merge, split, validate, hand records to a format writer, publish atomically."""

from __future__ import annotations

import dataclasses
import inspect
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from annotator import __version__ as annotator_version
from annotator.errors import Issue, Refusal
from annotator.exporting.merge import MergePolicy, merge
from annotator.exporting.report import ExportReport
from annotator.exporting.splits import SplitPlan
from annotator.files import (
    OutFolderError,
    hashing_writer,
    previous_export,
    publish_export,
    remove_stale_staging,
    sha256_of,
    staging_folder,
    visible_entries,
)
from annotator.formats import get_format
from annotator.formats.base import FormatError, LineEncoding
from annotator.records import line_writer
from annotator.records.hashing import input_hash, task_hash_of_keys
from annotator.records.line_writer import DocumentView, as_document
from annotator.records.models import Annotation, CanonicalRecord, Document, token_bounds
from annotator.schema.model import LabelSchema
from annotator.validation.rules import annotation_issues, rules_of, schema_issues

# Called as source() or, if it takes a `keep` parameter, source(keep=...) with a predicate on
# document ids, so a store can skip decoding documents of the other splits. Documents may come
# as `DocumentView`s (a store's, tokens kept flat); the exporter builds models where it must.
PairSource = Callable[..., Iterable[tuple[Document | DocumentView, Annotation]]]


class ExportError(Exception):
    """An export that cannot go ahead; `code` is the exit code, `issues` the located problems."""

    def __init__(self, message: str, code: int = 1, issues: list[Issue] | None = None) -> None:
        """Keep the message, exit code and any record issues."""
        super().__init__(message)
        self.code = code
        self.issues = issues or []


@dataclass(slots=True)
class ExportOptions:
    """Everything that decides what an export writes."""

    format: str
    out_dir: Path
    schema: LabelSchema
    plan: SplitPlan = field(default_factory=SplitPlan)
    merge: MergePolicy = field(default_factory=lambda: MergePolicy("all"))
    answers: tuple[str, ...] = ("accept",)
    force: bool = False
    dataset: str | None = None
    store: str | None = None
    command: str = ""
    format_options: dict[str, Any] = field(default_factory=dict)  # e.g. {"offsets": "utf16"}
    skip_invalid: bool = False  # leave out (and list) answers with errors instead of refusing


def build_record(doc: Document, ann: Annotation, sink: list[Issue]) -> CanonicalRecord:
    """Join a stored document and annotation into a canonical record, collecting its issues.

    Spans (offsets, text, token alignment, duplicates) and timestamps are checked here; the
    document (hash, id, token list) was checked when it entered the store.
    """
    record = line_writer.canonical_record(doc, ann)
    sink.extend(annotation_problems(doc, ann))
    return record


def annotation_problems(doc: Document, ann: Annotation) -> list[Issue]:
    """The annotation's own problems against its document: spans, relation links, timestamps."""
    starts, ends = token_bounds(doc.tokens)
    return annotation_issues(doc.text, starts, ends, ann)


def pairs_of(records: Iterable[CanonicalRecord]) -> Iterator[tuple[Document, Annotation]]:
    """Split canonical records into the (document, annotation) pairs a store streams."""
    for record in records:
        yield record.document, record.annotation


class _Pass:
    """One pass over the source for one split: merge, filter, validate, count."""

    def __init__(
        self, options: ExportOptions, report: ExportReport, on_record: Callable[[], None] | None
    ) -> None:
        """Share the report, issue list and counters across passes."""
        self.options = options
        self.report = report
        self.on_record = on_record
        self.issues: list[Issue] = []
        self.warnings: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.invalid: list[dict[str, Any]] = []  # answers left out by skip_invalid
        self.rules = rules_of(options.schema)

    def records(self, source: PairSource, split: str) -> Iterator[CanonicalRecord]:
        """Yield the valid records of one split; invalid ones are kept as issues, not written."""
        answers, observe, on_record = self.options.answers, self.report.observe, self.on_record
        clean, canonical_record = self.rules.clean_fields, line_writer.canonical_record
        for view, ann in self._pairs(source, split):
            if ann.answer not in answers:
                continue
            doc = as_document(view)  # writers read the models
            checked = clean(doc.__dict__, ann.__dict__)
            if checked is not None:  # proven clean in one pass: the common case
                record = canonical_record(doc, ann, checked[0])
            else:
                full_check = self._checked_record(doc, ann)
                if full_check is None:
                    continue
                record = full_check
            observe(record)
            if on_record is not None:
                on_record()
            yield record

    def write_lines(
        self, source: PairSource, split: str, lines: LineEncoding, write: Callable[[bytes], None]
    ) -> None:
        """Write the valid records of one split as lines of a one-line-per-record format.

        A record proven clean goes from its models' field dicts straight to its line; the rest
        are built and checked in full, as `records` does.
        """
        answers, on_record = self.options.answers, self.on_record
        observe, observe_fields = self.report.observe, self.report.observe_fields
        clean, encode, encode_fields = self.rules.clean_fields, lines.encode, lines.encode_fields
        for doc, ann in self._pairs(source, split):
            a = ann.__dict__  # plain dict reads: pydantic attribute access is slower
            if a["answer"] not in answers:
                continue
            d = doc.__dict__
            checked = clean(d, a)
            if checked is not None:  # proven clean in one pass: the common case
                keys, spans = checked
                in_hash = input_hash(d["text"])
                write(encode_fields(d, a, in_hash, task_hash_of_keys(in_hash, keys), spans))
                observe_fields(d, spans)
            else:
                record = self._checked_record(doc, ann)
                if record is None:
                    continue
                write(encode(record))
                observe(record)
            if on_record is not None:
                on_record()

    def _pairs(
        self, source: PairSource, split: str
    ) -> Iterator[tuple[Document | DocumentView, Annotation]]:
        """The merged pairs of one split."""
        return merge(
            _split_pairs(source, self.options.plan, split), self.options.merge, self.skipped
        )

    def _checked_record(
        self, doc: Document | DocumentView, ann: Annotation
    ) -> CanonicalRecord | None:
        """The record of a pair after the full checks, or None if they refuse it."""
        found: list[Issue] = []
        doc = as_document(doc)
        record = build_record(doc, ann, found)
        found.extend(schema_issues(record, self.options.schema))
        if found and self._refused(doc, ann, found):
            return None
        return record

    def _refused(self, doc: Document, ann: Annotation, found: list[Issue]) -> bool:
        """Count warnings and keep errors (located at the record); whether the record is refused."""
        where = f"doc {doc.doc_id} by {ann.annotator} (revision {ann.revision})"
        errors = [dataclasses.replace(i, path=where) for i in found if i.severity == "error"]
        for issue in found:
            if issue.severity != "error":
                self.warnings[issue.code] += 1
        if errors and self.options.skip_invalid:
            self.invalid.append(
                {
                    "doc_id": doc.doc_id,
                    "annotator": ann.annotator,
                    "revision": ann.revision,
                    "errors": [f"{i.code} {i.message}" for i in errors],
                }
            )
        else:
            self.issues.extend(errors)
        return bool(errors)


def _split_pairs(
    source: PairSource, plan: SplitPlan, split: str
) -> Iterable[tuple[Document | DocumentView, Annotation]]:
    """The source's pairs whose document belongs to `split` (whole documents, before merging)."""
    if len(plan.names) == 1:
        return source()
    return _pairs_of_split(source, plan, split)


def _pairs_of_split(
    source: PairSource, plan: SplitPlan, split: str
) -> Iterator[tuple[Document | DocumentView, Annotation]]:
    """The pairs of one split out of several, asking the source to skip the others if it can."""

    def keep(doc_id: str) -> bool:
        return plan.split_of(doc_id) == split

    try:
        takes_keep = "keep" in inspect.signature(source).parameters
    except (TypeError, ValueError):
        takes_keep = False
    for pair in source(keep=keep) if takes_keep else source():
        if keep(pair[0].doc_id):
            yield pair


def _check_out_dir(out_dir: Path, force: bool) -> None:
    """Refuse a file in place of the folder, or a non-empty folder without --force."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir} exists and is not a folder; pick another --out", 2)
    if visible_entries(out_dir) and not force:
        raise ExportError(
            f"{out_dir} is not empty; choose an empty folder or pass --force to replace a previous export there",
            2,
        )


def run_export(
    source: PairSource,
    options: ExportOptions,
    on_record: Callable[[], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Export every split, validate before writing, publish the files and return the manifest.

    Staging folders of killed exports in the output folder are removed first; with `force` a
    previous export is replaced (see `files.publish_export`), and `on_warning` hears of its
    files that were kept because they changed since.
    """
    try:
        spec = get_format(options.format)
    except KeyError as exc:
        raise ExportError(str(exc.args[0]), 2) from None
    if spec.writer is None:
        raise ExportError(f"format {spec.name!r} can be read but not written", 2)
    unknown = [name for name in options.format_options if name not in spec.options]
    if unknown:
        raise ExportError(f"--{unknown[0]} does not apply to the {spec.name} format", 2)
    out_dir = options.out_dir
    _check_out_dir(out_dir, options.force)
    try:
        previous = previous_export(out_dir)
    except OutFolderError as exc:
        raise ExportError(str(exc), 2) from None
    report = ExportReport(spec.name, options.schema)
    report.track_leakage = "test" in options.plan.names
    run = _Pass(options, report, on_record)
    created = _missing_folders(out_dir)
    remove_stale_staging(out_dir)
    finished = False
    try:
        with staging_folder(out_dir) as staging:
            manifest = _write_export(spec, run, source, options, staging)
            body = orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n"
            try:
                kept = publish_export(staging, out_dir, manifest["files"], body, previous)
            except OutFolderError as exc:
                raise ExportError(str(exc), 2) from None
        if kept and on_warning is not None:
            shown = ", ".join(kept[:5]) + (f" and {len(kept) - 5} more" if len(kept) > 5 else "")
            on_warning(Refusal.OUT_KEPT_CHANGED.format(count=len(kept), names=shown))
        finished = True
        return manifest
    finally:
        if not finished:
            _remove_empty(created)


def _write_export(
    spec: Any, run: _Pass, source: PairSource, options: ExportOptions, staging: Path
) -> dict[str, Any]:
    """Write every split into the staging folder; the manifest, or ExportError before any file."""
    report = run.report
    files: list[Path] = []
    for split in options.plan.names:
        report.begin_split(split)
        try:
            if spec.lines is not None:
                files.append(_write_lines(run, source, split, spec.lines, staging))
            else:
                records = run.records(source, split)
                files.extend(spec.writer(records, staging, split, report, **options.format_options))
        except FormatError as exc:
            raise ExportError(f"{spec.name}: {exc}", 1) from None
    if run.issues:
        raise ExportError(
            f"{len(run.issues)} problem(s) in the stored annotations; nothing was written "
            "(fix them in annotate, or pass --skip-invalid to leave those answers out)",
            1,
            run.issues,
        )
    if report.total_records == 0:
        raise ExportError(_nothing_to_export(options, run.skipped), 1)
    files = list(dict.fromkeys(files))
    sums = {str(rel): _file_entry(staging / rel) for rel in files}
    return _manifest(options, report, run, sums)


def _write_lines(
    run: _Pass, source: PairSource, split: str, lines: LineEncoding, staging: Path
) -> Path:
    """Write one split of a one-line-per-record format; the file's path."""
    run.report.describe(**lines.facts)
    path = Path(f"{split}{lines.suffix}")
    with hashing_writer(staging / path) as handle:
        run.write_lines(source, split, lines, handle.write)
    return path


def _missing_folders(folder: Path) -> list[Path]:
    """The folder and those of its parents that do not exist yet, deepest first."""
    missing: list[Path] = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    return missing


def _remove_empty(folders: list[Path]) -> None:
    """Remove folders an export created and left empty (deepest first), so a failure leaves none."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _nothing_to_export(options: ExportOptions, skipped: Counter[str]) -> str:
    """Why an export found no records, and the command that would give it some."""
    wanted = ", ".join(options.answers)
    reason = f"dataset {options.dataset or ''!r} has no {wanted} answers to export"
    if skipped:
        reason += f" ({_skip_text(skipped)})"
    if options.merge.kind == "reviewed":
        dataset = f" --dataset {options.dataset}" if options.dataset else ""
        return f"{reason}; --merge reviewed exports reviewed documents only: run annotator review{dataset} first"
    if options.merge.kind == "annotator":
        return f"{reason}; check the name in --merge {options.merge} (annotator stats lists who answered)"
    return f"{reason}; annotate some documents or pass --answers"


def _skip_text(skipped: Counter[str]) -> str:
    """Render the merge skip counts."""
    return ", ".join(f"{n} document(s) {why}" for why, n in sorted(skipped.items()))


def _file_entry(path: Path) -> dict[str, Any]:
    """sha256 and size of one written file."""
    return {"sha256": sha256_of(path), "bytes": path.stat().st_size}


def _manifest(
    options: ExportOptions, report: ExportReport, run: _Pass, files: dict[str, Any]
) -> dict[str, Any]:
    """Everything an ML engineer needs to trust the export, as one JSON object."""
    plan = options.plan
    return {
        "format": options.format,
        "created_at": datetime.now(UTC).isoformat(),
        "annotator_version": annotator_version,
        "command": options.command,
        "dataset": options.dataset,
        "store": options.store,
        "schema": options.schema.ref,
        "labels": list(options.schema.label_names),
        "tokenizer": sorted(report.tokenizers),
        "offset_unit": report.facts.pop("offset_unit", "unicode code points, end-exclusive"),
        "tag_scheme": report.facts.pop("tag_scheme", None),
        "format_details": report.facts,
        "merge": str(options.merge),
        "answers": list(options.answers),
        "split": {"seed": plan.seed, "ratios": dict(plan.ratios), "unit": "document"},
        "totals": report.summary(),
        "splits": {name: stats.to_dict() for name, stats in report.splits.items()},
        "leakage": report.leakage(),
        "merge_skipped": dict(sorted(run.skipped.items())),
        "skipped_invalid": {"count": len(run.invalid), "answers": run.invalid},
        "validation_warnings": dict(sorted(run.warnings.items())),
        "dropped": report.dropped,
        "dropped_parts": dict(sorted(report.parts_dropped.items())),
        "converted": report.converted,
        "files": dict(sorted(files.items())),
    }
