"""`psmctl export` and `psmctl import`: the spreadsheet round-trip and open data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from psmctl.cli.root import app
from psmctl.cli.errors import EXIT_OK, guarded
from psmctl.errors import Refused, UsageError

EXPORT_FORMATS = ("xlsx", "csv", "json")
PLAN_HELP = "Plan folder (default: the plan around the working directory)."

if TYPE_CHECKING:
    from psmctl.loading.plan import Plan


def _load(plan_dir: Path | None) -> tuple[Path, Plan, dict[str, bytes]]:
    from psmctl.loading.locate import find_root
    from psmctl.loading.tree import DirectorySource, load_plan

    root = find_root(plan_dir)
    plan, _ = load_plan(DirectorySource(root))
    return root, plan, plan.raw


@app.command()
@guarded
def export(
    output_format: str = typer.Option("xlsx", "--format", "-f", help="xlsx | csv (open data folder) | json"),
    edition: Optional[str] = typer.Option(None, "--edition", "-e", help="Edition (default: the project's default)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="File (xlsx, json) or folder (csv) to write."),
    plan_dir: Optional[Path] = typer.Option(None, "--plan", help=PLAN_HELP),
    for_monitoring: bool = typer.Option(False, "--for-monitoring",
                                        help="The yearly monitoring sheet: one row per action, the latest round's "
                                             "values shown and repeated in the columns to fill."),
) -> None:
    """Export one row per element for spreadsheets, or the open data package.

    xlsx/json: a sheet per level to edit and bring back with `psmctl import`.
    csv: a folder of UTF-8 CSV tables with a Frictionless datapackage.json; the level
    tables (actions.csv, ...) can also be imported.

    Example: psmctl export --format xlsx --edition 2024-2026 -o piano.xlsx

    Monitoring: psmctl export --for-monitoring -o monitoraggio.xlsx, then
    psmctl import monitoraggio.xlsx --as-of 2026-08-31 (writes a new round).
    """
    from psmctl.exchange import sheetio
    from psmctl.exchange.table import SHEETS, editable_columns, header, rows
    from psmctl.loading.locate import default_edition
    from psmctl.writing import write_atomic

    if output_format not in EXPORT_FORMATS:
        raise UsageError(f"unknown format {output_format!r}", f"use one of: {', '.join(EXPORT_FORMATS)}")
    root, plan, raw = _load(plan_dir)
    chosen = default_edition(plan, edition)
    tree = plan.editions[chosen]
    if for_monitoring:
        from psmctl.cli.monitoring import export_sheet

        typer.echo(f"wrote {export_sheet(plan, chosen, output_format, output)} ({len(tree.actions)} actions)")
        raise typer.Exit(EXIT_OK)
    if output_format == "csv":
        from psmctl.exchange.opendata import write_package

        folder = output or Path(f"psm-{chosen}-opendata")
        for path in write_package(folder, plan, tree, raw):
            typer.echo(f"wrote {path}")
        raise typer.Exit(EXIT_OK)
    sheets = {name: (header(tree, kind), rows(tree, kind, raw)) for name, kind in SHEETS.items()}
    types = {name: {c.name: c.type for c in editable_columns(tree, kind)} for name, kind in SHEETS.items()}
    data = (sheetio.write_xlsx(sheets, types) if output_format == "xlsx" else sheetio.write_json(chosen, sheets))
    target = output or Path(f"psm-{chosen}.{output_format}")
    write_atomic(target, data)
    typer.echo(f"wrote {target} ({sum(len(t) for _, t in sheets.values())} rows)")
    raise typer.Exit(EXIT_OK)


@app.command(name="import")
@guarded
def import_(
    file: Path = typer.Argument(..., help="An .xlsx, .json or level .csv written by `psmctl export`."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show the change set; write nothing."),
    plan_dir: Optional[Path] = typer.Option(None, "--plan", help=PLAN_HELP),
    as_of: Optional[str] = typer.Option(None, "--as-of",
                                        help="A monitoring sheet: write it as the new round of this date."),
    edition: Optional[str] = typer.Option(None, "--edition", "-e", help="With --as-of: the edition."),
) -> None:
    """Apply an edited export back onto the plan files, matching rows by stable id.

    Nothing is written unless every row is valid; comments in the files are kept.

    Example: psmctl import monitoraggio.xlsx --dry-run
    """
    from psmctl.exchange.importing import apply, check_sheets, new_errors
    from psmctl.exchange.sheetio import read_sheets

    if not file.is_file():
        what = "not a regular file (a folder, a device or a pipe?)" if file.exists() else "no such file"
        raise UsageError(f"{file}: {what}", "import the file `psmctl export` wrote")
    sheets = read_sheets(file)  # a file that is no export is refused before the plan is read
    root, plan, raw = _load(plan_dir)
    if as_of is not None:
        from psmctl.cli.monitoring import import_round_sheet

        typer.echo(import_round_sheet(root, plan, file, sheets, as_of, edition, dry_run))
        raise typer.Exit(EXIT_OK)
    result = check_sheets(plan, raw, sheets)
    problems = result.problems or new_errors(root, result.texts)
    if problems:
        for problem in problems:
            typer.echo(f"{file}: {problem}", err=True)
        raise Refused(f"{file}: refused ({len(problems)} problem(s)); no file was changed")
    for change in result.changes:
        kept = " (the previous value is kept under revisions:)" if change.revises else ""
        typer.echo(f"{change.file.path}: {change.file.doc.data.get('id')} {change.column.name}: "
                   f"{change.old or '(none)'} → {change.new}{kept}")
    if not result.changes:
        typer.echo("no changes")
    elif dry_run:
        typer.echo(f"dry run: {len(result.changes)} change(s) in {len(result.texts)} file(s) not written")
    else:
        apply(root, result.texts)
        typer.echo(f"applied {len(result.changes)} change(s) to {len(result.texts)} file(s)")
    raise typer.Exit(EXIT_OK)


