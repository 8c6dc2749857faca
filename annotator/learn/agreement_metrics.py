"""Pure agreement arithmetic: span match counts, Cohen's kappa and nominal Krippendorff's alpha."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)
class Counts:
    """Span counts of one label: reference spans, predicted spans and how many of each matched."""

    ref: int = 0
    pred: int = 0
    matched_ref: int = 0
    matched_pred: int = 0

    def __add__(self, other: Counts) -> Counts:
        """Pool two counts."""
        return Counts(
            self.ref + other.ref,
            self.pred + other.pred,
            self.matched_ref + other.matched_ref,
            self.matched_pred + other.matched_pred,
        )

    @property
    def precision(self) -> float | None:
        """Share of predicted spans that match; None without predicted spans."""
        return self.matched_pred / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        """Share of reference spans that are matched; None without reference spans."""
        return self.matched_ref / self.ref if self.ref else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall (0 when one side is empty); None if both are."""
        if not self.ref and not self.pred:
            return None
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {
            "ref": self.ref,
            "pred": self.pred,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def micro(per_label: dict[str, Counts]) -> Counts:
    """Pool the counts of every label."""
    total = Counts()
    for counts in per_label.values():
        total = total + counts
    return total


def macro_f1(per_label: dict[str, Counts]) -> float | None:
    """Mean F1 over the labels either side used."""
    scores = [c.f1 for c in per_label.values() if c.f1 is not None]
    return sum(scores) / len(scores) if scores else None


def cohen_kappa(confusion: np.ndarray) -> float | None:
    """Cohen's kappa from a square confusion matrix; None when chance agreement is total."""
    n = confusion.sum()
    if not n:
        return None
    observed = np.trace(confusion) / n
    expected = float((confusion.sum(axis=1) * confusion.sum(axis=0)).sum()) / (n * n)
    if expected >= 1.0:
        return None
    return float((observed - expected) / (1.0 - expected))


def alpha_from_columns(
    columns: list[np.ndarray], unanimous: np.ndarray | None = None
) -> float | None:
    """Nominal Krippendorff's alpha from one per-unit count vector per category.

    alpha = 1 - (n - 1) * sum_u (m_u^2 - sum_c n_uc^2) / (m_u - 1) / (n^2 - sum_c n_c^2), over
    units with m_u >= 2 values, n = sum m_u, n_c = sum_u n_uc (Krippendorff 2011).
    `unanimous` adds per-category pairable values of units left out because all their values
    agree (they add to n and n_c, never to the observed disagreement).
    """
    if not columns:
        return None
    pairable = np.zeros(len(columns[0]), dtype=np.int64)
    squares = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        pairable += column
        squares += column.astype(np.int64) ** 2
    keep = pairable >= 2
    n = int(pairable[keep].sum())
    totals = np.array([int(column[keep].sum()) for column in columns], dtype=np.float64)
    if unanimous is not None:
        totals += unanimous
        n += int(unanimous.sum())
    expected = float(n) * n - float((totals * totals).sum())
    if n <= 1 or expected == 0:
        return None
    disagreeing = pairable * pairable - squares
    spread = keep & (disagreeing > 0)
    observed = float((disagreeing[spread] / (pairable[spread] - 1)).sum())
    return 1.0 - (n - 1) * observed / expected


def krippendorff_alpha_nominal(values: np.ndarray, missing: int = -1) -> float | None:
    """Nominal Krippendorff's alpha of a coders x units matrix with `missing` for no value."""
    values = np.asarray(values)
    categories = np.unique(values[values != missing])
    return alpha_from_columns([(values == c).sum(axis=0) for c in categories])
