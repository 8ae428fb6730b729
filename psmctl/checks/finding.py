"""Build a located finding from a loaded file and a YAML path."""

from __future__ import annotations

import difflib
from typing import Iterable

from psmctl.diagnostics import Diagnostic, Severity, YamlPath, format_path
from psmctl.loading.plan import AnyFile, EditionTree, ElementFile


def at(
    file: AnyFile,
    path: YamlPath,
    code: str,
    message: str,
    hint: str | None = None,
    severity: Severity = Severity.ERROR,
    *,
    key: bool = False,
) -> Diagnostic:
    line, column = file.doc.position(path, key=key)
    return Diagnostic(code, severity, file.path, line, column, format_path(path), message, hint)


def suggest(word: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def label(file: ElementFile, tree: EditionTree) -> str:
    """How a message names an element: its full code and title, e.g. 2.1.1 «Rete …»."""
    code, title = tree.full_code(file.model), file.model.title
    short = title if len(title) <= 60 else title[:57] + "…"
    return f"{code} «{short}»" if code else f"«{short}»"
