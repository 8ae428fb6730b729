"""`psmctl render`: the council annex, the plan document, or a deliberation, as a document."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from psmctl.cli.root import app
from psmctl.cli.errors import guarded


@app.command()
@guarded
def render(
    what: str = typer.Argument(..., help="annex | plan | deliberation | monitoring"),
    plan_dir: Optional[Path] = typer.Option(None, "--plan", "-p",
                                            help="Plan folder (default: the plan around the working directory)."),
    edition: Optional[str] = typer.Option(None, "--edition", "-e",
                                          help="Edition id (default: plan.yaml's default_edition, else the latest)."),
    output_format: Optional[str] = typer.Option(
        None, "--format", "-f", help="docx | odt | pdf | html | md, or several separated by commas "
                                     "(default: from -o's extension, else docx)."),
    zone: Optional[str] = typer.Option(None, "--zone", "-z", help="Only actions for this zona omogenea (number or id)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Output file (default: <what>-<edition>.<format>); with several "
                                               "formats, each takes its own extension."),
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

    Several formats, the document read once: psmctl render annex --format docx,odt,pdf -o out/allegato

    Monitoring: psmctl render monitoring --as-of 2025-08-31 -o out/monitoraggio.docx

    Exit codes: 0 written, 1 the plan has errors or a template failed, 2 usage, 3 internal error.
    """
    from psmctl.cli.documents import run_render

    raise typer.Exit(run_render(what, plan_dir, edition, output_format, zone, output, templates, deliberation, as_of,
                                draft))
