"""Write the README's key table from the action registry (between its keys:start/end markers).

Run: python docs/keys_table.py [--check]   (--check exits 1 when the README's table is stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.schema.model import default_schema_path, load_schema
from annotator.session.actions import KEYS_END, KEYS_START, keys_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_with_table(readme: str) -> str:
    """The README text with its key table block replaced by the registry's table."""
    before, start, rest = readme.partition(KEYS_START)
    _, end, after = rest.partition(KEYS_END)
    if not start or not end:
        raise SystemExit(f"{README}: no {KEYS_START} ... {KEYS_END} block to fill")
    return before + keys_markdown(load_schema(default_schema_path())) + after


def main() -> int:
    """Rewrite the table, or with --check only say whether it is current."""
    current = README.read_text(encoding="utf-8")
    wanted = readme_with_table(current)
    if "--check" in sys.argv[1:]:
        if wanted != current:
            print(f"{README}: the key table is stale; run python docs/keys_table.py")
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
