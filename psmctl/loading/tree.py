"""Load a plan tree: find its files, parse them, check each against its model.

The tree (DESIGN §3, docs/plan-format.md)::

    plan.yaml                         kind: project
    registries/*.yaml                 kind: zones | pnrr | amsvs | sdg | bodies | dup | sources | classifications
    editions/<id>/edition.yaml        kind: edition
    editions/<id>/**/*.yaml           kind: axis | strategy | action | indicator
    editions/<id>/chapters/*.md       Markdown with YAML front matter
    editions/<id>/monitoring/*.yaml   kind: monitoring (one dated round per file)

Files come from a `FileSource` (a directory, or a git revision for `diff`), so
loading never depends on where bytes live. A file that fails to parse or to
match its model is kept out of the plan and reported; the others load.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator, Protocol

from pydantic import BaseModel

from psmctl.checks.schema import check_document
from psmctl.diagnostics import Diagnostic, Severity
from psmctl.loading.files import Skipped, read_plan
from psmctl.loading.plan import AnyFile, EditionTree, Plan, PlanFile, holds
from psmctl.loading.position import code_key
from psmctl.loading.yamlfile import YamlDocument, decode, parse_text
from psmctl.model import Chapter, Project
from psmctl.model.registries import Registry

# Where the loaded plan's types live; importable from here too, next to `load_plan`.
__all__ = ["AnyFile", "DirectorySource", "EditionTree", "FileSource", "Plan", "PlanFile", "code_key",
           "Parsed", "display_path", "finish_file", "load_file", "load_plan", "parse_file"]


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


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:
        return str(path)


def load_plan(source: FileSource) -> tuple[Plan, list[Diagnostic]]:
    """Parse and schema-check every file of `source` into a Plan."""
    from psmctl.loading.parallel import parse_files

    plan = Plan(label=source.label)
    findings: list[Diagnostic] = []
    models: dict[int, BaseModel] = {}  # one model per parsed document: identical files share it
    items = list(source.files())
    for rel, path, raw, parsed in parse_files(items):
        plan.raw[rel] = raw
        loaded, problems = finish_file(rel, path, parsed, models)
        findings.extend(problems)
        if loaded is None:
            _mark_broken(plan, rel, path, _raw_id(rel, path, raw))
        else:
            _place(plan, loaded, _edition_folder(rel))
    for skipped in source.skipped:
        findings.append(_skipped_finding(skipped, source.shown(skipped.rel)))
        if skipped.code != "hidden-file":
            _mark_broken(plan, skipped.rel, source.shown(skipped.rel), Path(skipped.rel).stem)
    plan.missing = _missing_required(plan, source)  # reported by the structure stage (validate.check_plan)
    return plan, findings


# The files every plan must have. A registry not listed here may be absent (references to it
# are then warned about, not checked): e.g. a plan without zone omogenee has no zones.yaml.
REQUIRED_FILES = {
    "plan.yaml": "the project file (kind: project) at the root of the plan",
    "registries/sources.yaml": "the sources registry (kind: sources) that every citation refers to",
}


def _missing_required(plan: Plan, source: FileSource) -> list[Diagnostic]:
    """An error for each required file that is absent (one that is there but broken is reported already)."""
    present = set(plan.raw) | plan.broken
    return [Diagnostic("missing-file", Severity.ERROR, source.shown(rel), 1, 1, "",
                       f"{rel} is missing: a plan needs {what}", "restore it (git checkout, or see docs/plan-format.md)")
            for rel, what in REQUIRED_FILES.items()
            if rel not in present and not any(rel.startswith(broken + "/") for broken in plan.broken)]


def _mark_broken(plan: Plan, rel: str, path: str, ident: str | None) -> None:
    """A file (or folder) that did not load: references to what it held are not reported again."""
    edition_id = _edition_folder(rel)
    plan.broken.add(rel)
    if edition_id is None:
        return
    plan.file_editions[path] = edition_id
    tree = plan.editions.setdefault(edition_id, EditionTree(edition_id))
    if ident is not None:
        tree.broken_ids.add(ident)
    tree.edition_file_broken |= rel in (f"editions/{edition_id}/edition.yaml", f"editions/{edition_id}/edition.yml")


def _skipped_finding(skipped: Skipped, shown: str) -> Diagnostic:
    severity = Severity.INFO if skipped.code == "hidden-file" else Severity.ERROR
    return Diagnostic(skipped.code, severity, shown, 1, 1, "", skipped.message, skipped.hint)


Parsed = tuple["YamlDocument | None", list[Diagnostic], str, int]
"""A parsed file: its document (front matter for chapters), findings, chapter body and body line."""


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


def finish_file(rel: str, path: str, parsed: Parsed,
                models: dict[int, BaseModel] | None = None) -> tuple[AnyFile | None, list[Diagnostic]]:
    """The schema stage: the parsed document checked against its model."""
    doc, findings, body, body_line = parsed
    if doc is None:
        return None, findings
    if models is not None and id(doc) in models:
        return PlanFile(rel, path, doc, models[id(doc)], body=body, body_line=body_line), findings
    model, problems = check_document(doc, path, Chapter if rel.endswith(".md") else None)
    if model is not None and not problems and models is not None:
        models[id(doc)] = model
    if model is None:
        return None, findings + problems
    return PlanFile(rel, path, doc, model, body=body, body_line=body_line), findings + problems


def load_file(rel: str, path: str, raw: bytes) -> tuple[AnyFile | None, list[Diagnostic]]:
    return finish_file(rel, path, parse_file(rel, path, raw))


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


def _edition_folder(rel: str) -> str | None:
    parts = rel.split("/")
    return parts[1] if len(parts) >= 3 and parts[0] == "editions" else None


def _raw_id(rel: str, path: str, raw: bytes) -> str:
    # A file that failed its schema may still say its id; fall back to its name.
    text, _ = decode(raw, path)
    if text and not rel.endswith(".md"):
        doc, _ = parse_text(text, path)
        if doc is not None and isinstance(doc.data.get("id"), str):
            return str(doc.data["id"])
    return Path(rel).stem


def _place(plan: Plan, loaded: AnyFile, edition_id: str | None) -> None:
    if edition_id is not None:
        plan.file_editions[loaded.path] = edition_id
    kind = loaded.kind
    if holds(loaded, Project) and loaded.rel in ("plan.yaml", "plan.yml"):
        plan.project = loaded
    elif holds(loaded, Registry) and loaded.rel.split("/")[0] == "registries" and kind not in plan.registries:
        plan.registries[kind] = loaded
    elif edition_id is None or not plan.editions.setdefault(edition_id, EditionTree(edition_id)).add(loaded):
        plan.misplaced.append(loaded)
