"""`annotator validate`: check JSONL corpora and schema files for CI, with exact locations."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import orjson
import typer
from rich.markup import escape

from annotator.cli import app
from annotator.cli.common import console, load_schema_or_exit, print_issue


class OutputFormat(StrEnum):
    """How validation results are printed."""

    text = "text"
    json = "json"
    github = "github"


def _github_line(issue) -> str:
    """Render an issue as a GitHub Actions workflow command."""
    kind = "error" if issue.severity == "error" else "warning"
    loc = f"file={issue.path}"
    if issue.line is not None:
        loc += f",line={issue.line}"
    message = f"{issue.message} ({issue.where()}) fix: {issue.hint}"
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{kind} {loc},title={issue.code}::{message}"


@app.command()
def validate(
    paths: list[Path] = typer.Argument(
        ..., help="JSONL files, schema TOML files, or folders of them."
    ),
    schema: Path | None = typer.Option(
        None,
        "--schema",
        "-s",
        help="Schema TOML to check labels against (default: the bundled one).",
    ),
    output: OutputFormat = typer.Option(
        OutputFormat.text, "--format", "-f", help="text, json or github."
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
) -> None:
    """Validate canonical JSONL (and schema files); exit 0 clean, 1 problems found, 2 usage error."""
    from annotator.validate import Report, validate_paths

    label_schema = load_schema_or_exit(schema)
    report = Report()
    issues = []
    missing = False
    current = None
    for issue in validate_paths(paths, label_schema, report):
        if issue.code in ("E107", "E108", "E111") and issue.line is None:
            missing = True
        if output is OutputFormat.json:
            issues.append(issue.to_dict())
        elif output is OutputFormat.github:
            typer.echo(_github_line(issue))
        else:
            if issue.path != current:
                current = issue.path
                console.print(f"[bold]{escape(str(issue.path))}[/]", markup=True)
            print_issue(issue, console)
    summary = {
        "files": report.files,
        "records": report.records,
        "errors": report.errors,
        "warnings": report.warnings,
        "by_code": dict(sorted(report.by_code.items())),
        "schema": label_schema.ref,
    }
    if output is OutputFormat.json:
        typer.echo(
            orjson.dumps(
                {"summary": summary, "issues": issues}, option=orjson.OPT_INDENT_2
            ).decode()
        )
    elif output is OutputFormat.text:
        state = "[green]ok[/]" if not report.errors else "[red]failed[/]"
        console.print(
            f"{state}: {report.records} records in {report.files} file(s), "
            f"{report.errors} error(s), {report.warnings} warning(s) against {label_schema.ref}",
            markup=True,
            soft_wrap=True,
        )
    if missing:
        raise typer.Exit(2)
    if report.errors or (strict and report.warnings):
        raise typer.Exit(1)
