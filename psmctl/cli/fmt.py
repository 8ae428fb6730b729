"""`psmctl fmt`: canonical formatting of plan files, comments and values kept."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from psmctl.cli import app
from psmctl.cli.errors import EXIT_FINDINGS, EXIT_OK, UsageProblem, guarded


@app.command()
@guarded
def fmt(
    paths: Optional[list[Path]] = typer.Argument(None, help="Files or folders (default: ./plan, else .).",
                                                 show_default=False),
    check: bool = typer.Option(False, "--check", help="Write nothing; list files that would change, exit 1 if any."),
) -> None:
    """Format plan files: key order, indentation, quoting, line width.

    Comments and values are kept; a file whose values would change is refused and left alone.
    Markdown chapters: only the front matter is formatted, the text is never touched.

    Example: psmctl fmt plan/ --check
    """
    from psmctl.authoring.formatting import FormatRefused, format_text, plan_files
    from psmctl.loading.tree import display_path
    from psmctl.writing import write_atomic

    targets = paths or [Path("plan") if Path("plan").is_dir() else Path(".")]
    missing = [p for p in targets if not p.exists()]
    if missing:
        raise UsageProblem(f"{missing[0]}: no such file or directory")
    changed = refused = 0
    for path in plan_files(targets):
        shown = display_path(path)
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
            result = format_text(text, shown)
        except UnicodeDecodeError:
            typer.echo(f"{shown}: not UTF-8; left as it is", err=True)
            refused += 1
            continue
        except FormatRefused as exc:
            typer.echo(str(exc), err=True)
            refused += 1
            continue
        if result.encode("utf-8") == raw:
            continue
        changed += 1
        if check:
            typer.echo(f"would reformat {shown}")
        else:
            write_atomic(path, result.encode("utf-8"))
            typer.echo(f"reformatted {shown}")
    if refused or (check and changed):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)
