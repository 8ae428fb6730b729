"""`psmctl site`: build the plan's public transparency site, or preview it locally."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from psmctl.cli.root import app
from psmctl.cli.errors import EXIT_OK, guarded, refuse_errors

if TYPE_CHECKING:
    from psmctl.loading.tree import Plan

site_app = typer.Typer(help="The plan's public site: static pages, search, documents and open data.",
                       no_args_is_help=True)
app.add_typer(site_app, name="site")


@site_app.command("build")
@guarded
def build(
    plan_dir: Optional[Path] = typer.Argument(None, help="Plan folder (default: the plan around the working directory)."),
    output: Path = typer.Option(Path("site"), "--output", "-o", help="Folder of the site (replaced as a whole)."),
    base_url: Optional[str] = typer.Option(None, "--base-url",
                                           help="Address the site is published at, for sitemap.xml "
                                                "(default: site_url in plan.yaml)."),
    documents: bool = typer.Option(True, "--documents/--no-documents",
                                   help="Render the annex, plan and revision report (PDF/A, DOCX, ODT)."),
    search: bool = typer.Option(True, "--search/--no-search", help="Build the Pagefind search index."),
) -> None:
    """Build the static site: a page per element, views, search, downloads; works from file:// too.

    Example: psmctl site build plan -o public

    Exit codes: 0 built, 1 the plan has errors or the build failed (the old site is kept), 2 usage,
    3 internal error.
    """
    from psmctl.site.build import Options, build_site

    plan = _checked_plan(plan_dir)
    built = build_site(plan, output, Options(base_url=base_url, documents=documents, search=search))
    for note in built.notes:
        sys.stderr.write(f"psmctl: note: {note}\n")
    seconds = ", ".join(f"{stage} {value:.2f} s" for stage, value in built.seconds.items())
    sys.stderr.write(f"psmctl: {built.pages} pages, {built.files} files ({seconds})\n")
    typer.echo(str(built.output))
    raise typer.Exit(EXIT_OK)


@site_app.command("serve")
@guarded
def serve(
    folder: Path = typer.Argument(Path("site"), help="Folder the site is built into and served from."),
    plan_dir: Optional[Path] = typer.Option(None, "--plan", "-p", help="Plan folder to watch and rebuild from."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port on 127.0.0.1 (0: any free port)."),
    documents: bool = typer.Option(False, "--documents/--no-documents", help="Also render the documents."),
) -> None:
    """Preview the site on 127.0.0.1, rebuilding it when a plan file changes (Ctrl-C stops).

    Example: psmctl site serve --plan plan
    """
    from psmctl.loading.locate import find_root
    from psmctl.site.build import Options
    from psmctl.site.serve import Preview

    preview = Preview(find_root(plan_dir), folder, Options(documents=documents, search=True), _checked_plan)
    preview.rebuild()
    preview.serve(port, announce=lambda url: typer.echo(f"psmctl: serving the site at {url} (Ctrl-C stops)"))
    raise typer.Exit(EXIT_OK)


def _checked_plan(plan_dir: Path | None) -> Plan:
    from psmctl.diagnostics import Severity
    from psmctl.validate import validate_path

    plan, report = validate_path(plan_dir)
    errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
    refuse_errors(errors, f"{report.label}: the plan has {{count}} error(s); the site was not built",
                  f"run `psmctl validate {report.label}` and fix them")
    return plan
