"""Regenerate the shipped pattern files (*.jsonl beside this script) from annotator.suggest.pattern_rules.

Edit the word lists in annotator/suggest/pattern_lexicons.py and the rules in pattern_rules.py,
never the JSONL by hand, then run:
python schemas/patterns/build_patterns.py [--out DIR] [--schema FILE.toml]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.schema import load_schema
from annotator.suggest.pattern_rules import write_patterns

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Write every pattern file into the output folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--schema", type=Path, default=HERE.parent / "foreign_fighters.toml")
    args = parser.parse_args()
    for path in write_patterns(args.out, load_schema(args.schema)):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
