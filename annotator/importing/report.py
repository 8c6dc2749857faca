"""`import --report FILE`: what an import did, as one JSON object."""

from __future__ import annotations

from typing import Any

from annotator.importing.run import ImportSummary


def import_report(summary: ImportSummary) -> dict[str, Any]:
    """Counts, every problem with its place, every loss by kind, token splits and label-map
    effects of one import."""
    return {
        "counts": {
            "files": summary.files,
            "records": summary.records,
            "imported": summary.imported,
            "added": summary.added,
            "duplicates": summary.duplicates,
            "skipped": summary.skipped,
            "annotations": summary.annotations,
            "unchanged": summary.unchanged,
            "replaced": summary.replaced,
            "newline_twins": summary.newline_twins,
            "suggestions": summary.suggestions,
        },
        "problems": [
            {"path": p.path, "line": p.line, "message": p.message} for p in summary.problems
        ],
        "losses": [
            {"kind": kind, "count": count, "detail": summary.loss_details.get(kind, "")}
            for kind, count in sorted(summary.losses.items())
        ],
        "token_splits": {"tokens": summary.token_splits, "documents": summary.split_documents},
        "label_map": summary.label_map.as_dict(),
        "notes": dict(summary.notes),
    }
