"""`annotator train`: a spaCy span categorizer from accepted annotations."""

from __future__ import annotations

from pathlib import Path

import typer

from annotator.cli import app
from annotator.cli.common import (
    NO_DATASETS,
    console,
    dataset_store,
    fail,
    load_schema_or_exit,
    percent,
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
        f"dev exact F1 {percent(micro['f1'])}; use it with --with model:{out}",
        markup=False,
        soft_wrap=True,
    )
