"""What `psmctl validate` does once its options are read; typer-free, so the quick path runs it too.

psmctl.cli.validate declares the command to typer; psmctl.cli.quick runs the
common forms of it without typer (issue 14). Both call `run_validate`.
"""

from __future__ import annotations

import os
import sys

from psmctl.cli.errors import EXIT_FINDINGS, EXIT_OK
from psmctl.errors import UsageError

TYPE_CHECKING = False  # not typing's: the quick path of psmctl.cli.quick imports as little as it can
if TYPE_CHECKING:
    from pathlib import Path

FORMATS = ("auto", "text", "parsable", "json", "github")


def run_validate(plan_dir: Path | None, edition: str | None, output_format: str, strict: bool,
                 verbose: bool) -> int:
    """Validate, print the report in the chosen format; the exit code."""
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
    return EXIT_FINDINGS if report.failed(strict) else EXIT_OK
