"""`psmctl fmt`: canonical formatting of plan files, comments and values kept."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from psmctl.cli.root import app
from psmctl.cli.errors import EXIT_FINDINGS, EXIT_OK, guarded
from psmctl.errors import UsageError

if TYPE_CHECKING:
    from psmctl.loading.files import Skipped


@app.command()
@guarded
def fmt(
    paths: Optional[list[Path]] = typer.Argument(None, help="Files or folders (default: the plan around the "
                                                 "working directory, else ./plan).", show_default=False),
    check: bool = typer.Option(False, "--check", help="Write nothing; list files that would change, exit 1 if any."),
) -> None:
    """Format plan files: key order, indentation, quoting, line width.

    Comments and values are kept; a file whose values would change is refused and left alone.
    Markdown chapters: only the front matter is formatted, the text is never touched.
    All files are written together or none is.

    Example: psmctl fmt plan/ --check
    """
    from psmctl.authoring.formatting import format_job
    from psmctl.loading.locate import find_root

    targets = paths or [find_root()]
    missing = [p for p in targets if not p.exists() and not p.is_symlink()]
    if missing:
        raise UsageError(f"{missing[0]}: no such file or directory")
    changed = refused = 0
    for target in targets:
        job = format_job(target)
        refused += _report_skipped(job.skipped)
        outcome = _format_files(job.base, job.files, check)
        changed, refused = changed + outcome[0], refused + outcome[1]
    if refused or (check and changed):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


def _report_skipped(skipped: list[tuple[Path, Skipped]]) -> int:
    from psmctl.loading.tree import display_path

    count = 0
    for path, item in skipped:
        if item.code != "hidden-file":
            typer.echo(f"{display_path(path)}: {item.message}; left as it is", err=True)
            count += 1
    return count


def _format_files(base: Path, files: list[tuple[Path, bytes]], check: bool) -> tuple[int, int]:
    """(files that change, files refused); the changed ones written as one unit unless `check`."""
    from psmctl.authoring.fmtcache import FormatCache
    from psmctl.authoring.formatting import FormatRefused, format_bytes
    from psmctl.loading.tree import display_path

    cache = FormatCache.load()
    changed: list[tuple[Path, bytes]] = []
    refused = 0
    for path, raw in files:
        if cache.is_canonical(path.name, raw):
            continue
        shown = display_path(path)
        try:
            result = format_bytes(raw, shown)
        except FormatRefused as exc:
            typer.echo(exc.message, err=True)
            refused += 1
            continue
        if result != raw:
            changed.append((path, result))
            if check:
                typer.echo(f"would reformat {shown}")
        else:
            cache.remember(path.name, raw)
    if changed and not check:
        _write(base, changed)
        for path, result in changed:
            cache.remember(path.name, result)  # formatting is idempotent: what was written is canonical
    cache.save()
    return len(changed), refused


def _write(base: Path, changed: list[tuple[Path, bytes]]) -> None:
    from psmctl.loading.tree import display_path
    from psmctl.writing import WriteSet

    with WriteSet(base, inside=base) as writes:
        for path, result in changed:
            writes.add(path, result)
        writes.commit()
    for path, _ in changed:
        typer.echo(f"reformatted {display_path(path)}")
