"""Exports for ML teams: merge policies, leak-free splits, validation, atomic files, a manifest."""

from annotator.exporting.merge import MergePolicy, MergePolicyError, parse_merge
from annotator.exporting.run import ExportError, ExportOptions, pairs_of, run_export
from annotator.exporting.splits import SplitPlan, SplitSpecError, parse_split_spec

__all__ = [
    "ExportError",
    "ExportOptions",
    "MergePolicy",
    "MergePolicyError",
    "SplitPlan",
    "SplitSpecError",
    "pairs_of",
    "parse_merge",
    "parse_split_spec",
    "run_export",
]
