"""The `psmctl diff --format` choices: one registry, as `psmctl validate` has (psmctl.report).

Text formats write to a stream (the terminal, or a buffer saved atomically with
`-o`); document formats go through Pandoc and always need a file.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TextIO

if TYPE_CHECKING:  # the CLI reads FORMATS at start-up: no diff machinery imported for that
    from psmctl.diffing.report import DiffReport

StreamWriter = Callable[["DiffReport", TextIO, "Path | None"], None]


def _text(report: DiffReport, out: TextIO, templates: Path | None) -> None:
    from psmctl.report.diff_text import write_text

    write_text(report, out)


def _json(report: DiffReport, out: TextIO, templates: Path | None) -> None:
    from psmctl.report.diff_json import write_json

    write_json(report, out)


def _markdown(report: DiffReport, out: TextIO, templates: Path | None) -> None:
    from psmctl.report.diff_markdown import render_markdown

    out.write(render_markdown(report, templates))


def _document(report: DiffReport, fmt: str, output: Path, templates: Path | None) -> None:
    # the revision report is a document kind of the shared pipeline (psmctl.rendering.document)
    from psmctl.rendering.document import write_document
    from psmctl.report.diff_markdown import render_revision

    write_document(render_revision(report, templates), fmt, output, templates)


STREAM_FORMATS: dict[str, StreamWriter] = {"text": _text, "md": _markdown, "json": _json}
DOCUMENT_FORMATS = ("docx", "odt", "html", "pdf")
FORMATS = (*STREAM_FORMATS, *DOCUMENT_FORMATS)


def write_diff(report: DiffReport, fmt: str, output: Path | None, templates: Path | None = None) -> None:
    """Write `report` in `fmt` to `output` (atomically), or to standard output when there is none."""
    if fmt in DOCUMENT_FORMATS:
        assert output is not None, "document formats are written to a file"
        _document(report, fmt, output, templates)
        return
    if output is None:
        STREAM_FORMATS[fmt](report, sys.stdout, templates)
        return
    from psmctl.writing import write_atomic

    buffer = io.StringIO()
    STREAM_FORMATS[fmt](report, buffer, templates)
    write_atomic(output, buffer.getvalue().encode("utf-8"))
