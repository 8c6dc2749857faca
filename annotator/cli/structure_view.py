"""Rich tables of relation, attribute and document-label figures, shared by `evaluate` and `agreement`."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from annotator.display import safe_text


def _pct(value: float | None) -> str:
    """A ratio as a percentage with one decimal, a dash when undefined."""
    return "-" if value is None else f"{100 * value:.1f}"


def _num(value: float | None) -> str:
    """A coefficient with three decimals, a dash when undefined."""
    return "-" if value is None else f"{value:.3f}"


def structure_tables(result: dict[str, Any], ref: str, pred: str) -> list[Table]:
    """Relation P/R/F1 per label and micro, attribute agreement, document-label agreement."""
    tables: list[Table] = []
    relations = result["relations"]
    rel = Table(
        title="Relations (%): both spans matched exactly",
        title_justify="left",
    )
    for col in ("relation", "P", "R", "F1", ref, pred):
        rel.add_column(col, justify="left" if col == "relation" else "right")
    rows = [(name, relations["labels"][name]) for name in relations["labels"]]
    rows.append(("micro", relations["micro"]))
    for name, figures in rows:
        rel.add_row(
            Text(safe_text(name)),
            *(_pct(figures[k]) for k in ("precision", "recall", "f1")),
            str(figures["ref"]),
            str(figures["pred"]),
            style="bold" if name == "micro" else None,
        )
    tables.append(rel)
    attrs = Table(
        title="Attributes on spans both gave (%, kappa for enum/bool)",
        title_justify="left",
    )
    for col in ("label", "attribute", "spans", "agree", "kappa"):
        attrs.add_column(col, justify="left" if col in ("label", "attribute") else "right")
    for label, by_name in result["attributes"].items():
        for name, figures in by_name.items():
            attrs.add_row(
                Text(safe_text(label)),
                Text(safe_text(name)),
                str(figures["units"]),
                _pct(figures["agreement"]),
                _num(figures["kappa"]),
            )
    if not result["attributes"]:
        attrs.add_row("none", "", "0", "-", "-")
    tables.append(attrs)
    docs = Table(title="Document labels (%, Cohen's kappa)", title_justify="left")
    for col in ("document label", "documents", "agree", "kappa"):
        docs.add_column(col, justify="left" if col == "document label" else "right")
    for name, figures in result["doc_labels"].items():
        docs.add_row(
            Text(safe_text(name)),
            str(figures["units"]),
            _pct(figures["agreement"]),
            _num(figures["kappa"]),
        )
    if not result["doc_labels"]:
        docs.add_row("none", "0", "-", "-")
    tables.append(docs)
    return tables
