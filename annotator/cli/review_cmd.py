"""`annotator review`: adjudicating documents several annotators answered."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from annotator.cli import app
from annotator.cli.common import (
    console,
    dataset_store,
    fail,
    load_schema_or_exit,
)

if TYPE_CHECKING:
    from annotator.store import Store


@app.command("review")
def review_command(
    dataset: str | None = typer.Option(None, "--dataset", "-d", help="Dataset to review."),
    reviewer: str | None = typer.Option(
        None, "--reviewer", "-r", help="Name the revisions are stored under (default: you)."
    ),
    auto_accept_unanimous: bool = typer.Option(
        False,
        "--auto-accept-unanimous",
        help="Store a review of every document all its annotators agree on, without a screen.",
    ),
    min_versions: int = typer.Option(
        2, "--min-versions", min=2, help="Review documents with at least this many versions."
    ),
    db: str | None = typer.Option(None, "--db", help="Database URL (default from settings)."),
    schema: Path | None = typer.Option(
        None,
        "--schema",
        "-s",
        help="Schema TOML (default: annotator.toml's, else the shipped one).",
    ),
) -> None:
    """Adjudicate documents several annotators answered; the result is the reviewer's revision."""
    from annotator.review import auto_accept_unanimous as unanimous_revisions

    label_schema = load_schema_or_exit(schema) if not auto_accept_unanimous else None
    with dataset_store(db, dataset) as (store, settings):
        name = reviewer or settings.annotator
        if label_schema is not None:
            _open_review_screen(store, settings, name, min_versions, label_schema)
            return
        skipped: Counter[str] = Counter()
        records = list(store.annotations(settings.dataset))
        revisions = list(unanimous_revisions(records, name, skipped, min_versions))
        for revision in revisions:
            store.add_annotation(settings.dataset, revision)
    console.print(
        f"accepted {len(revisions)} unanimous document(s) in {settings.dataset!r} "
        f"as reviewer {name!r}; `annotator export --merge reviewed` exports them",
        soft_wrap=True,
    )
    for reason, count in sorted(skipped.items()):
        console.print(f"  skipped {count}: {reason}", soft_wrap=True)


def _open_review_screen(
    store: Store, settings, reviewer: str, min_versions: int, label_schema
) -> None:
    """Run the review screen over the documents left to review, or say why there are none."""
    try:
        from annotator.tui.bindings import KeymapError, build_keymap
        from annotator.tui.review_app import ReviewApp
        from annotator.tui.review_flow import ReviewFlow
    except ImportError:
        raise fail(
            "the review screen needs the TUI, which is not installed in this build; "
            "use --auto-accept-unanimous for documents all annotators agree on"
        ) from None
    try:
        keymap = build_keymap(label_schema, settings.keys)
    except KeymapError as exc:
        raise fail(f"{settings.source}: key clash\n{exc}") from None
    flow = ReviewFlow(store, settings.dataset, reviewer, label_schema, min_versions)
    if not flow.items:
        console.print(f"nothing to review in {settings.dataset!r} for reviewer {reviewer!r}")
        for reason, count in sorted(flow.skipped.items()):
            console.print(f"  skipped {count}: {reason}", soft_wrap=True)
        return
    ReviewApp(flow, keymap).run()
