"""Reporters: turn a validation Report into text for people or machines.

The registry's keys are the `--format` choices of `psmctl validate`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable, TextIO

if TYPE_CHECKING:
    from psmctl.validate import Report

Reporter = Callable[["Report", TextIO, bool], None]


def _text(report: Report, out: TextIO, verbose: bool) -> None:
    from psmctl.report.text import write_text

    write_text(report, out, verbose)


def _parsable(report: Report, out: TextIO, verbose: bool) -> None:
    from psmctl.report.machine import write_parsable

    write_parsable(report, out, verbose)


def _json(report: Report, out: TextIO, verbose: bool) -> None:
    from psmctl.report.machine import write_json

    write_json(report, out, verbose)


def _github(report: Report, out: TextIO, verbose: bool) -> None:
    from psmctl.report.machine import write_github

    write_github(report, out, verbose)


REPORTERS: dict[str, Reporter] = {"text": _text, "parsable": _parsable, "json": _json, "github": _github}


def pick_format(requested: str) -> str:
    """`auto` means GitHub annotations under GitHub Actions, text elsewhere."""
    if requested != "auto":
        return requested
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
