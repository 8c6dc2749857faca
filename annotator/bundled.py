"""Where the files shipped inside the package lie: the default schema, its patterns, the sample."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_SCHEMA = DATA_DIR / "schemas" / "foreign_fighters.toml"
PATTERN_DIR = DATA_DIR / "schemas" / "patterns"
SAMPLE_CORPUS = DATA_DIR / "corpus" / "foreign_fighters.jsonl"
