"""What `psmctl render` does once its options are read; typer-free, so the quick path runs it too.

psmctl.cli.render declares the command to typer; psmctl.cli.quick runs the
common forms of it without typer (issue 14). Both call `run_render`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from psmctl.cli.errors import EXIT_OK, refuse_errors
from psmctl.errors import UsageError

TYPE_CHECKING = False  # not typing's: the quick path of psmctl.cli.quick imports as little as it can
if TYPE_CHECKING:
    import datetime as dt

WHAT = ("annex", "plan", "deliberation", "monitoring")
FORMATS = ("docx", "odt", "pdf", "html", "md")


def run_render(what: str, plan_dir: Path | None, edition: str | None, output_format: str | None, zone: str | None,
               output: Path | None, templates: Path | None, deliberation: str | None, as_of: str | None,
               draft: bool) -> int:
    """Render the document in each format asked for, print the files written; the exit code."""
    from psmctl.loading.locate import default_edition
    from psmctl.rendering.document import render_documents
    from psmctl.validate import edition_errors, validate_path

    formats = _formats(output_format, output)
    for fmt in formats:
        _check_choices(what, fmt, templates)
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
    targets = {fmt: _target(output, formats, fmt, Path(f"{what}-{chosen}.{fmt}")) for fmt in formats}
    notes = render_documents(plan, what, chosen, targets, zone=zone, deliberation=deliberation, templates=templates,
                             as_of=day, draft=draft)
    for note in notes:
        sys.stderr.write(f"psmctl: note: {note}\n")
    for target in targets.values():
        sys.stdout.write(f"{target}\n")
    return EXIT_OK


def _formats(chosen: str | None, output: Path | None) -> list[str]:
    """`-f docx,odt,pdf` as a list, each once and in the order given; one format, from -o when absent."""
    if chosen is None:
        return [_format_of(output)]
    listed = [fmt.strip() for fmt in chosen.split(",")]
    if "" in listed:
        raise UsageError(f"--format {chosen!r} names an empty format", f"use one or more of: {', '.join(FORMATS)}")
    return list(dict.fromkeys(listed))


def _target(output: Path | None, formats: list[str], fmt: str, default: Path) -> Path:
    """The file of one format: -o itself for one format; with several, -o with the format's extension
    in place of a format's extension it already has (out/allegato.docx → out/allegato.odt)."""
    if output is None:
        return default
    if len(formats) == 1:
        return output
    stem = output.with_suffix("") if _suffix_format(output) else output
    return stem.with_name(f"{stem.name}.{fmt}")


def _as_of(text: str | None) -> dt.date | None:
    from psmctl.cli.monitoring import parse_date

    return None if text is None else parse_date(text, "--as-of")


def _format_of(output: Path | None) -> str:
    return _suffix_format(output) or "docx"


def _suffix_format(output: Path | None) -> str | None:
    """The format an output's extension names (`.htm` is html, `.markdown` md), or None."""
    suffix = output.suffix.lstrip(".").lower() if output is not None else ""
    return {"htm": "html", "markdown": "md"}.get(suffix, suffix) if suffix in (*FORMATS, "htm", "markdown") else None


def _check_choices(what: str, output_format: str, templates: Path | None) -> None:
    if what not in WHAT:
        raise UsageError(f"unknown document {what!r}", f"use one of: {', '.join(WHAT)}")
    if output_format not in FORMATS:
        raise UsageError(f"unknown format {output_format!r}", f"use one of: {', '.join(FORMATS)}")
    if templates is not None and not templates.is_dir():
        raise UsageError(f"{templates}: not a folder", "--templates names a folder of templates")
