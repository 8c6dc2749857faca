"""`annotator annotate`: open the annotation screen on the next task of a dataset."""

from __future__ import annotations

from pathlib import Path

import typer

from annotator.cli import app
from annotator.cli.common import console, fail, load_schema_or_exit, open_store_or_exit


@app.command()
def annotate(
    db: str | None = typer.Option(
        None, "--db", help="Store URL (sqlite:///file.db or postgresql://...)."
    ),
    dataset: str | None = typer.Option(None, "--dataset", "-d", help="Dataset to annotate."),
    annotator: str | None = typer.Option(None, "--annotator", "-a", help="Your annotator name."),
    schema: Path | None = typer.Option(None, "--schema", "-s", help="Schema TOML file."),
    suggest: str | None = typer.Option(
        None, "--suggest", help="Pre-annotate with a suggester: 'patterns' or 'model:PATH'."
    ),
    screenshot: Path | None = typer.Option(
        None, "--screenshot", help="Save an SVG of the first screen to this path.", hidden=True
    ),
) -> None:
    """Annotate spans keyboard-only; every edit is saved as you go (press ? for keys)."""
    import os

    os.environ.setdefault("TEXTUAL_FPS", "240")  # frames follow keys within ~4 ms, not 16
    from annotator.config import ConfigError, load_settings
    from annotator.store import StoreError

    try:
        settings = load_settings(db, dataset, annotator)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    label_schema = load_schema_or_exit(
        schema or (Path(settings.schema) if settings.schema else None)
    )
    from annotator.tui.keymap import KeymapError, build_keymap

    try:
        keymap = build_keymap(label_schema, settings.keys)
    except KeymapError as exc:
        raise fail(f"{settings.source}: key clash\n{exc}") from None
    suggester = None
    if suggest:
        from annotator.suggest import SuggesterError, get_suggester

        try:
            suggester = get_suggester(suggest, label_schema)
        except SuggesterError as exc:
            raise fail(f"--suggest: {exc}") from None
    from annotator.tui.flow import import_sample

    store = open_store_or_exit(settings.db, create=True)
    try:
        size = getattr(store, "dataset_size", None)
        empty = size(settings.dataset) == 0 if size else not store.document_ids(settings.dataset)
        others = [name for name in store.datasets() if name != settings.dataset] if empty else []
        if others:
            raise fail(
                f"dataset {settings.dataset!r} has no documents in {store.display_url()} "
                f"(datasets: {', '.join(others)}); pick one with --dataset NAME, or add documents "
                f"with: annotator import FILE --dataset {settings.dataset}"
            )
        if empty:
            added = import_sample(store, settings.dataset)
            if added:
                console.print(f"imported the sample ({added} document) into {settings.dataset!r}")
        from annotator.tui.app import AnnotatorApp
        from annotator.tui.flow import TaskFlow

        flow = TaskFlow(
            store,
            settings.dataset,
            settings.annotator,
            label_schema,
            settings.overlap,
            settings.claim_seconds,
            suggester,
        )
        AnnotatorApp(flow, keymap, screenshot).run()
    except StoreError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
