"""Formats for machines: one line per finding, JSON, GitHub annotations."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, TextIO

from psmctl.diagnostics import Diagnostic, Severity
from psmctl.escaping import github_data, github_property, one_line
from psmctl.validate import Report

JSON_VERSION = 1


def _shown(report: Report, verbose: bool) -> list[Diagnostic]:
    return [d for d in report.diagnostics if verbose or d.severity is not Severity.INFO]


def parsable_line(d: Diagnostic) -> str:
    # one finding, one line: a newline or escape sequence in a title cannot forge another
    return one_line(f"{d.file}:{d.line}:{d.column}: {d.severity.value} {d.code} {d.message}")


def write_parsable(report: Report, out: TextIO, verbose: bool) -> None:
    for diagnostic in _shown(report, verbose):
        out.write(parsable_line(diagnostic) + "\n")


def json_document(report: Report) -> dict[str, Any]:
    """The stable JSON contract (version 1), documented in the README."""
    return {
        "version": JSON_VERSION,
        "status": "failed" if report.failed() else "ok",
        "summary": {
            "files": report.files,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
            "editions": [
                {
                    "id": e.id, "title": e.title, "status": e.status,
                    "levels": [{"kind": k, "label": label, "encoded": n, "declared": declared}
                               for k, label, n, declared in e.levels],
                    "errors": e.errors, "warnings": e.warnings, "infos": e.infos,
                }
                for e in report.editions
            ],
        },
        "diagnostics": [{**asdict(d), "severity": d.severity.value} for d in report.diagnostics],
    }


def write_json(report: Report, out: TextIO, verbose: bool) -> None:
    json.dump(json_document(report), out, ensure_ascii=False, indent=2)
    out.write("\n")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def write_github(report: Report, out: TextIO, verbose: bool) -> None:
    # Workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
    for d in _shown(report, verbose):
        message = d.message + (f" — {d.hint}" if d.hint else "")
        props = f"file={github_property(d.file)},line={d.line},col={d.column},title={github_property(d.code)}"
        out.write(f"::{_GITHUB_LEVEL[d.severity]} {props}::{github_data(message)}\n")
