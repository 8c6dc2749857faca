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
    from annotator.records.json_schema import canonical_json_schema_text

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
    from annotator.schema.checks import pattern_warnings

    schema = load_schema_or_exit(path)
    warnings = pattern_warnings(path.read_text(encoding="utf-8"), str(path))
    for warning in warnings:
        print_issue(warning)
    shown = safe_text(f"{schema.ref}, labels {', '.join(schema.label_names)}")
    counted = f", {len(warnings)} warning(s)" if warnings else ""
    console.print(f"ok: {shown}{counted}", markup=False, soft_wrap=True)


@schema_app.command("infer")
def schema_infer(
    paths: list[Path] = typer.Argument(..., help="Files or folders a peer tool wrote."),
    format_name: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="brat, labelstudio, doccano, prodigy, ... (default: by suffix).",
    ),
    name: str | None = typer.Option(
        None, "--name", help="Schema name (default: the first path's)."
    ),
    language: str = typer.Option("en", "--language", help="spaCy language code of the texts."),
    labels: Path | None = typer.Option(
        None, "--labels", help="doccano 1.x: doccano's label export naming label ids."
    ),
    label_map: str | None = typer.Option(
        None, "--label-map", help="Rename or drop labels first, as import --label-map does."
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write here instead of stdout."),
) -> None:
    """Print a schema TOML holding every label, relation, attribute and document label the files
    use, so `annotator import --schema` takes them; problems in the files go to stderr."""
    from annotator.cli.common import err_console, print_problem
    from annotator.formats.base import ReadProblem
    from annotator.importing.label_map import (
        LabelMapEffects,
        LabelMapError,
        apply_label_map,
        parse_label_map,
    )
    from annotator.importing.run import (
        ImportUsageError,
        read_inputs,
        reader_options,
        resolve_inputs,
    )
    from annotator.schema.infer import SchemaInference

    try:
        mapping = parse_label_map(label_map) if label_map is not None else {}
        pairs = resolve_inputs(paths, format_name)
        options = reader_options(pairs, {"labels": str(labels)} if labels is not None else {})
    except (ImportUsageError, LabelMapError) as exc:
        raise fail(str(exc)) from None
    inference = SchemaInference()
    effects = LabelMapEffects()
    for item in read_inputs(pairs, None, options):
        if isinstance(item, ReadProblem):
            print_problem(item, err_console)
        else:
            inference.add(apply_label_map(item, mapping, effects) if mapping else item)
    text = inference.toml(name or paths[0].stem or "inferred", language)
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail(
            f"cannot write {out}: {exc.strerror or exc}; pass --out FILE you can write"
        ) from None
    err_console.print(f"wrote {out}", markup=False)
