"""The human view: findings grouped by file, then a summary per edition."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.text import Text

from psmctl.diagnostics import Severity
from psmctl.escaping import one_line
from psmctl.validate import Report

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_WORD = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def write_text(report: Report, out: TextIO, verbose: bool) -> None:
    console = Console(file=out, highlight=False, soft_wrap=True)
    shown = [d for d in report.diagnostics if verbose or d.severity is not Severity.INFO]
    for file, group in groupby(shown, key=lambda d: d.file):
        console.print(Text(one_line(file), style="bold underline"))
        for d in group:
            line = Text(f"  {d.line}:{d.column}".ljust(10))
            line.append(f"{_WORD[d.severity]:<8}", style=_STYLE[d.severity])
            line.append(f" {one_line(d.message)}")
            line.append(f"  [{d.code}]", style="dim")
            console.print(line)
            if d.path:
                console.print(Text(f"{'':10}at {one_line(d.path)}", style="dim"))
            if d.hint:
                console.print(Text(f"{'':10}hint: {one_line(d.hint)}", style="green"))
        console.print()
    _summary(console, report)
    hidden = report.count(Severity.INFO) if not verbose else 0
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    verdict = Text("✗ " if errors else "✓ ", style="bold red" if errors else "bold green")
    verdict.append(f"{one_line(report.label)}: {report.files} files, {errors} errors, {warnings} warnings")
    if hidden:
        verdict.append(f", {hidden} notes (show them with --verbose)", style="dim")
    console.print(verdict)


def _summary(console: Console, report: Report) -> None:
    for e in report.editions:
        head = Text(f"{e.id}  ", style="bold")
        head.append(one_line(e.title))
        head.append(f"  ({e.status})", style="dim")
        console.print(head)
        counts = " · ".join(
            f"{label} {n}/{declared if declared is not None else '?'}" for _, label, n, declared in e.levels
        )
        line = Text(f"{'':11}{counts} (encoded/declared) · ")
        line.append(f"{e.errors} errors", style="red" if e.errors else "")
        line.append(" · ")
        line.append(f"{e.warnings} warnings", style="yellow" if e.warnings else "")
        console.print(line)
    if report.editions:
        console.print()
