"""Checks of monitoring rounds and indicator series (docs/monitoring.md §Validation).

Rounds: the file is named after its date; the date lies within the edition;
every id names an action; status and progress agree (completed below 100% is an
error); a progress that goes backwards or a status that regresses since the
previous round needs a note; each funding line keeps committed ≤ allocated and
paid ≤ committed. Indicators: one observation per year, a target not before its
baseline, a source for each observation.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePosixPath

from psmctl.checks.editorial import status_progress_conflict
from psmctl.checks.finding import at, suggest
from psmctl.diagnostics import Diagnostic, Severity, YamlPath
from psmctl.loading.plan import EditionTree, Plan, PlanFile
from psmctl.model import Edition, Indicator
from psmctl.monitoring.model import ActionState, FundingLine, Round
from psmctl.monitoring.rounds import rounds_of

# Along the normal path an action moves planned → in_progress → completed;
# suspended and cancelled are off that path, and entering them is a regression too.
_RANK = {"planned": 0, "in_progress": 1, "completed": 2}


def check_rounds(plan: Plan, advisory: bool = True) -> list[Diagnostic]:
    findings: list[Diagnostic] = []
    for tree in plan.editions.values():
        edition = tree.edition
        actions = {a.id for a in tree.actions}
        previous: dict[str, ActionState] = {}
        seen: dict[str, PlanFile[Round]] = {}
        for file, model in rounds_of(tree):
            findings.extend(_round_file(file, model, seen, edition))
            for action_id, state in model.actions.items():
                path: YamlPath = ("actions", action_id)
                if action_id not in actions and action_id not in tree.broken_ids:
                    findings.append(at(file, path, "unknown-action", f"round {model.as_of}: no action has id "
                                       f"{action_id!r} in edition {tree.id}",
                                       suggest(action_id, actions) or "use the action's stable id", key=True))
                    continue
                findings.extend(_state(file, path, state))
                if advisory and action_id in previous:
                    findings.extend(_regression(file, path, previous[action_id], state))
                previous[action_id] = state
        findings.extend(_indicators(tree))
    return findings


def _round_file(file: PlanFile[Round], model: Round, seen: dict[str, PlanFile[Round]],
                edition: Edition | None) -> list[Diagnostic]:
    findings = []
    day = model.as_of.isoformat()
    if day in seen:
        findings.append(at(file, ("as_of",), "duplicate-round", f"two rounds dated {day}: {seen[day].path} and this one",
                           "a round is one file per date; merge them or correct the date"))
    seen.setdefault(day, file)
    if PurePosixPath(file.rel).stem != day:
        findings.append(at(file, ("as_of",), "round-file-name",
                           f"the round dated {day} is in {PurePosixPath(file.rel).name}",
                           f"name the file {day}.yaml, so rounds sort by date", Severity.WARNING))
    if edition is not None and model.as_of.year < edition.period.start:
        findings.append(at(file, ("as_of",), "round-date", f"round {day} is before the edition period "
                           f"{edition.period.start}-{edition.period.end} begins", "check the date"))
    elif edition is not None and model.as_of.year > edition.period.end:
        findings.append(at(file, ("as_of",), "round-date", f"round {day} is after the edition period "
                           f"{edition.period.start}-{edition.period.end} ends",
                           "a final round after the end is possible; otherwise check the date", Severity.WARNING))
    return findings


def _state(file: PlanFile[Round], path: YamlPath, state: ActionState) -> list[Diagnostic]:
    findings = []
    conflict = status_progress_conflict(state.status, state.progress)
    if conflict is not None:
        severity = Severity.ERROR if state.status == "completed" else Severity.WARNING
        findings.append(at(file, (*path, "progress"), "progress-status", f"{path[-1]}: {conflict}",
                           "make status and progress agree", severity))
    for index, line in enumerate(state.funding):
        findings.extend(_triad(file, (*path, "funding", index), line))
    return findings


def _triad(file: PlanFile[Round], path: YamlPath, line: FundingLine) -> list[Diagnostic]:
    findings = []
    pairs = (("committed", "allocated", "impegnato"), ("paid", "committed", "pagato"))
    amounts = line.triad()
    for smaller, larger, word in pairs:
        low, high = amounts[smaller], amounts[larger]
        if low is not None and high is not None and low.amount > high.amount:
            findings.append(at(file, (*path, smaller), "funding-triad",
                               f"{path[1]}: {smaller} ({_eur(low.amount)}) exceeds {larger} ({_eur(high.amount)})",
                               f"the {smaller} amount ({word}) cannot exceed the {larger} one: check both figures"))
    return findings


def _eur(value: Decimal) -> str:
    return f"EUR {value:,.2f}"


def _regression(file: PlanFile[Round], path: YamlPath, before: ActionState, now: ActionState) -> list[Diagnostic]:
    if now.note:
        return []
    findings = []
    if before.progress is not None and now.progress is not None and now.progress < before.progress:
        findings.append(at(file, (*path, "progress"), "progress-backwards",
                           f"{path[-1]}: progress went back from {before.progress}% to {now.progress}%",
                           "add a `note:` that explains why, or correct the figure", Severity.WARNING))
    if regressed(before.status, now.status):
        findings.append(at(file, (*path, "status"), "status-regression",
                           f"{path[-1]}: status went from {before.status} to {now.status}",
                           "add a `note:` that explains why", Severity.WARNING))
    return findings


def regressed(before: str, now: str) -> bool:
    """Whether a status change goes against the planned → in_progress → completed path."""
    if before == now:
        return False
    if now not in _RANK:
        return True
    return before in _RANK and _RANK[now] < _RANK[before]


def _indicators(tree: EditionTree) -> list[Diagnostic]:
    findings: list[Diagnostic] = []
    for file in tree.indicators:
        findings.extend(_indicator(file, file.model))
    return findings


def _indicator(file: PlanFile[Indicator], model: Indicator) -> list[Diagnostic]:
    findings = []
    first: dict[int, int] = {}
    for index, point in enumerate(model.series):
        if point.year in first:
            findings.append(at(file, ("series", index, "year"), "duplicate-year",
                               f"{model.id}: two observations for {point.year} (items {first[point.year] + 1} "
                               f"and {index + 1})", "keep one value per year; put the earlier one under `revisions:`"))
        first.setdefault(point.year, index)
        if point.source is None:
            findings.append(at(file, ("series", index), "observation-source",
                               f"{model.id}: the {point.year} observation names no source",
                               "add `source:` (e.g. ISTAT, BES 2024)", Severity.WARNING))
    if model.baseline is not None and model.target is not None and model.target.year < model.baseline.year:
        findings.append(at(file, ("target", "year"), "target-before-baseline",
                           f"{model.id}: target year {model.target.year} is before the baseline year "
                           f"{model.baseline.year}", "a target lies after its baseline: check both years"))
    return findings
