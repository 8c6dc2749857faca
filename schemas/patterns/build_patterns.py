"""Regenerate the shipped pattern files (annotator/data/schemas/patterns/*.jsonl) from pattern_rules.

Edit the word lists in annotator/suggest/pattern_lexicons.py and the rules in pattern_rules.py,
never the JSONL by hand, then run:
python schemas/patterns/build_patterns.py [--out DIR] [--schema FILE.toml]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # this checkout's package and data, whatever else is installed
from annotator.bundled import DEFAULT_SCHEMA, PATTERN_DIR  # noqa: E402
from annotator.schema.model import load_schema  # noqa: E402
from annotator.suggest.pattern_rules import write_patterns  # noqa: E402


def main() -> None:
    """Write every pattern file into the output folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PATTERN_DIR)
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA)
    args = parser.parse_args()
    for path in write_patterns(args.out, load_schema(args.schema)):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
