"""`psmctl export` and `psmctl import`: the spreadsheet round-trip and open data."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from psmctl.cli import app
from psmctl.cli.errors import EXIT_OK, CommandFailed, UsageProblem, guarded

EXPORT_FORMATS = ("xlsx", "csv", "json")


def _load(plan_dir: Path) -> tuple[Path, Any, dict[str, bytes]]:
    from psmctl.loading.tree import DirectorySource, load_plan
    from psmctl.validate import find_root

    root = find_root(plan_dir)
    source = DirectorySource(root)
    raw = {rel: data for rel, _, data in source.files()}
    plan, _ = load_plan(source)
    return root, plan, raw


def _edition(plan: Any, wanted: str | None) -> str:
    if wanted is not None:
        if wanted not in plan.editions:
            raise UsageProblem(f"no edition {wanted!r}", f"editions here: {', '.join(sorted(plan.editions))}")
        return wanted
    project = plan.project_model
    if project is not None and project.default_edition in plan.editions:
        return str(project.default_edition)
    if not plan.editions:
        raise UsageProblem("this plan has no edition")
    return str(sorted(plan.editions)[-1])


@app.command()
@guarded
def export(
    output_format: str = typer.Option("xlsx", "--format", "-f", help="xlsx | csv (open data folder) | json"),
    edition: Optional[str] = typer.Option(None, "--edition", "-e", help="Edition (default: the project's default)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="File (xlsx, json) or folder (csv) to write."),
    plan_dir: Path = typer.Option(Path("plan"), "--plan", help="Plan folder."),
) -> None:
    """Export one row per element for spreadsheets, or the open data package.

    xlsx/json: a sheet per level to edit and bring back with `psmctl import`.
    csv: a folder of UTF-8 CSV tables with a Frictionless datapackage.json; the level
    tables (actions.csv, ...) can also be imported.

    Example: psmctl export --format xlsx --edition 2024-2026 -o monitoraggio.xlsx
    """
    from psmctl.exchange import sheetio
    from psmctl.exchange.table import SHEETS, editable_columns, header, rows
    from psmctl.writing import write_atomic

    if output_format not in EXPORT_FORMATS:
        raise UsageProblem(f"unknown format {output_format!r}", f"use one of: {', '.join(EXPORT_FORMATS)}")
    root, plan, raw = _load(plan_dir)
    chosen = _edition(plan, edition)
    tree = plan.editions[chosen]
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
    plan_dir: Path = typer.Option(Path("plan"), "--plan", help="Plan folder."),
) -> None:
    """Apply an edited export back onto the plan files, matching rows by stable id.

    Nothing is written unless every row is valid; comments in the files are kept.

    Example: psmctl import monitoraggio.xlsx --dry-run
    """
    from psmctl.exchange.importing import apply, check_sheets, new_errors
    from psmctl.exchange.sheetio import SheetProblem, read_sheets

    if not file.is_file():
        raise UsageProblem(f"{file}: no such file")
    root, plan, raw = _load(plan_dir)
    try:
        sheets = read_sheets(file)
    except SheetProblem as exc:
        raise UsageProblem(str(exc)) from None
    result = check_sheets(plan, raw, sheets)
    problems = result.problems or new_errors(root, result.texts)
    if problems:
        for problem in problems:
            typer.echo(f"{file}: {problem}", err=True)
        raise CommandFailed(f"{file}: refused ({len(problems)} problem(s)); no file was changed")
    for change in result.changes:
        typer.echo(f"{change.file.path}: {change.file.doc.data.get('id')} {change.column.name}: "
                   f"{change.old or '(none)'} → {change.new}")
    if not result.changes:
        typer.echo("no changes")
    elif dry_run:
        typer.echo(f"dry run: {len(result.changes)} change(s) in {len(result.texts)} file(s) not written")
    else:
        apply(root, result.texts)
        typer.echo(f"applied {len(result.changes)} change(s) to {len(result.texts)} file(s)")
    raise typer.Exit(EXIT_OK)


