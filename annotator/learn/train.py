"""Train a spaCy span categorizer on accepted annotations: DocBins, config, CPU training, meta.json."""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import Errors
from annotator.exporting.merge import MergePolicy, merge
from annotator.exporting.run import build_record
from annotator.exporting.splits import SplitPlan
from annotator.records.models import Annotation, CanonicalRecord, Document
from annotator.schema.model import LabelSchema
from annotator.validation.rules import schema_issues

SPANS_KEY = "sc"
DEFAULT_PLAN = SplitPlan(ratios=(("train", 0.8), ("dev", 0.2)), seed=0)
MIN_TRAIN_DOCS = 1
MIN_DEV_DOCS = 1
MIN_SPANS = 2
EPOCHS = 30  # passes over the train split when --max-steps is not given
MIN_STEPS = 200
MAX_STEPS = 2000  # spaCy's default max_steps: the ceiling for large corpora
PATIENCE_EVALS = 5  # stop after this many evaluations without a better dev score
FIRST_BATCH_WORDS = 100  # spaCy's batch_by_words starts at 100 words (compounding to 1000)


class TrainingError(Exception):
    """Training cannot go ahead (too little data, bad output folder); the message says what to do."""


@dataclass(slots=True)
class TrainingData:
    """The records of each split, what was left out, and the facts the config needs."""

    train: list[CanonicalRecord] = field(default_factory=list)
    dev: list[CanonicalRecord] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def spans(self) -> int:
        """Number of spans over both splits."""
        return sum(len(r.spans) for r in (*self.train, *self.dev))

    @property
    def labels(self) -> list[str]:
        """Labels present in the data, sorted."""
        return sorted({s.label for r in (*self.train, *self.dev) for s in r.spans})

    @property
    def longest_span(self) -> int:
        """Token length of the longest span: the suggester must propose spans this long."""
        lengths = [
            s.token_end - s.token_start + 1 for r in (*self.train, *self.dev) for s in r.spans
        ]
        return max(lengths, default=1)

    def data_hash(self) -> str:
        """sha256 over each record's split, doc id, text hash and spans: names the exact data."""
        digest = hashlib.sha256()
        for split, records in (("train", self.train), ("dev", self.dev)):
            for record in sorted(records, key=lambda r: r.doc_id):
                spans = sorted(s.key for s in record.spans)
                digest.update(f"{split}|{record.doc_id}|{record.text_sha256}|{spans}\n".encode())
        return digest.hexdigest()


def collect_training_data(
    pairs: Iterable[tuple[Document, Annotation]],
    schema: LabelSchema,
    plan: SplitPlan = DEFAULT_PLAN,
) -> TrainingData:
    """Accepted, schema-valid annotations merged to one per document and split by document id."""
    data = TrainingData()
    ordered = sorted(
        ((doc, ann) for doc, ann in pairs if ann.answer == "accept"), key=lambda p: p[0].doc_id
    )
    for doc, ann in merge(ordered, MergePolicy("majority"), data.skipped):
        issues: list = []
        record = build_record(doc, ann, issues)
        issues.extend(i for i in schema_issues(record, schema) if i.kind is not Errors.E307)
        if any(i.severity == "error" for i in issues):
            data.skipped["fails validation (run annotator validate on an export)"] += 1
            continue
        target = data.dev if plan.split_of(record.doc_id) == "dev" else data.train
        target.append(record)
    _ensure_both_splits(data, plan)
    return data


def _ensure_both_splits(data: TrainingData, plan: SplitPlan) -> None:
    """Move the document nearest the split edge when one side is empty, so both splits exist."""
    if data.dev or len(data.train) < 2:
        if not data.train and len(data.dev) >= 2:
            data.dev.sort(key=lambda r: plan.position(r.doc_id))
            data.train.append(data.dev.pop(0))
        return
    data.train.sort(key=lambda r: plan.position(r.doc_id))
    data.dev.append(data.train.pop())


def check_enough(data: TrainingData) -> None:
    """TrainingError with counts and a way forward when there is too little to train on."""
    if len(data.train) < MIN_TRAIN_DOCS or len(data.dev) < MIN_DEV_DOCS or data.spans < MIN_SPANS:
        left_out = ", ".join(f"{n} {why}" for why, n in data.skipped.items()) or "none"
        raise TrainingError(
            f"too little data to train: {len(data.train)} train and {len(data.dev)} dev "
            f"document(s) with {data.spans} span(s) (left out: {left_out}); annotate and accept at "
            f"least {MIN_TRAIN_DOCS + MIN_DEV_DOCS} documents with {MIN_SPANS} spans or more"
        )


class _ConversionNotes:
    """The small report object the spaCy DocBin writer expects; counts spans kept out of doc.ents."""

    def __init__(self) -> None:
        """Start with nothing noted."""
        self.notes: Counter[str] = Counter()

    def convert(self, record: Any, span: Any, note: str) -> None:
        """Count one conversion note."""
        self.notes[note] += 1


def write_docbins(data: TrainingData, folder: Path, language: str) -> dict[str, Path]:
    """Write train.spacy and dev.spacy into a folder with every span in doc.spans['sc']."""
    from spacy.tokens import DocBin

    from annotator.formats.spacy_docbin import record_doc
    from annotator.records.tokenization import blank_pipeline

    vocab = blank_pipeline(language).vocab
    notes = _ConversionNotes()
    paths: dict[str, Path] = {}
    for split, records in (("train", data.train), ("dev", data.dev)):
        docbin = DocBin(store_user_data=False)
        for record in records:
            docbin.add(record_doc(record, vocab, notes))
        paths[split] = folder / f"{split}.spacy"
        docbin.to_disk(paths[split])
    return paths


@dataclass(frozen=True, slots=True)
class StepPlan:
    """How long training runs: a step ceiling, how often it evaluates, when it stops early."""

    steps_per_epoch: int
    max_steps: int
    eval_frequency: int
    patience: int

    def describe(self) -> str:
        """One line for the start of training."""
        epochs = self.max_steps / self.steps_per_epoch
        return (
            f"about {self.steps_per_epoch} step(s) per epoch, at most {self.max_steps} steps "
            f"(~{epochs:.0f} epochs), evaluating every {self.eval_frequency}, stopping early "
            f"after {self.patience} steps without a better dev score"
        )


def plan_steps(
    data: TrainingData, max_steps: int | None = None, eval_frequency: int | None = None
) -> StepPlan:
    """Scale training to the data: EPOCHS passes over the train split, within MIN/MAX_STEPS.

    Steps per epoch are estimated as spaCy batches them: documents of at least
    FIRST_BATCH_WORDS tokens are one batch each, shorter ones are packed together.
    """
    lengths = [len(r.tokens) for r in data.train]
    long_docs = sum(1 for n in lengths if n >= FIRST_BATCH_WORDS)
    short_words = sum(n for n in lengths if n < FIRST_BATCH_WORDS)
    per_epoch = max(1, long_docs + math.ceil(short_words / FIRST_BATCH_WORDS))
    steps = max_steps or min(MAX_STEPS, max(MIN_STEPS, EPOCHS * per_epoch))
    every = eval_frequency or min(200, max(10, per_epoch, steps // 20))
    every = min(every, steps)
    return StepPlan(per_epoch, steps, every, every * PATIENCE_EVALS)


def build_config(
    language: str,
    max_span_tokens: int,
    max_steps: int,
    eval_frequency: int,
    seed: int = 0,
    patience: int | None = None,
) -> Any:
    """A CPU spancat config whose n-gram suggester proposes spans of 1 to `max_span_tokens` tokens."""
    from spacy.cli.init_config import init_config

    config = init_config(lang=language, pipeline=["spancat"], optimize="efficiency", gpu=False)
    config["components"]["spancat"]["suggester"] = {
        "@misc": "spacy.ngram_range_suggester.v1",
        "min_size": 1,
        "max_size": max(1, max_span_tokens),
    }
    config["components"]["spancat"]["spans_key"] = SPANS_KEY
    training = config["training"]
    training["max_steps"] = max_steps
    training["eval_frequency"] = eval_frequency
    training["patience"] = patience if patience is not None else eval_frequency * PATIENCE_EVALS
    training["seed"] = seed
    config["system"]["seed"] = seed
    return config


@dataclass(slots=True)
class TrainResult:
    """Where the best model went and how it scored on the dev split."""

    model_dir: Path
    meta: dict[str, Any]


def train_model(
    data: TrainingData,
    schema: LabelSchema,
    out_dir: Path,
    max_steps: int | None = None,
    eval_frequency: int | None = None,
    seed: int = 0,
    log: Callable[[str], None] | None = None,
    color: bool = True,
) -> TrainResult:
    """Write the data and config under `out_dir`, train on the CPU, and record provenance in meta.json.

    Without `max_steps`/`eval_frequency` the length follows the data (`plan_steps`); `color=False`
    keeps spaCy's progress lines free of colour codes and icons (for a pipe or a log file).
    """
    from spacy.cli.train import train as spacy_train

    check_enough(data)
    plan = plan_steps(data, max_steps, eval_frequency)
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus_dir = out_dir / "corpus"
    corpus_dir.mkdir(exist_ok=True)
    paths = write_docbins(data, corpus_dir, schema.language)
    config = build_config(
        schema.language,
        data.longest_span,
        plan.max_steps,
        plan.eval_frequency,
        seed,
        patience=plan.patience,
    )
    config_path = out_dir / "config.cfg"
    config.to_disk(config_path)
    overrides = {"paths.train": str(paths["train"]), "paths.dev": str(paths["dev"])}
    if log is None:
        sink = io.StringIO()
        with redirect_stdout(sink), _spacy_output(color=False):
            spacy_train(config_path, out_dir, overrides=overrides, use_gpu=-1)
    else:
        log(
            f"training spancat on {len(data.train)} train / {len(data.dev)} dev documents, "
            f"{data.spans} spans, n-grams 1..{data.longest_span} tokens: {plan.describe()}"
        )
        with _spacy_output(color):
            spacy_train(config_path, out_dir, overrides=overrides, use_gpu=-1)
    model_dir = out_dir / "model-best"
    meta = _record_provenance(model_dir, data, schema, plan, dev_scores(model_dir, data, schema))
    return TrainResult(model_dir=model_dir, meta=meta)


_PLAIN_ENV = {"ANSI_COLORS_DISABLED": "1", "WASABI_NO_PRETTY": "1", "WASABI_LOG_FRIENDLY": "1"}


@contextmanager
def _spacy_output(color: bool) -> Iterator[None]:
    """While training, without `color`: spaCy's wasabi printers write plain text, no ANSI codes."""
    if color:
        yield
        return
    import wasabi

    saved_env = {name: os.environ.get(name) for name in _PLAIN_ENV}
    saved = (wasabi.msg.show_color, wasabi.msg.pretty, wasabi.msg.hide_animation)
    os.environ.update(_PLAIN_ENV)  # printers spaCy creates during training read these
    wasabi.msg.show_color, wasabi.msg.pretty, wasabi.msg.hide_animation = False, False, True
    try:
        yield
    finally:
        wasabi.msg.show_color, wasabi.msg.pretty, wasabi.msg.hide_animation = saved
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def dev_scores(model_dir: Path, data: TrainingData, schema: LabelSchema) -> dict[str, Any]:
    """Exact and overlap P/R/F1 per label of the model's schema-checked suggestions on the dev split."""
    from annotator.learn.evaluate import evaluate_pairs, suggested_spans
    from annotator.suggest.model import ModelSuggester, load_pipeline

    suggester = ModelSuggester(load_pipeline(str(model_dir)), schema, {}, model_dir.name)
    gold = {r.doc_id: (r.document, r.spans) for r in data.dev}
    return evaluate_pairs(gold, dict(suggested_spans(gold, suggester))).to_dict()


def _record_provenance(
    model_dir: Path,
    data: TrainingData,
    schema: LabelSchema,
    plan: StepPlan,
    evaluation: dict[str, Any],
) -> dict[str, Any]:
    """Add the schema, data hash, split sizes and dev scores to the model's meta.json."""
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    performance = meta.get("performance", {})
    meta["annotator"] = {
        "schema": schema.ref,
        "labels": data.labels,
        "data_hash": data.data_hash(),
        "train_docs": len(data.train),
        "dev_docs": len(data.dev),
        "spans": data.spans,
        "max_span_tokens": data.longest_span,
        "max_steps": plan.max_steps,
        "eval_frequency": plan.eval_frequency,
        "patience": plan.patience,
        "scores": {
            "precision": performance.get(f"spans_{SPANS_KEY}_p"),
            "recall": performance.get(f"spans_{SPANS_KEY}_r"),
            "f1": performance.get(f"spans_{SPANS_KEY}_f"),
        },
        "dev_evaluation": evaluation,
    }
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    return meta
