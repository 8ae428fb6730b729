"""The validation pipeline: parse → schema → references → editorial checks.

Parse and schema run per file while loading (psmctl.loading.tree); a file that
fails them is left out of the plan, so the cross-file stages see only what
passed and never cascade into follow-on errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from psmctl.checks.deliberation import check_deliberations
from psmctl.checks.editorial import check_editorial
from psmctl.checks.references import check_references
from psmctl.checks.structure import check_structure
from psmctl.checks.text import check_text
from psmctl.diagnostics import Diagnostic, Severity
from psmctl.loading.locate import find_root
from psmctl.loading.tree import DirectorySource, FileSource, Plan, load_plan
from psmctl.monitoring.checks import check_rounds


@dataclass
class EditionSummary:
    id: str
    title: str
    status: str
    levels: list[tuple[str, str, int, int | None]]  # kind, plural label, encoded, declared
    errors: int = 0
    warnings: int = 0
    infos: int = 0


@dataclass
class Report:
    label: str
    diagnostics: list[Diagnostic]
    editions: list[EditionSummary] = field(default_factory=list)
    files: int = 0
    strict: bool = False  # warnings fail too (validate --strict): every reporter says so

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def failed(self, strict: bool | None = None) -> bool:
        strict = self.strict if strict is None else strict
        worst = {Severity.ERROR} | ({Severity.WARNING} if strict else set())
        return any(d.severity in worst for d in self.diagnostics)


def check_plan(plan: Plan, loading_findings: list[Diagnostic], advisory: bool = True) -> list[Diagnostic]:
    """Run the cross-file stages on a loaded plan; all findings, sorted by place.

    advisory=False skips the editorial checks that can only warn, for callers
    that just need to know whether the plan has errors.
    """
    findings = list(loading_findings) + plan.missing
    findings.extend(check_structure(plan))
    findings.extend(check_text(plan))
    findings.extend(check_references(plan))
    findings.extend(check_editorial(plan, advisory))
    findings.extend(check_deliberations(plan))
    findings.extend(check_rounds(plan, advisory))
    return sorted(findings, key=Diagnostic.sort_key)


def edition_errors(plan: Plan, diagnostics: list[Diagnostic], edition: str) -> list[Diagnostic]:
    """Errors that concern `edition`: in its own files or in files every edition shares."""
    return [d for d in diagnostics
            if d.severity is Severity.ERROR and plan.file_editions.get(d.file, edition) == edition]


def validate_source(source: FileSource, edition: str | None = None) -> tuple[Plan, Report]:
    plan, loading = load_plan(source)
    diagnostics = check_plan(plan, loading)
    if edition is not None:
        diagnostics = [d for d in diagnostics if plan.file_editions.get(d.file, edition) == edition]
    report = Report(source.label, diagnostics, files=_file_count(plan))
    report.editions = [_summary(plan, tree_id, diagnostics) for tree_id in sorted(plan.editions)
                       if edition is None or tree_id == edition]
    return plan, report


def validate_path(path: Path | None, edition: str | None = None) -> tuple[Plan, Report]:
    """Validate the plan at `path` (None: the plan of the working directory, see loading.locate)."""
    return validate_source(DirectorySource(find_root(path)), edition)


def _file_count(plan: Plan) -> int:
    count = len(plan.registries) + (1 if plan.project else 0) + len(plan.misplaced)
    for tree in plan.editions.values():
        count += (1 if tree.file else 0) + len(tree.elements) + len(tree.indicators) + len(tree.chapters)
        count += len(tree.deliberations) + len(tree.rounds)
    return count


def _summary(plan: Plan, tree_id: str, diagnostics: list[Diagnostic]) -> EditionSummary:
    tree = plan.editions[tree_id]
    edition = tree.edition
    declared = edition.declared_counts if edition else None
    levels: list[tuple[str, str, int, int | None]] = []
    for level in (edition.levels if edition else []):
        said = {"axis": declared.axes, "strategy": declared.strategies, "action": declared.actions} if declared else {}
        levels.append((level.kind, level.plural, len(tree.of_kind(level.kind)), said.get(level.kind)))
    mine = [d for d in diagnostics if plan.file_editions.get(d.file) == tree_id]
    return EditionSummary(
        id=tree_id,
        title=edition.title if edition else "(edition.yaml missing or invalid)",
        status=edition.status if edition else "?",
        levels=levels,
        errors=sum(1 for d in mine if d.severity is Severity.ERROR),
        warnings=sum(1 for d in mine if d.severity is Severity.WARNING),
        infos=sum(1 for d in mine if d.severity is Severity.INFO),
    )
