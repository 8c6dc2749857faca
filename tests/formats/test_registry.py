"""The format registry is the one list of formats: suffix guessing and format lists come from it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotator.formats import format_by_suffix, load_all
from annotator.formats.base import REGISTRY
from annotator.importing.run import ImportUsageError, resolve_inputs


def test_registry_suffix_defaults_pick_a_format_that_reads_that_suffix():
    """Every guessed suffix names a readable format that lists the suffix among its own."""
    formats = load_all()
    picks = format_by_suffix()
    assert picks[".jsonl"] == "jsonl" and picks[".txt"] == "text" and picks[".spacy"] == "spacy"
    for suffix, name in picks.items():
        assert formats[name].reader is not None
        assert suffix in formats[name].suffixes


def test_registry_a_suffix_claimed_by_two_formats_is_refused(monkeypatch):
    """Two formats may not both be the default for one suffix."""
    load_all()
    prodigy = REGISTRY["prodigy"]
    monkeypatch.setitem(REGISTRY, "prodigy", replace(prodigy, default_for=(".jsonl",)))
    with pytest.raises(
        ValueError, match=r"\.jsonl is the default of both (jsonl and prodigy|prodigy and jsonl)"
    ):
        format_by_suffix()


def test_registry_import_guesses_from_the_registry(tmp_path, monkeypatch):
    """A suffix a format claims is imported with it; an unclaimed one lists the readable formats."""
    note = tmp_path / "note.md"
    note.write_text("A note.\n", encoding="utf-8")
    assert [spec.name for _, spec in resolve_inputs([note], None)] == ["text"]
    table = tmp_path / "table.csv"
    table.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(ImportUsageError) as caught:
        resolve_inputs([table], None)
    readable = [name for name, spec in load_all().items() if spec.reader is not None]
    assert f"pass --format ({', '.join(readable)})" in str(caught.value)
    load_all()
    text = REGISTRY["text"]
    monkeypatch.setitem(REGISTRY, "text", replace(text, default_for=(".txt",)))
    with pytest.raises(ImportUsageError, match=r"cannot tell the format from '\.md'"):
        resolve_inputs([note], None)
