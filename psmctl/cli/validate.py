"""`psmctl validate`: check a plan tree and report every finding."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from psmctl.cli.root import app
from psmctl.cli.errors import EXIT_FINDINGS, EXIT_OK, guarded
from psmctl.errors import UsageError

FORMATS = ("auto", "text", "parsable", "json", "github")


@app.command()
@guarded
def validate(
    plan_dir: Optional[Path] = typer.Argument(None, help="Plan folder (default: the plan around the working "
                                              "directory, else ./plan).",
                                              show_default=False),
    edition: Optional[str] = typer.Option(None, "--edition", "-e", help="Only this edition (e.g. 2024-2026)."),
    output_format: str = typer.Option("auto", "--format", "-f",
                                      help="text | parsable | json | github (auto: github under GitHub Actions)."),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail too (exit 1)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also show notes (info findings)."),
) -> None:
    """Check plan files: YAML, schema, references, editorial rules.

    Example: psmctl validate plan/ --edition 2024-2026 --format parsable

    Exit codes: 0 clean, 1 errors (or warnings with --strict), 2 usage, 3 internal error.
    """
    from psmctl.report import REPORTERS, pick_format
    from psmctl.validate import validate_path

    if output_format not in FORMATS:
        raise UsageError(f"unknown format {output_format!r}", f"use one of: {', '.join(FORMATS)}")
    if edition is None and plan_dir is not None and plan_dir.parent.name == "editions" \
            and (plan_dir / "edition.yaml").is_file():
        edition = plan_dir.name  # a single edition folder was named
    if sys.stderr.isatty() and not os.environ.get("CI"):
        from rich.console import Console

        with Console(stderr=True).status(f"Validating {plan_dir or 'the plan'} …"):
            plan, report = validate_path(plan_dir, edition)
    else:
        plan, report = validate_path(plan_dir, edition)
    if edition is not None and edition not in plan.editions:
        raise UsageError(f"no edition {edition!r} in {report.label}",
                         f"editions here: {', '.join(sorted(plan.editions)) or 'none'}")
    report.strict = strict
    REPORTERS[pick_format(output_format)](report, sys.stdout, verbose)
    raise typer.Exit(EXIT_FINDINGS if report.failed(strict) else EXIT_OK)
