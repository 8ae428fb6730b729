"""`psmctl diff`: what changed between two editions, or one edition at two revisions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from psmctl.cli.root import app
from psmctl.cli.errors import EXIT_FINDINGS, EXIT_OK, guarded
from psmctl.errors import UsageError
from psmctl.report.diff_formats import DOCUMENT_FORMATS, FORMATS

if TYPE_CHECKING:
    from psmctl.diffing.sides import Side

LEVEL_CHOICES = ("axis", "strategy", "action")


@app.command()
@guarded
def diff(
    old: str = typer.Argument(..., help="Old side: EDITION, EDITION@GITREV, or a folder.", show_default=False),
    new: str = typer.Argument(..., help="New side: EDITION, EDITION@GITREV, or a folder.", show_default=False),
    plan_dir: Optional[Path] = typer.Option(None, "--plan", help="Plan tree for edition ids (default: the plan "
                                            "around the working directory, else ./plan)."),
    output_format: str = typer.Option("text", "--format", "-f", help="text | md | json | docx | odt | html | pdf."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here (required for docx/odt/html/pdf)."),
    templates: Optional[Path] = typer.Option(None, "--templates", "-t",
                                             help="Folder whose templates override the shipped ones, file by file."),
    level: Optional[str] = typer.Option(None, "--level", help="Only this level: axis | strategy | action."),
    axis: Optional[str] = typer.Option(None, "--axis", help="Only this axis (code or id, either side)."),
    ignore_field: list[str] = typer.Option([], "--ignore-field", help="Do not compare this field (repeatable)."),
    threshold: float = typer.Option(80.0, "--threshold", min=0, max=100,
                                    help="Similarity (0-100) needed to pair leftover elements by their text."),
    exit_code: bool = typer.Option(False, "--exit-code", help="Exit 1 when there are changes (for CI)."),
    monitoring: bool = typer.Option(False, "--monitoring",
                                    help="OLD and NEW are dates of monitoring rounds (YYYY-MM-DD) of one edition."),
    edition: Optional[str] = typer.Option(None, "--edition", "-e", help="With --monitoring: the edition."),
) -> None:
    """Compare two plan editions: added, removed, renamed, renumbered, moved, split, merged, modified.

    Example: psmctl diff 2021-2023 2024-2026 --format docx -o relazione.docx

    Between monitoring rounds: psmctl diff --monitoring 2024-08-31 2025-08-31 --format md

    Exit codes: 0 done (with --exit-code: no changes), 1 changes with --exit-code, or a side has
    errors, 2 usage, 3 internal error.
    """
    from psmctl.diffing.changes import DiffOptions, diff_editions, select
    from psmctl.diffing.report import DiffReport, SideInfo
    from psmctl.report.diff_formats import write_diff

    if monitoring:
        from psmctl.cli.monitoring import diff_rounds

        changed = diff_rounds(plan_dir, edition, old, new, output_format, output)
        raise typer.Exit(EXIT_FINDINGS if exit_code and changed else EXIT_OK)
    _check_options(output_format, output, level, templates)
    sides = _resolve(plan_dir, old, new)
    options = DiffOptions(threshold=threshold, ignore=frozenset(ignore_field))
    _check_names(sides, axis, ignore_field)
    result = diff_editions(sides[0].tree, sides[1].tree, options)
    selected = select(result, level, axis)
    filters = {"level": level, "axis": axis, "ignore_fields": sorted(ignore_field)}
    report = DiffReport(SideInfo.of(sides[0]), SideInfo.of(sides[1]), selected, threshold, filters)
    write_diff(report, output_format, output, templates)
    raise typer.Exit(EXIT_FINDINGS if exit_code and report.shown else EXIT_OK)


def _check_names(sides: list[Side], axis: str | None, ignore_field: list[str]) -> None:
    """A misspelt --axis or --ignore-field would silently hide changes from a CI gate: refuse it."""
    axes = {name for side in sides for a in side.tree.axes for name in (side.tree.full_code(a), a.id) if name}
    if axis is not None and axis not in axes:
        raise UsageError(f"no axis {axis!r} in either edition", f"axes: {', '.join(sorted(axes))}")
    fields = {name for side in sides for f in side.tree.elements for name in type(f.model).model_fields}
    for name in ignore_field:
        if name.split(".")[0] not in fields:
            raise UsageError(f"--ignore-field {name!r} names no field of the plan elements",
                               f"fields: {', '.join(sorted(fields))}")


def _check_options(output_format: str, output: Path | None, level: str | None, templates: Path | None) -> None:
    if output_format not in FORMATS:
        raise UsageError(f"unknown format {output_format!r}", f"use one of: {', '.join(FORMATS)}")
    if templates is not None and not templates.is_dir():
        raise UsageError(f"{templates}: not a folder", "--templates names a folder of templates")
    if output_format in DOCUMENT_FORMATS and output is None:
        raise UsageError(f"--format {output_format} writes a file", f"add -o relazione.{output_format}")
    if level is not None and level not in LEVEL_CHOICES:
        raise UsageError(f"unknown level {level!r}", f"use one of: {', '.join(LEVEL_CHOICES)}")


def _resolve(plan_dir: Path | None, old: str, new: str) -> list[Side]:
    from psmctl.diffing.sides import Loader
    from psmctl.errors import PsmctlError
    from psmctl.loading.gitsource import GitError

    loader = Loader(plan_dir)
    sides = []
    for which, spec in (("old", old), ("new", new)):
        try:
            sides.append(loader.resolve(spec))
        except GitError as exc:
            raise UsageError(f"{which} side {spec!r}: {exc.message}", exc.hint) from None
        except PsmctlError as exc:
            exc.message = f"{which} side {exc.message}"
            raise
    return sides
