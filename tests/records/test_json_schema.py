"""The published JSON Schema is current, and the sample corpus is clean and uses every label."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

from annotator.bundled import SAMPLE_CORPUS
from annotator.records.json_schema import canonical_json_schema_text
from annotator.validation.validate import Report, validate_paths

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "schemas" / "canonical_record.schema.json"


def test_json_schema_committed_file_is_current():
    """schemas/canonical_record.schema.json equals `annotator schema json` output."""
    assert COMMITTED.read_text(encoding="utf-8") == canonical_json_schema_text(), (
        "run `annotator schema json --out schemas/canonical_record.schema.json` and commit it"
    )


def test_json_schema_cli_prints_the_same_text_and_writes_nothing(tmp_path):
    """`schema json` prints exactly the committed schema and leaves the current folder empty."""
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "schema", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == COMMITTED.read_text(encoding="utf-8")
    assert list(tmp_path.iterdir()) == []


def test_json_schema_cli_writes_only_the_file_named_by_out(tmp_path):
    """`schema json --out FILE` writes that file and nothing else."""
    out = tmp_path / "record.schema.json"
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "schema", "json", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")
    assert list(tmp_path.iterdir()) == [out]


def test_json_schema_accepts_the_sample_corpus():
    """The jsonschema package accepts the sample records against the published schema."""
    import jsonschema

    schema = orjson.loads(COMMITTED.read_bytes())
    for line in SAMPLE_CORPUS.read_bytes().splitlines():
        jsonschema.validate(orjson.loads(line), schema)


def test_json_schema_sample_corpus_clean_and_uses_every_label(schema):
    """The sample passes with no errors and no warnings, and every schema label occurs in it."""
    report = Report()
    issues = list(validate_paths([SAMPLE_CORPUS.parent], schema, report))
    assert issues == [] and report.records >= 1
    used = {
        span["label"]
        for line in SAMPLE_CORPUS.read_bytes().splitlines()
        for span in orjson.loads(line)["spans"]
    }
    assert used == set(schema.label_names)
