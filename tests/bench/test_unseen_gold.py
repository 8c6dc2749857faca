"""The keystroke bench's unseen articles: the gold file is what its build script writes, and valid."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from annotator.records.gold import stale_gold_records
from annotator.validation.validate import validate_line

DATA = Path(__file__).resolve().parents[2] / "bench" / "data"
UNSEEN = DATA / "unseen_news.jsonl"


def test_unseen_gold_file_is_what_its_build_script_writes():
    spec = importlib.util.spec_from_file_location("build_unseen", DATA / "build_unseen.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build()
    assert stale_gold_records(UNSEEN, built) == [], "run python bench/data/build_unseen.py"
    assert len(built) >= 3


def test_unseen_gold_obeys_the_schema_with_every_label_used():
    labels = set()
    for raw in UNSEEN.read_bytes().splitlines():
        record, issues = validate_line(raw, None)
        assert record is not None and not issues, issues
        labels |= {s.label for s in record.spans}
    assert labels == {"ACTOR", "COUNTRY", "FIGURE", "TACTIC", "QUOTE"}
