"""Load a plan tree: find its files, parse them, check each against its model.

The tree (DESIGN §3, docs/plan-format.md)::

    plan.yaml                         kind: project
    registries/*.yaml                 kind: zones | pnrr | amsvs | sdg | bodies | dup | sources
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
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Protocol

from pydantic import BaseModel

from psmctl.checks.schema import check_document
from psmctl.diagnostics import Diagnostic, Severity
from psmctl.loading.files import Skipped, read_plan
from psmctl.loading.yamlfile import YamlDocument, decode, parse_text
from psmctl.model import Action, Axis, Chapter, Deliberation, Edition, Indicator, Project, Strategy
from psmctl.model.common import is_digits
from psmctl.model.registries import Registry

ELEMENT_KINDS = ("axis", "strategy", "action")


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


@dataclass
class PlanFile:
    """One loaded file: where it is, its positions, its model instance."""

    rel: str
    path: str
    doc: YamlDocument
    model: BaseModel
    body: str = ""
    body_line: int = 1

    @cached_property
    def kind(self) -> str:
        return str(self.doc.data.get("kind", "chapter"))


@lru_cache(maxsize=65536)
def code_key(code: str) -> tuple[tuple[int, str], ...]:
    """Sort `1.10` after `1.9`: numeric parts compare as numbers."""
    return tuple((int(p), "") if is_digits(p) else (1 << 30, p) for p in code.split("."))


@dataclass
class EditionTree:
    id: str
    file: PlanFile | None = None
    elements: list[PlanFile] = field(default_factory=list)
    indicators: list[PlanFile] = field(default_factory=list)
    chapters: list[PlanFile] = field(default_factory=list)
    deliberations: list[PlanFile] = field(default_factory=list)
    rounds: list[PlanFile] = field(default_factory=list)  # monitoring rounds (psmctl.monitoring)
    # ids of files that did not load: references to them are not reported again
    broken_ids: set[str] = field(default_factory=set)
    edition_file_broken: bool = False  # edition.yaml exists but did not load

    @property
    def edition(self) -> Edition | None:
        return self.file.model if self.file else None  # type: ignore[return-value]

    @cached_property
    def by_id(self) -> dict[str, PlanFile]:
        table: dict[str, PlanFile] = {}
        for item in self.elements:
            table.setdefault(item.model.id, item)  # type: ignore[attr-defined]
        return table

    def of_kind(self, kind: str) -> list[PlanFile]:
        return sorted((f for f in self.elements if f.kind == kind),
                      key=lambda f: code_key(f.model.code))  # type: ignore[attr-defined]

    @property
    def axes(self) -> list[Axis]:
        return [f.model for f in self.of_kind("axis")]  # type: ignore[misc]

    @property
    def strategies(self) -> list[Strategy]:
        return [f.model for f in self.of_kind("strategy")]  # type: ignore[misc]

    @property
    def actions(self) -> list[Action]:
        return [f.model for f in self.of_kind("action")]  # type: ignore[misc]

    @cached_property
    def children(self) -> dict[str, list[PlanFile]]:
        table: dict[str, list[PlanFile]] = {}
        for item in sorted(self.elements, key=lambda f: code_key(f.model.code)):  # type: ignore[attr-defined]
            parent = getattr(item.model, "parent", None)
            if parent is not None:
                table.setdefault(parent, []).append(item)
        return table

    @property
    def deliberation_models(self) -> list[Deliberation]:
        ordered = sorted(self.deliberations, key=lambda f: (str(f.model.date or ""), f.rel))  # type: ignore[attr-defined]
        return [f.model for f in ordered]  # type: ignore[misc]

    @property
    def indicator_models(self) -> list[Indicator]:
        return [f.model for f in self.indicators]  # type: ignore[misc]

    @property
    def chapter_models(self) -> list[tuple[Chapter, str]]:
        ordered = sorted(self.chapters, key=lambda f: (f.model.order, f.rel))  # type: ignore[attr-defined]
        return [(f.model, f.body) for f in ordered]  # type: ignore[misc]


@dataclass
class Plan:
    label: str
    project: PlanFile | None = None
    registries: dict[str, PlanFile] = field(default_factory=dict)
    editions: dict[str, EditionTree] = field(default_factory=dict)
    misplaced: list[PlanFile] = field(default_factory=list)
    # display path → edition id, for every file under editions/ (loaded or not)
    file_editions: dict[str, str] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # paths in the tree of files that did not load
    raw: dict[str, bytes] = field(default_factory=dict, repr=False)  # rel path → the bytes read
    missing: list[Diagnostic] = field(default_factory=list)  # required files that are absent

    def registry(self, kind: str) -> Registry | None:
        found = self.registries.get(kind)
        return found.model if found else None  # type: ignore[return-value]

    @property
    def project_model(self) -> Project | None:
        return self.project.model if self.project else None  # type: ignore[return-value]


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
    return doc, findings + problems, "", 1


def finish_file(rel: str, path: str, parsed: Parsed,
                models: dict[int, BaseModel] | None = None) -> tuple[PlanFile | None, list[Diagnostic]]:
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


def load_file(rel: str, path: str, raw: bytes) -> tuple[PlanFile | None, list[Diagnostic]]:
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


def _place(plan: Plan, loaded: PlanFile, edition_id: str | None) -> None:
    if edition_id is not None:
        plan.file_editions[loaded.path] = edition_id
    kind = loaded.kind
    rel_parts = loaded.rel.split("/")
    if kind == "project" and loaded.rel in ("plan.yaml", "plan.yml"):
        plan.project = loaded
    elif isinstance(loaded.model, Registry) and rel_parts[0] == "registries" and kind not in plan.registries:
        plan.registries[kind] = loaded
    elif edition_id is None:
        plan.misplaced.append(loaded)
    else:
        tree = plan.editions.setdefault(edition_id, EditionTree(edition_id))
        if kind == "edition" and rel_parts[-1] in ("edition.yaml", "edition.yml") and len(rel_parts) == 3:
            tree.file = loaded
        elif kind in ELEMENT_KINDS:
            tree.elements.append(loaded)
        elif kind == "indicator":
            tree.indicators.append(loaded)
        elif kind == "chapter":
            tree.chapters.append(loaded)
        elif kind == "deliberation" and rel_parts[2:3] == ["deliberations"]:
            tree.deliberations.append(loaded)
        elif kind == "monitoring" and rel_parts[2:3] == ["monitoring"]:
            tree.rounds.append(loaded)
        else:
            plan.misplaced.append(loaded)
