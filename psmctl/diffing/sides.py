"""What `psmctl diff OLD NEW` compares: resolve each side to a validated edition.

A side is an edition id of the plan tree (`2024-2026`), an edition at a git
revision (`2024-2026@HEAD~3`, read from git objects), or a folder holding a
plan root with one edition or one edition folder. A tree is loaded and checked
once even when both sides come from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from psmctl.diagnostics import Diagnostic
from psmctl.loading.gitsource import GitSource, repository_of
from psmctl.loading.tree import DirectorySource, EditionTree, FileSource, Plan, load_plan
from psmctl.errors import PlanFindings, UsageError
from psmctl.model.edition import PLAN_NAME
from psmctl.model.registries import Dimension
from psmctl.rendering.names import Names
from psmctl.loading.locate import default_edition, find_root
from psmctl.validate import check_plan, edition_errors


@dataclass
class Side:
    spec: str
    label: str  # where it comes from: a folder or REV:folder
    tree: EditionTree
    body: str = ""  # the institution (plan.yaml), which signs the revision report
    plan_name: str = PLAN_NAME  # the plan's official name (plan.yaml)
    letterhead: str | None = None
    # the plan's classification dimensions (registries/classifications.yaml), to name changed values
    dimensions: list[Dimension] = field(default_factory=list)
    names: Names = field(default_factory=Names)  # what the files name by key, by name (psmctl.rendering.names)

    @property
    def edition_id(self) -> str:
        return self.tree.id

    @property
    def title(self) -> str:
        edition = self.tree.edition
        return edition.title if edition else ""


@dataclass
class Loader:
    """Loads and checks each tree once; both sides usually share one."""

    plan_dir: Path | None  # None: the plan around the working directory
    _cache: dict[str, tuple[Plan, list[Diagnostic]]] = field(default_factory=dict)

    def checked(self, source: FileSource) -> tuple[Plan, list[Diagnostic]]:
        if source.label not in self._cache:
            plan, findings = load_plan(source)
            # Only errors stop a diff: the warning-only editorial checks are skipped.
            self._cache[source.label] = (plan, check_plan(plan, findings, advisory=False))
        return self._cache[source.label]

    def resolve(self, spec: str) -> Side:
        if "@" in spec:
            edition, _, revision = spec.rpartition("@")
            if not edition or not revision:
                raise UsageError(f"{spec!r}: write EDITION@REVISION", "e.g. 2024-2026@HEAD~1")
            repo, prefix = repository_of(find_root(self.plan_dir))
            return self._side(spec, GitSource(repo, revision, prefix), edition)
        path = Path(spec)
        if path.is_dir():
            return self._folder_side(spec, path)
        return self._side(spec, DirectorySource(find_root(self.plan_dir)), spec)

    def _folder_side(self, spec: str, path: Path) -> Side:
        if (path / "edition.yaml").is_file() and path.resolve().parent.name == "editions":
            return self._side(spec, DirectorySource(find_root(path.resolve().parent.parent)), path.resolve().name)
        root = find_root(path)
        plan, _ = self.checked(DirectorySource(root))
        return self._side(spec, DirectorySource(root), default_edition(plan))

    def _side(self, spec: str, source: FileSource, edition: str) -> Side:
        plan, findings = self.checked(source)
        if edition not in plan.editions:
            raise UsageError(f"{spec}: no edition {edition!r} in {source.label}",
                              f"editions there: {', '.join(sorted(plan.editions)) or 'none'}")
        # The findings that concern this side: its edition's files and the shared ones.
        mine = edition_errors(plan, findings, edition)
        if mine:
            raise PlanFindings(f"{spec}: the edition has {len(mine)} error(s); nothing was compared",
                              f"fix them (psmctl validate {source.label} --edition {edition}) and run diff again",
                              mine)
        project = plan.project_model
        return Side(spec, source.label, plan.editions[edition], project.body if project else "",
                    project.plan_name if project else PLAN_NAME, project.letterhead if project else None,
                    plan_dimensions(plan), Names.of(plan))


def plan_dimensions(plan: Plan) -> list[Dimension]:
    registry = plan.registry("classifications")
    return list(registry.dimensions) if registry else []
