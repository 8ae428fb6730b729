"""`psmctl validate`: check a plan tree and report every finding."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from psmctl.cli.root import app
from psmctl.cli.errors import guarded


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
    from psmctl.cli.checking import run_validate

    raise typer.Exit(run_validate(plan_dir, edition, output_format, strict, verbose))
