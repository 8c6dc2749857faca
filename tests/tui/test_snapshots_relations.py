"""SVG snapshots of relations, the attribute form and document labels at a fixed size."""

from __future__ import annotations

from .test_snapshots import NESTED, settled


def test_snapshots_relations_panel_partners_and_list(app_factory, snap_compare):
    app, _ = app_factory([NESTED])
    keys = ["e", "c", "e", "a", "e", "q", "Q", "shift+tab", "enter", "R", "shift+tab", "enter"]
    keys += ["ctrl+l", "tab", "tab"]
    assert snap_compare(app, terminal_size=(100, 30), run_before=settled(*keys))


def test_snapshots_attribute_form(app_factory, snap_compare):
    app, _ = app_factory([NESTED])
    keys = ["slash", *"nearly 200", "enter", "f", "A", "y", "4"]
    assert snap_compare(app, terminal_size=(100, 30), run_before=settled(*keys))


def test_snapshots_doc_label_panel_and_bar(app_factory, snap_compare):
    app, _ = app_factory([NESTED])
    assert snap_compare(app, terminal_size=(100, 30), run_before=settled("D", "1", "5"))
