"""`psmctl render`: the council annex, the plan document, or a deliberation, as a document."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Optional

import typer

from psmctl.cli.root import app
from psmctl.cli.errors import EXIT_OK, guarded, refuse_errors
from psmctl.errors import UsageError

WHAT = ("annex", "plan", "deliberation", "monitoring")
FORMATS = ("docx", "odt", "pdf", "html", "md")


@app.command()
@guarded
def render(
    what: str = typer.Argument(..., help="annex | plan | deliberation | monitoring"),
    plan_dir: Optional[Path] = typer.Option(None, "--plan", "-p",
                                            help="Plan folder (default: the plan around the working directory)."),
    edition: Optional[str] = typer.Option(None, "--edition", "-e",
                                          help="Edition id (default: plan.yaml's default_edition, else the latest)."),
    output_format: Optional[str] = typer.Option(
        None, "--format", "-f", help="docx | odt | pdf | html | md (default: from -o's extension, else docx)."),
    zone: Optional[str] = typer.Option(None, "--zone", "-z", help="Only actions for this zona omogenea (number or id)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Output file (default: <what>-<edition>.<format>)."),
    templates: Optional[Path] = typer.Option(None, "--templates", "-t",
                                             help="Folder whose templates override the shipped ones, file by file."),
    deliberation: Optional[str] = typer.Option(None, "--deliberation", "-d",
                                               help="Deliberation id (default: the adoption act, if recorded)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="monitoring: the round's date (default: the latest)."),
    draft: bool = typer.Option(False, "--draft",
                               help="Add the «Nota redazionale» (what the files lack) for the plan's maintainers."),
) -> None:
    """Render the annex to the adopting deliberation, the full plan document, a deliberation, or the
    monitoring report (relazione di monitoraggio) of a round.

    Example: psmctl render annex --edition 2024-2026 --format docx -o out/allegato.docx

    Monitoring: psmctl render monitoring --as-of 2025-08-31 -o out/monitoraggio.docx

    Exit codes: 0 written, 1 the plan has errors or a template failed, 2 usage, 3 internal error.
    """
    from psmctl.loading.locate import default_edition
    from psmctl.rendering.document import render_markdown, write_document
    from psmctl.validate import edition_errors, validate_path

    output_format = output_format or _format_of(output)
    _check_choices(what, output_format, templates)
    if zone is not None and what in ("deliberation", "monitoring"):
        raise UsageError(f"--zone makes extracts of the annex or the plan, not of the {what} document",
                         "the monitoring report has a table per zona omogenea" if what == "monitoring" else None)
    if as_of is not None and what != "monitoring":
        raise UsageError("--as-of chooses the round of `render monitoring`")
    day = _as_of(as_of)
    plan, report = validate_path(plan_dir)
    chosen = default_edition(plan, edition)
    # Errors in another edition do not stop this one; errors in shared files do.
    refuse_errors(edition_errors(plan, report.diagnostics, chosen),
                  f"{report.label}: edition {chosen} has {{count}} error(s); nothing rendered",
                  f"run `psmctl validate {report.label} --edition {chosen}` and fix them")
    target = output or Path(f"{what}-{chosen}.{output_format}")
    rendered = render_markdown(plan, what, chosen, zone=zone, deliberation=deliberation, templates=templates,
                               as_of=day, fmt=output_format, draft=draft)
    write_document(rendered, output_format, target, templates)
    for note in rendered.notes:
        sys.stderr.write(f"psmctl: note: {note}\n")
    typer.echo(str(target))
    raise typer.Exit(EXIT_OK)


def _as_of(text: str | None) -> dt.date | None:
    from psmctl.cli.monitoring import parse_date

    return None if text is None else parse_date(text, "--as-of")


def _format_of(output: Path | None) -> str:
    suffix = output.suffix.lstrip(".").lower() if output is not None else ""
    return {"htm": "html", "markdown": "md"}.get(suffix, suffix) if suffix in (*FORMATS, "htm", "markdown") else "docx"


def _check_choices(what: str, output_format: str, templates: Path | None) -> None:
    if what not in WHAT:
        raise UsageError(f"unknown document {what!r}", f"use one of: {', '.join(WHAT)}")
    if output_format not in FORMATS:
        raise UsageError(f"unknown format {output_format!r}", f"use one of: {', '.join(FORMATS)}")
    if templates is not None and not templates.is_dir():
        raise UsageError(f"{templates}: not a folder", "--templates names a folder of templates")
