"""`annotator agreement`: inter-annotator agreement on documents answered by several."""

from __future__ import annotations

from pathlib import Path

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from annotator.cli import app
from annotator.cli.common import (
    SKIP_BAD_HELP,
    ReportFormat,
    console,
    dataset_store,
    fail,
    load_schema_or_exit,
    print_json,
    report_skipped,
)
from annotator.display import safe_text

PAIR_WIDTH = 24


def _names(value: str | None) -> list[str] | None:
    """Split a comma-separated option into names; None when not given."""
    if not value:
        return None
    names = [v.strip() for v in value.split(",") if v.strip()]
    return names or None


def _num(value: float | None, digits: int = 3) -> str:
    """A figure for a table cell, a dash when undefined."""
    return "-" if value is None else f"{value:.{digits}f}"


@app.command("agreement")
def agreement_command(
    dataset: str | None = typer.Option(None, "--dataset", "-d", help="Dataset to compare."),
    annotators: str | None = typer.Option(
        None, "--annotators", "-a", help="Only these annotators, comma-separated."
    ),
    labels: str | None = typer.Option(
        None, "--labels", "-l", help="Only these labels, comma-separated."
    ),
    output: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f", help="text or json."),
    worst: int = typer.Option(10, "--worst", help="How many lowest-agreement documents to list."),
    db: str | None = typer.Option(None, "--db", help="Database URL (default from settings)."),
    schema: Path | None = typer.Option(
        None, "--schema", "-s", help="Schema TOML: labels with may_contain get a layer each."
    ),
    skip_bad: bool = typer.Option(False, "--skip-bad", help=SKIP_BAD_HELP),
) -> None:
    """Inter-annotator agreement on documents answered by several annotators (exit 1 if none)."""
    from annotator.learn.agreement import build_table, compute_agreement
    from annotator.learn.structure import Kinds, keep_versions, pairwise_structure
    from annotator.store import SkippedRows

    label_schema = load_schema_or_exit(schema)
    containers = tuple(spec.name for spec in label_schema.labels if spec.may_contain)
    wanted = _names(annotators)
    if wanted is not None and len(set(wanted)) < 2:
        raise fail(f"--annotators {annotators!r}: name two or more annotators to compare")
    wanted_labels = _names(labels)
    unknown = [label for label in wanted_labels or () if label not in label_schema.by_name]
    if unknown:
        raise fail(
            f"--labels: unknown label(s) {', '.join(unknown)}; {label_schema.ref} has "
            f"{', '.join(label_schema.label_names)} (names are case-sensitive)"
        )
    skipped = SkippedRows() if skip_bad else None
    with dataset_store(db, dataset, read_only=True) as (store, settings):
        records = store.annotations(settings.dataset, ["accept"], skip_bad=skipped)
        versions: list = []
        table = build_table(keep_versions(records, versions, wanted), wanted, wanted_labels)
    report_skipped(skipped)
    if wanted:
        missing = sorted(set(wanted) - set(table.annotators))
        if missing:
            known = ", ".join(sorted({*table.annotators, *table.others})) or "none"
            raise fail(
                f"no accepted answers by {', '.join(missing)} in {settings.dataset!r} "
                f"(annotators with accepted answers: {known})"
            )
    report = compute_agreement(table, containers)
    if not report.pairs:
        raise fail(
            f"no document of {settings.dataset!r} was accepted by two or more of "
            f"{', '.join(table.annotators) or 'its annotators'}; "
            "set [queue] overlap = 2 in annotator.toml so documents go to several annotators",
            1,
        )
    structure = pairwise_structure(versions, Kinds.of(label_schema), wanted_labels).to_dict()
    if output is ReportFormat.json:
        print_json({"dataset": settings.dataset, **report.to_dict(worst), **structure})
        return
    _render_agreement(report, settings.dataset, worst)
    from annotator.cli.structure_view import structure_tables

    for part in structure_tables(structure, "first", "second"):
        console.print(part)


def _render_agreement(report, dataset: str, worst: int) -> None:
    """Print the agreement report as Rich tables."""
    console.print(
        f"[bold]{escape(safe_text(dataset))}[/]: {len(report.annotators)} annotators, "
        f"{report.docs_compared} documents answered by two or more",
        markup=True,
    )
    layers = list(report.layers)
    pairs = Table(
        title="Pairs: exact span match (first annotator as reference)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    kappa_table = Table(title="Token kappa per pair", title_justify="left", box=box.SIMPLE_HEAD)
    for table in (pairs, kappa_table):
        table.add_column("pair", overflow="fold", max_width=PAIR_WIDTH)
    for col in ("docs", "P", "R", "F1", "macro F1", "overlap F1"):
        pairs.add_column(col, justify="right", no_wrap=True)
    for layer in layers:
        kappa_table.add_column(f"κ {layer}", justify="right", no_wrap=True)
    rows = [(f"{p.a} / {p.b}", p.docs, p.exact, p.overlap, p.kappa) for p in report.pairs]
    rows.append(
        ("all pairs", sum(p.docs for p in report.pairs), report.exact, report.overlap, None)
    )
    from annotator.learn.agreement import macro_f1, micro

    for name, docs, exact, overlap, kappa in rows:
        e = micro(exact)
        kappas = report.mean_kappa if kappa is None else kappa
        pairs.add_row(
            name,
            str(docs),
            _num(e.precision),
            _num(e.recall),
            _num(e.f1),
            _num(macro_f1(exact)),
            _num(micro(overlap).f1),
        )
        kappa_table.add_row(
            "all pairs (mean)" if kappa is None else name,
            *(_num(kappas.get(layer)) for layer in layers),
        )
    console.print(pairs)
    console.print(kappa_table)
    per_label = Table(title="Per label, all pairs pooled", title_justify="left")
    for col in ("label", "pair spans", "P", "R", "F1", "overlap F1"):
        per_label.add_column(col, justify="left" if col == "label" else "right")
    overlap = report.overlap
    for label, c in report.exact.items():
        per_label.add_row(
            label,
            str(c.ref + c.pred),
            _num(c.precision),
            _num(c.recall),
            _num(c.f1),
            _num(overlap[label].f1),
        )
    console.print(per_label)
    coeff = Table(title="Chance-corrected, token level", title_justify="left")
    for col in ("layer", "labels", "mean Cohen's kappa", "Krippendorff's alpha"):
        coeff.add_column(col, justify="left" if col in ("layer", "labels") else "right")
    for layer in layers:
        coeff.add_row(
            layer,
            ", ".join(report.layers[layer]),
            _num(report.mean_kappa[layer]),
            _num(report.alpha[layer]),
        )
    console.print(coeff)
    for layer, matrix in report.confusion.items():
        names = ["O", *report.layers[layer]]
        confusion = Table(
            title=f"Label confusion, {layer} (tokens; rows one annotator, columns the other)",
            title_justify="left",
        )
        confusion.add_column("")
        for name in names:
            confusion.add_column(name, justify="right")
        for name, row in zip(names, matrix.tolist(), strict=True):
            confusion.add_row(name, *(str(v) for v in row))
        console.print(confusion)
    docs = Table(title=f"Lowest agreement first (worst {worst})", title_justify="left")
    for col in ("doc_id", "title", "annotators", "span F1"):
        docs.add_column(col, justify="right" if col in ("annotators", "span F1") else "left")
    for d in report.documents[:worst]:
        docs.add_row(d.doc_id, d.title[:50], str(d.annotators), _num(d.f1))
    console.print(docs)
