"""Per-document splits from a hash of the document id and a seed: deterministic and stable."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

SPLIT_ORDER = ("train", "dev", "validation", "test")


class SplitSpecError(ValueError):
    """A --split value that cannot be parsed; the message shows the expected form."""


@dataclass(frozen=True, slots=True)
class SplitPlan:
    """Named splits with their shares of the documents; a document's split depends only on it."""

    ratios: tuple[tuple[str, float], ...] = (("train", 1.0),)
    seed: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        """Split names, train first and test last, as they are written."""
        return tuple(name for name, _ in self.ratios)

    def position(self, doc_id: str) -> float:
        """A document's fixed point in [0, 1): only its id and the seed move it."""
        digest = hashlib.sha256(f"{self.seed}:{doc_id}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    def split_of(self, doc_id: str) -> str:
        """The split a document belongs to."""
        if len(self.ratios) == 1:
            return self.ratios[0][0]
        point = self.position(doc_id)
        edge = 0.0
        for name, share in self.ratios:
            edge += share
            if point < edge:
                return name
        return self.ratios[-1][0]


def parse_split_spec(spec: str | None, seed: int = 0) -> SplitPlan:
    """Parse `train=0.8,dev=0.1,test=0.1` (shares summing to 1) into a SplitPlan."""
    if not spec:
        return SplitPlan(seed=seed)
    parts: list[tuple[str, float]] = []
    for item in spec.split(","):
        name, sep, value = item.strip().partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise SplitSpecError(
                f"cannot read {item.strip()!r} in --split {spec!r}; write NAME=SHARE, "
                "for example train=0.8,dev=0.1,test=0.1"
            )
        try:
            share = float(value)
        except ValueError:
            raise SplitSpecError(f"share {value!r} of split {name!r} is not a number") from None
        if not 0.0 <= share <= 1.0:
            raise SplitSpecError(f"share {share} of split {name!r} must be between 0 and 1")
        if any(existing == name for existing, _ in parts):
            raise SplitSpecError(f"split {name!r} is named twice in --split {spec!r}")
        parts.append((name, share))
    total = sum(share for _, share in parts)
    if abs(total - 1.0) > 1e-6:
        raise SplitSpecError(f"the shares in --split {spec!r} add up to {total:g}, not 1")
    return SplitPlan(ratios=tuple(parts), seed=seed)
