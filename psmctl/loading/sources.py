"""Where plan files come from, and the parse stage: what runs before any model is imported.

A `FileSource` yields each plan file's bytes (a directory here, a git revision
in psmctl.loading.gitsource); `parse_file` turns them into a YAML document with
findings, with no model and no Pydantic, so it runs in worker processes and
can start before the schema stage's imports (psmctl.loading.parallel).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator, Protocol

from psmctl.diagnostics import Diagnostic, Severity
from psmctl.loading.files import Skipped, read_plan
from psmctl.loading.yamlfile import YamlDocument, decode, parse_text


Parsed = tuple["YamlDocument | None", list[Diagnostic], str, int]
"""A parsed file: its document (front matter for chapters), findings, chapter body and body line."""


class FileSource(Protocol):
    """Where plan files come from: yields (path in tree, path to show, bytes).

    `skipped` lists, once `files()` has run, the paths that are not read (see
    psmctl.loading.files): each becomes a located finding.
    """

    label: str
    skipped: list[Skipped]

    def files(self) -> Iterable[tuple[str, str, bytes]]: ...

    def shown(self, rel: str) -> str:
        """The path to show for `rel`, as `files()` shows it."""
        ...


@dataclass
class DirectorySource:
    root: Path
    label: str = ""
    skipped: list[Skipped] = field(default_factory=list)
    _started: Iterator[tuple[str, str, bytes, Parsed]] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.label = self.label or display_path(self.root)

    @cached_property
    def _shown_root(self) -> str:  # once per source: a relpath per file was a tenth of loading 20,000 files
        return display_path(self.root)

    def shown(self, rel: str) -> str:
        root = self._shown_root
        return rel if root == "." else f"{root.rstrip('/')}/{rel}"

    def files(self) -> Iterator[tuple[str, str, bytes]]:
        self.skipped = []
        for item in read_plan(self.root):
            if isinstance(item, Skipped):
                self.skipped.append(item)
            else:
                yield item[0], self.shown(item[0]), item[1]

    def start(self) -> None:
        """Read the files and start parsing them now. A large plan's parse workers then fork at once,
        and the imports of the schema stage, which the parse does not need, run while they parse."""
        from psmctl.loading.parallel import parse_files

        self._started = parse_files(list(self.files()))

    def parsed(self) -> Iterator[tuple[str, str, bytes, Parsed]]:
        """Every file with its parse result: the parse `start` began, else one begun now."""
        from psmctl.loading.parallel import parse_files

        started, self._started = self._started, None
        return started if started is not None else parse_files(list(self.files()))


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:
        return str(path)



def parse_file(rel: str, path: str, raw: bytes) -> Parsed:
    """The parse stage alone (no model): what can run in a worker process."""
    text, findings = decode(raw, path)
    if text is None:
        return None, findings, "", 1
    if rel.endswith(".md"):
        return _parse_chapter(path, text, findings)
    doc, problems = parse_text(text, path)
    if doc is not None:
        doc.source = raw  # the text again when needed, without keeping a second copy of the file
    return doc, findings + problems, "", 1


def _parse_chapter(path: str, text: str, findings: list[Diagnostic]) -> Parsed:
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), None)
    if not lines or lines[0].rstrip() != "---" or end is None:
        findings.append(Diagnostic("front-matter", Severity.ERROR, path, 1, 1, "",
                                   "a chapter starts with a front matter block between two '---' lines",
                                   "add ---, `title: ...`, --- at the top of the file"))
        return None, findings, "", 1
    doc, problems = parse_text("\n".join(lines[1:end]) + "\n", path, line_offset=1)
    body = "\n".join(lines[end + 1:]).strip("\n") + "\n"
    return doc, findings + problems, body, end + 2
