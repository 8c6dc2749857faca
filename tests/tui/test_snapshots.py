"""SVG snapshots of the annotation screen at fixed sizes (Textual is pinned in pyproject.toml)."""

from __future__ import annotations

NESTED = (
    "Kenya’s President William Ruto said “young Kenyans were recruited by Russia” today.\n"
    "Nearly 200 foreign nationals from 37 countries were captured."
)


def settled(*keys: str):
    """Press keys, then wait past the deferred validation so the snapshot shows a settled screen."""

    async def run_before(pilot) -> None:
        await pilot.press(*keys)
        await pilot.pause(0.5)

    return run_before


def test_snapshots_sample_article_opened(app_factory, snap_compare):
    app, _ = app_factory()
    assert snap_compare(app, terminal_size=(100, 30))


def test_snapshots_nested_spans_and_selection(app_factory, snap_compare):
    app, _ = app_factory([NESTED])
    keys = ["e", "c", "e", "a", "e", "q", "e", "c", "e", "shift+right"]
    assert snap_compare(app, terminal_size=(100, 30), run_before=settled(*keys))


def test_snapshots_help_screen(app_factory, snap_compare):
    app, _ = app_factory([NESTED])
    assert snap_compare(app, terminal_size=(100, 30), press=["question_mark"])


def test_snapshots_tiny_terminal(app_factory, snap_compare):
    app, _ = app_factory([NESTED])
    assert snap_compare(app, terminal_size=(40, 12), run_before=settled("e", "c", "down"))
