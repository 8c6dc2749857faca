"""`annotator evaluate`: precision, recall and F1 of predictions or a suggester against gold."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
import typer
from rich.table import Table

from annotator.cli import app
from annotator.cli.common import (
    console,
    err_console,
    fail,
    load_schema_or_exit,
    percent,
    suggester_or_exit,
)

if TYPE_CHECKING:
    from annotator.records.models import Span


class EvalFormat(StrEnum):
    """How evaluation results are printed."""

    table = "table"
    json = "json"


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
    predicted: dict[str, Iterable[Span]]
    try:
        gold_records = read_accepted(gold)
        gold_docs = {doc_id: (r.document, r.spans) for doc_id, r in gold_records.items()}
        if pred is not None:
            pred_records = read_accepted(pred)
            predicted = {doc_id: r.spans for doc_id, r in pred_records.items()}
        else:
            suggester = suggester_or_exit(with_ or "", load_schema_or_exit(schema))
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
            row += [percent(figures[k]) for k in ("precision", "recall", "f1")]
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
