"""`annotator suggest`, `annotator train` and `annotator evaluate`: the pre-annotation and model loop."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson
import typer

from annotator.cli import app
from annotator.cli.common import (
    console,
    dataset_store,
    err_console,
    fail,
    load_schema_or_exit,
)

SUGGEST_BATCH = 256
NO_DATASETS = "none yet; add documents first"


class EvalFormat(StrEnum):
    """How evaluation results are printed."""

    table = "table"
    json = "json"


def _build_suggester(spec: str, schema: Any) -> Any:
    """Build a suggester from a spec, turning a bad spec into a clear error exit."""
    from annotator.suggest import SuggesterError, get_suggester

    try:
        return get_suggester(spec, schema)
    except SuggesterError as exc:
        raise fail(str(exc)) from None


@app.command("suggest")
def suggest_command(
    with_: str = typer.Option(
        "patterns",
        "--with",
        "-w",
        help="Suggesters: patterns[:PATH], model:PATH_OR_PACKAGE[?map=PERSON:ACTOR,...], comma-joined.",
    ),
    dataset: str | None = typer.Option(None, "--dataset", "-d", help="Dataset to pre-annotate."),
    db: str | None = typer.Option(None, "--db", help="Database URL (default from settings)."),
    schema: Path | None = typer.Option(None, "--schema", "-s", help="Schema TOML file."),
) -> None:
    """Compute suggestions for every document of a dataset and store them apart from annotations."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    label_schema = load_schema_or_exit(schema)
    suggester = _build_suggester(with_, label_schema)
    with dataset_store(db, dataset, NO_DATASETS) as (store, settings):
        name = settings.dataset
        doc_ids = store.document_ids(name)
        total = 0
        columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn())
        done = 0
        bar = Progress(
            *columns,
            TimeRemainingColumn(),
            console=err_console,
            disable=not err_console.is_terminal,
        )
        try:
            with bar as progress:
                task = progress.add_task(f"suggesting ({suggester.name})", total=len(doc_ids))
                for first in range(0, len(doc_ids), SUGGEST_BATCH):
                    chunk = doc_ids[first : first + SUGGEST_BATCH]
                    docs = [doc for doc in map(store.get_document, chunk) if doc is not None]
                    for doc, found in zip(docs, suggester.suggest(docs), strict=True):
                        store.suggestions.replace(name, doc.doc_id, found)
                        total += len(found)
                        done += 1
                    progress.advance(task, len(chunk))
        except KeyboardInterrupt:
            raise fail(
                f"interrupted; suggestions for {done:,} of {len(doc_ids):,} document(s) are "
                "stored. Running the command again recomputes them all",
                130,
            ) from None
    console.print(
        f"stored {total} suggestion(s) from {suggester.name} for {len(doc_ids)} document(s) "
        f"of dataset {name!r}"
    )


@app.command("train")
def train_command(
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the corpus, config and model."),
    dataset: str | None = typer.Option(None, "--dataset", "-d", help="Dataset to train on."),
    input_file: Path | None = typer.Option(
        None, "--input", "-i", help="Train on a canonical JSONL file instead of the store."
    ),
    db: str | None = typer.Option(None, "--db", help="Database URL (default from settings)."),
    schema: Path | None = typer.Option(None, "--schema", "-s", help="Schema TOML file."),
    max_steps: int | None = typer.Option(
        None, "--max-steps", min=1, help="Training steps at most (default: ~30 epochs, 200-2000)."
    ),
    eval_frequency: int | None = typer.Option(
        None, "--eval-frequency", min=1, help="Steps between evals (default: about one epoch)."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed of the training run."),
) -> None:
    """Train a spaCy span categorizer on accepted annotations; the best model lands in OUT/model-best."""
    from annotator.learn.evaluate import EvaluationError, read_all_records
    from annotator.learn.train import TrainingError, collect_training_data, train_model

    label_schema = load_schema_or_exit(schema)
    if input_file is not None and not input_file.is_file():
        what = "is a folder" if input_file.is_dir() else "does not exist"
        raise fail(f"--input {input_file} {what}; give a canonical JSONL file")
    try:
        if input_file is not None:
            pairs = [(r.document, r.annotation) for r in read_all_records(input_file)]
            data = collect_training_data(pairs, label_schema)
        else:
            with dataset_store(db, dataset, NO_DATASETS, read_only=True) as (store, settings):
                accepted = store.annotations(settings.dataset, ["accept"])
                data = collect_training_data(accepted, label_schema)
        result = train_model(
            data,
            label_schema,
            out,
            max_steps,
            eval_frequency,
            seed,
            log=lambda line: console.print(line, markup=False, soft_wrap=True),
            color=console.is_terminal,
        )
    except (TrainingError, EvaluationError) as exc:
        raise fail(str(exc), code=1) from None
    except OSError as exc:
        raise fail(f"cannot write to {out}: {exc.strerror}; choose another --out folder") from None
    facts = result.meta["annotator"]
    micro = facts["dev_evaluation"]["exact"]["micro"]
    console.print(
        f"saved {result.model_dir} (schema {facts['schema']}, data {facts['data_hash'][:12]}); "
        f"dev exact F1 {_pct(micro['f1'])}; use it with --with model:{out}",
        markup=False,
        soft_wrap=True,
    )


def _pct(value: float | None) -> str:
    """A ratio as a percentage, or a dash when undefined."""
    return "-" if value is None else f"{100 * value:.1f}"


@app.command("evaluate")
def evaluate_command(
    gold: Path = typer.Option(..., "--gold", "-g", help="Gold canonical JSONL."),
    pred: Path | None = typer.Option(None, "--pred", "-p", help="Predicted canonical JSONL."),
    with_: str | None = typer.Option(
        None, "--with", "-w", help="Score a suggester instead: patterns, model:PATH..."
    ),
    schema: Path | None = typer.Option(None, "--schema", "-s", help="Schema TOML file."),
    output: EvalFormat = typer.Option(EvalFormat.table, "--format", "-f", help="table or json."),
) -> None:
    """Precision, recall and F1 per label and overall, with exact and token-overlap matching."""
    from annotator.learn.evaluate import (
        EvaluationError,
        evaluate_pairs,
        evaluate_structure,
        read_accepted,
        suggested_spans,
    )
    from annotator.learn.structure import Kinds

    if (pred is None) == (with_ is None):
        raise fail("give exactly one of --pred FILE.jsonl or --with SUGGESTER")
    pred_records = None
    try:
        gold_records = read_accepted(gold)
        gold_docs = {doc_id: (r.document, r.spans) for doc_id, r in gold_records.items()}
        if pred is not None:
            pred_records = read_accepted(pred)
            predicted = {doc_id: r.spans for doc_id, r in pred_records.items()}
        else:
            suggester = _build_suggester(with_ or "", load_schema_or_exit(schema))
            predicted = dict(suggested_spans(gold_docs, suggester))
    except EvaluationError as exc:
        raise fail(str(exc)) from None
    evaluation = evaluate_pairs(gold_docs, predicted)
    if pred is not None and pred_records is not None:
        _check_same_documents(gold, pred, set(gold_docs), set(predicted))
        kinds = Kinds.of(load_schema_or_exit(schema))
        evaluation.structure = evaluate_structure(gold_records, pred_records, kinds)
    result = evaluation.to_dict()
    if output is EvalFormat.json:
        console.out(orjson.dumps(result).decode(), highlight=False)
        return
    _print_table(result)


def _check_same_documents(gold: Path, pred: Path, gold_ids: set[str], pred_ids: set[str]) -> None:
    """Exit 1 when the two files share no document; warn about documents only one file has."""
    common = gold_ids & pred_ids
    if not common:
        raise fail(
            f"none of the {len(pred_ids)} document(s) in {pred} is in {gold}: documents are "
            "matched by doc_id, which comes from the text; predict on the gold texts "
            "(for example export them and run your model on that file)",
            1,
        )
    if len(common) < len(gold_ids):
        err_console.print(
            f"warning: {len(gold_ids) - len(common)} of {len(gold_ids)} gold document(s) have no "
            f"prediction in {pred}; they count as predicting nothing",
            markup=False,
        )
    if len(common) < len(pred_ids):
        err_console.print(
            f"warning: {len(pred_ids) - len(common)} predicted document(s) are not in {gold} "
            "and are left out",
            markup=False,
        )


def _print_table(result: dict[str, Any]) -> None:
    """Per-label and micro rows for both match kinds, then label confusions."""
    from rich.table import Table

    table = Table(
        title=f"{result['docs']} document(s)",
        caption="P R F1: exact match; oP oR oF1: token-overlap match (%)",
    )
    table.add_column("label")
    for prefix in ("", "o"):
        for col in ("P", "R", "F1"):
            table.add_column(f"{prefix}{col}", justify="right")
    table.add_column("gold", justify="right")
    table.add_column("pred", justify="right")
    labels = sorted(result["exact"]["labels"])
    for label in [*labels, "micro"]:
        row = [label]
        for kind in ("exact", "overlap"):
            figures = result[kind]["micro"] if label == "micro" else result[kind]["labels"][label]
            row += [_pct(figures[k]) for k in ("precision", "recall", "f1")]
        counts = result["exact"]["micro"] if label == "micro" else result["exact"]["labels"][label]
        row += [str(counts["ref"]), str(counts["pred"])]
        table.add_row(*row, style="bold" if label == "micro" else None)
    console.print(table)
    for item in result["confusions"]:
        console.print(
            f"same span, gold {item['gold']} predicted as {item['pred']}: {item['count']}"
        )
    if "relations" in result:
        from annotator.cli.structure_view import structure_tables

        for table in structure_tables(result, "gold", "pred"):
            console.print(table)
