"""Stage 4: editorial checks — things a careful planning officer would flag.

An edition marked `incomplete: true` (the shipped Torino editions, rebuilt
from partial public sources) reports missing recommended fields as notes
(info), not warnings: the gap is known and declared in `coverage_note`.
"""

from __future__ import annotations

from psmctl.checks.finding import at, label
from psmctl.diagnostics import Diagnostic, Severity
from psmctl.loading.plan import EditionTree, ElementFile, Plan, PlanFile
from psmctl.model import Action, Edition, Strategy
from psmctl.model.common import is_digits
from psmctl.model.elements import PlanElement, parent_of


def check_editorial(plan: Plan, advisory: bool = True) -> list[Diagnostic]:
    """Editorial findings; with advisory=False only those at error level (what `diff` needs)."""
    findings: list[Diagnostic] = []
    for tree in plan.editions.values():
        edition = tree.edition
        if edition is None or tree.file is None:
            continue
        edition_file = tree.file
        for file in tree.elements:
            if isinstance(file.model, Action):
                findings.extend(_timeline_order(tree, file, file.model))
        if not advisory:
            continue
        findings.extend(_declared_counts(tree, edition_file, edition))
        for file in tree.elements:
            findings.extend(_recommended(tree, file, edition))
            if isinstance(file.model, Action):
                findings.extend(_within_period(tree, file, file.model, edition))
                findings.extend(_progress(tree, file, file.model))
        findings.extend(_numbering_gaps(tree, edition))
    return findings


def _quiet(edition: Edition) -> Severity:
    return Severity.INFO if edition.incomplete else Severity.WARNING


def _declared_counts(tree: EditionTree, file: PlanFile[Edition], edition: Edition) -> list[Diagnostic]:
    declared = edition.declared_counts
    if declared is None:
        return []
    findings = []
    plural: dict[str, str] = {level.kind: level.plural for level in edition.levels}
    counts = (("axes", "axis", declared.axes), ("strategies", "strategy", declared.strategies),
              ("actions", "action", declared.actions))
    for key, kind, expected in counts:
        encoded = len(tree.of_kind(kind))
        if expected is not None and expected != encoded:
            findings.append(at(file, ("declared_counts", key), "declared-counts",
                               f"edition {edition.id}: the official text declares {expected} "
                               f"{plural.get(kind, key)}, the files hold {encoded}",
                               "add the missing files, or correct declared_counts", Severity.WARNING))
    return findings


def _recommended_fields(model: PlanElement) -> dict[str, object]:
    """The fields a careful officer fills in for this level, by name (an axis has none)."""
    if isinstance(model, Action):
        return {"summary": model.summary, "status": model.status, "competence": model.competence,
                "lead_body": model.lead_body, "scope": model.scope}
    return {"summary": model.summary} if isinstance(model, Strategy) else {}


def _recommended(tree: EditionTree, file: ElementFile, edition: Edition) -> list[Diagnostic]:
    missing = [name for name, value in _recommended_fields(file.model).items() if not value]
    if not missing:
        return []
    return [at(file, (), "recommended-field", f"{label(file, tree)}: recommended fields missing: {', '.join(missing)}",
               "fill them in when the information is known", _quiet(edition))]


def _before(a: str, b: str) -> bool:
    """Whether partial date `a` is surely earlier than `b` (compared at their common precision)."""
    size = min(len(a), len(b))
    return a[:size] < b[:size]


def _timeline_order(tree: EditionTree, file: ElementFile, action: Action) -> list[Diagnostic]:
    timeline = action.timeline
    if timeline and timeline.start and timeline.end and _before(timeline.end, timeline.start):
        return [at(file, ("timeline", "end"), "timeline-order",
                   f"{label(file, tree)}: ends ({timeline.end}) before it starts ({timeline.start})")]
    return []


def _within_period(tree: EditionTree, file: ElementFile, action: Action, edition: Edition) -> list[Diagnostic]:
    findings = []
    timeline = action.timeline
    period = edition.period
    # An action may start before the plan or last beyond it; only a timeline
    # wholly outside the period is suspicious.
    if timeline and (timeline.start or timeline.end):
        start = int((timeline.start or timeline.end or "0")[:4])
        end = int((timeline.end or timeline.start or "0")[:4])
        if end < period.start or start > period.end:
            field = "end" if end < period.start and timeline.end else "start"
            findings.append(at(file, ("timeline", field), "date-outside-period",
                               f"{label(file, tree)}: its timeline ({timeline.start or '…'} – {timeline.end or '…'}) "
                               f"lies wholly outside the edition period {period.start}-{period.end}",
                               "check the years", Severity.WARNING))
    for index, line in enumerate(action.funding):
        if line.year is not None and not period.start <= line.year <= period.end:
            findings.append(at(file, ("funding", index, "year"), "date-outside-period",
                               f"{label(file, tree)}: funding year {line.year} is outside {period.start}-{period.end}",
                               None, Severity.WARNING))
    return findings


def _progress(tree: EditionTree, file: ElementFile, action: Action) -> list[Diagnostic]:
    message = status_progress_conflict(action.status, action.progress)
    if message is None:
        return []
    return [at(file, ("progress",), "progress-status", f"{label(file, tree)}: {message}",
               "make status and progress agree", Severity.WARNING)]


def status_progress_conflict(status: str | None, progress: int | None) -> str | None:
    """Why a status and a progress disagree, or None (shared by actions and monitoring rounds)."""
    if progress is None:
        return None
    if status is None:
        return f"progress is {progress}% but no status is given"
    if status == "completed" and progress != 100:
        return f"status is completed but progress is {progress}%"
    if progress == 100 and status != "completed":
        return f"progress is 100% but status is {status}"
    if status == "planned" and progress > 0:
        return f"status is planned but progress is {progress}%"
    return None


def _spans(numbers: list[int], prefix: str) -> list[str]:
    """[1, 2, 3, 7] → ["P1–P3", "P7"]: a long gap reads as one range."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    out: list[str] = []
    for a, b in spans:
        out += [f"{prefix}{a}–{prefix}{b}"] if b > a + 1 else [f"{prefix}{n}" for n in range(a, b + 1)]
    return out


def _numbering_gaps(tree: EditionTree, edition: Edition) -> list[Diagnostic]:
    """Siblings should count 1, 2, 3…; codes already wrong for their parent are left to code-position."""
    if edition.numbering in ("free", "none"):
        return []
    findings = []
    kinds = [level.kind for level in edition.levels]
    groups: dict[str, list[ElementFile]] = {}
    for file in tree.elements:
        parent_id = parent_of(file.model) or ""
        parent = tree.by_id.get(parent_id)
        parent_kind = parent.kind if parent else None
        if file.kind in kinds[1:] and parent_kind != kinds[kinds.index(file.kind) - 1]:
            continue  # wrong level: reported by the structure checks
        groups.setdefault(parent_id, []).append(file)
    for parent_id, siblings in groups.items():
        parent = tree.by_id.get(parent_id)
        prefix = (parent.model.code or "") + "." if parent and edition.numbering == "hierarchical" else ""
        numbered: dict[int, ElementFile] = {}
        for file in siblings:
            code = file.model.code or ""
            rest = code[len(prefix):] if code.startswith(prefix) else ""
            if is_digits(rest):
                numbered.setdefault(int(rest), file)
        missing = sorted(set(range(1, max(numbered, default=0) + 1)) - set(numbered))
        if missing:
            after = min(n for n in numbered if n > missing[0])
            file = numbered[after]
            names = ", ".join(_spans(missing, prefix))
            findings.append(at(file, ("code",), "numbering-gap",
                               f"{label(file, tree)}: no element has code {names}",
                               "renumber the following elements, or add the missing one", _quiet(edition)))
    return findings
