"""The published JSON Schema is current, and the sample corpus is clean and uses every label."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

from annotator.json_schema import canonical_json_schema_text
from annotator.validate import Report, validate_paths

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "schemas" / "canonical_record.schema.json"
CORPUS = ROOT / "corpus"


def test_json_schema_committed_file_is_current():
    """schemas/canonical_record.schema.json equals `annotator schema json` output."""
    assert COMMITTED.read_text(encoding="utf-8") == canonical_json_schema_text(), (
        "run `annotator schema json` and commit the result"
    )


def test_json_schema_cli_writes_the_same_text():
    """The CLI command prints exactly the committed schema."""
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "schema", "json", "--out", "-"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == COMMITTED.read_text(encoding="utf-8")


def test_json_schema_accepts_the_sample_corpus():
    """The jsonschema package accepts the sample records against the published schema."""
    import jsonschema

    schema = orjson.loads(COMMITTED.read_bytes())
    for line in (CORPUS / "foreign_fighters.jsonl").read_bytes().splitlines():
        jsonschema.validate(orjson.loads(line), schema)


def test_json_schema_sample_corpus_clean_and_uses_every_label(schema):
    """The sample passes with no errors and no warnings, and every schema label occurs in it."""
    report = Report()
    issues = list(validate_paths([CORPUS], schema, report))
    assert issues == [] and report.records >= 1
    used = {
        span["label"]
        for line in (CORPUS / "foreign_fighters.jsonl").read_bytes().splitlines()
        for span in orjson.loads(line)["spans"]
    }
    assert used == set(schema.label_names)
