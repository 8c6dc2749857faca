"""`annotator schema json` prints the JSON Schema of the canonical record; `schema check` loads a schema."""

from __future__ import annotations

from pathlib import Path

import typer

from annotator.cli import app
from annotator.cli.common import console, fail
from annotator.display import safe_text

schema_app = typer.Typer(help="Schema files and the published JSON Schema.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")


@schema_app.command("json")
def schema_json(
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write it to this file instead of printing it ('-': print)."
    ),
) -> None:
    """Print the JSON Schema of one canonical JSONL line (generated from the pydantic models)."""
    from annotator.json_schema import canonical_json_schema_text

    text = canonical_json_schema_text()
    if out is None or str(out) == "-":
        typer.echo(text, nl=False)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail(
            f"cannot write {out}: {exc.strerror or exc}; pass --out FILE you can write"
        ) from None
    console.print(f"wrote {out}")


@schema_app.command("check")
def schema_check(path: Path = typer.Argument(..., help="Schema TOML file.")) -> None:
    """Load a schema file and report every problem with its line."""
    from annotator.cli.common import load_schema_or_exit, print_issue
    from annotator.schema_checks import pattern_warnings

    schema = load_schema_or_exit(path)
    warnings = pattern_warnings(path.read_text(encoding="utf-8"), str(path))
    for warning in warnings:
        print_issue(warning)
    shown = safe_text(f"{schema.ref}, labels {', '.join(schema.label_names)}")
    counted = f", {len(warnings)} warning(s)" if warnings else ""
    console.print(f"ok: {shown}{counted}", markup=False, soft_wrap=True)
