"""The human view: findings grouped by file, then a summary per edition.

On a terminal the lines are styled by rich. Anywhere else (a CI log, a pipe,
a file) rich writes them without styles, so they are written here as rich
would, without importing it: a tenth of a validate of the real plan (issue 14).
"""

from __future__ import annotations

import os
from itertools import groupby
from typing import Iterator, TextIO

from psmctl.diagnostics import Severity
from psmctl.escaping import one_line
from psmctl.validate import Report

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_WORD = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

Line = list[tuple[str, str]]
"""A line of the report as (text, rich style) pieces; "" for no style."""


def write_text(report: Report, out: TextIO, verbose: bool) -> None:
    lines = _lines(report, verbose)
    if styled(out):
        _write_styled(lines, out)
    else:
        out.write("".join("".join(text for text, _ in line) + "\n" for line in lines))


def styled(out: TextIO) -> bool:
    """Whether rich would style what it writes to `out`: its own rule (TTY_COMPATIBLE, FORCE_COLOR, a terminal)."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return bool(getattr(out, "isatty", lambda: False)())
    except ValueError:  # a closed stream
        return False


def _write_styled(lines: Iterator[Line], out: TextIO) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=True)
    for line in lines:
        text = Text()
        for piece, style in line:
            text.append(piece, style=style or None)
        console.print(text)


def _lines(report: Report, verbose: bool) -> Iterator[Line]:
    shown = [d for d in report.diagnostics if verbose or d.severity is not Severity.INFO]
    for file, group in groupby(shown, key=lambda d: d.file):
        yield [(one_line(file), "bold underline")]
        for d in group:
            yield [(f"  {d.line}:{d.column}".ljust(10), ""), (f"{_WORD[d.severity]:<8}", _STYLE[d.severity]),
                   (f" {one_line(d.message)}", ""), (f"  [{d.code}]", "dim")]
            if d.path:
                yield [(f"{'':10}at {one_line(d.path)}", "dim")]
            if d.hint:
                yield [(f"{'':10}hint: {one_line(d.hint)}", "green")]
        yield []
    yield from _summary(report)
    hidden = report.count(Severity.INFO) if not verbose else 0
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    verdict: Line = [("✗ " if errors else "✓ ", "bold red" if errors else "bold green"),
                     (f"{one_line(report.label)}: {report.files} files, {errors} errors, {warnings} warnings", "")]
    if hidden:
        verdict.append((f", {hidden} notes (show them with --verbose)", "dim"))
    yield verdict


def _summary(report: Report) -> Iterator[Line]:
    for e in report.editions:
        yield [(f"{e.id}  ", "bold"), (one_line(e.title), ""), (f"  ({e.status})", "dim")]
        counts = " · ".join(
            f"{label} {n}/{declared if declared is not None else '?'}" for _, label, n, declared in e.levels
        )
        yield [(f"{'':11}{counts} (encoded/declared) · ", ""), (f"{e.errors} errors", "red" if e.errors else ""),
               (" · ", ""), (f"{e.warnings} warnings", "yellow" if e.warnings else "")]
    if report.editions:
        yield []
