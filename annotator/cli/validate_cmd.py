"""`annotator validate`: check JSONL corpora and schema files for CI, with exact locations."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import orjson
import typer
from rich.markup import escape

from annotator.cli import app
from annotator.cli.common import console, load_schema_or_exit, print_issue
from annotator.display import safe_text
from annotator.errors import Errors


class OutputFormat(StrEnum):
    """How validation results are printed."""

    text = "text"
    json = "json"
    github = "github"


def _github_data(value: str) -> str:
    """Escape a workflow command's message as GitHub's runner reads it, controls made visible."""
    return safe_text(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _github_property(value: str) -> str:
    """Escape a workflow command's property value (also ':' and ',', which end one)."""
    return _github_data(value).replace(":", "%3A").replace(",", "%2C")


def _github_line(issue) -> str:
    """Render an issue as a GitHub Actions workflow command."""
    kind = "error" if issue.severity == "error" else "warning"
    loc = f"file={_github_property(issue.path)}"
    if issue.line is not None:
        loc += f",line={issue.line}"
    message = _github_data(f"{issue.message} ({issue.where()}) fix: {issue.hint}")
    return f"::{kind} {loc},title={_github_property(issue.code)}::{message}"


class _JsonIssues:
    """Writes `{"issues": [...], "summary": {...}}` one issue at a time, never holding them all."""

    def __init__(self) -> None:
        """Open the document on stdout."""
        sys.stdout.flush()
        self.out = sys.stdout.buffer
        self.count = 0
        self.out.write(b'{"issues": [')

    def add(self, issue) -> None:
        """Write one issue."""
        self.out.write(b",\n    " if self.count else b"\n    ")
        self.out.write(orjson.dumps(issue.to_dict()))
        self.count += 1

    def close(self, summary: dict) -> None:
        """End the list and write the summary."""
        self.out.write(b"\n  ],\n" if self.count else b"],\n")
        self.out.write(b'  "summary": ' + orjson.dumps(summary) + b"\n}\n")
        self.out.flush()


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
    from annotator.validation.validate import Report, validate_paths

    label_schema = load_schema_or_exit(schema)
    report = Report()
    json_out = _JsonIssues() if output is OutputFormat.json else None
    missing = False
    current = None
    for issue in validate_paths(paths, label_schema, report):
        if issue.kind in (Errors.E107, Errors.E108, Errors.E111) and issue.line is None:
            missing = True
        if json_out is not None:
            json_out.add(issue)
        elif output is OutputFormat.github:
            typer.echo(_github_line(issue))
        else:
            if issue.path != current:
                current = issue.path
                console.print(f"[bold]{escape(safe_text(str(issue.path)))}[/]", markup=True)
            print_issue(issue, console)
    summary = {
        "files": report.files,
        "records": report.records,
        "errors": report.errors,
        "warnings": report.warnings,
        "by_code": dict(sorted(report.by_code.items())),
        "schema": label_schema.ref,
    }
    if json_out is not None:
        json_out.close(summary)
    elif output is OutputFormat.text:
        state = "[green]ok[/]" if not report.errors else "[red]failed[/]"
        console.print(
            f"{state}: {report.records} records in {report.files} file(s), "
            f"{report.errors} error(s), {report.warnings} warning(s) against "
            f"{escape(safe_text(label_schema.ref))}",
            markup=True,
            soft_wrap=True,
        )
    if missing:
        raise typer.Exit(2)
    if report.errors or (strict and report.warnings):
        raise typer.Exit(1)
