"""Roll-ups of the stato di attuazione at one date: computed here once, read by every output.

Rules (docs/monitoring.md §Aggregazioni):
- an action's state is its latest round on or before the date (psmctl.monitoring.rounds);
- "avviate" (started) are in_progress or completed; "concluse" completed;
  percentages are over all actions of the group, cancelled ones included;
- average progress is over actions whose progress is known; completed counts
  100 and planned 0 when the round gives no figure;
- overdue: the timeline end has passed at the date (a year ends on 31
  December, a month on its last day) and the action is neither completed nor
  cancelled;
- amounts are the sums of the funding lines of the actions' states.
Axes and strategies partition the actions, so their totals add up to the
plan's. Zones do not: an action scoped to two zones counts in both, and actions
for the whole territory form their own row instead of one in every zone.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from psmctl.loading.tree import EditionTree, Plan
from psmctl.model import Action
from psmctl.monitoring.model import FundingLine
from psmctl.monitoring.rounds import Dated, states_at
from psmctl.rendering.names import zone_label

STATUSES = ("planned", "in_progress", "completed", "suspended", "cancelled")
UNREPORTED = "unreported"
MONEY = ("allocated", "committed", "paid")


@dataclass
class Group:
    """One row of a roll-up: a set of actions and what they add up to."""

    key: str
    label: str
    actions: list[str] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=lambda: {s: 0 for s in (*STATUSES, UNREPORTED)})
    progress_sum: int = 0
    progress_known: int = 0
    overdue: list[str] = field(default_factory=list)
    money: dict[str, Decimal] = field(default_factory=lambda: {m: Decimal(0) for m in MONEY})

    @property
    def count(self) -> int:
        return len(self.actions)

    @property
    def completed_share(self) -> float | None:
        return self.by_status["completed"] / self.count if self.count else None

    @property
    def started_share(self) -> float | None:
        started = self.by_status["completed"] + self.by_status["in_progress"]
        return started / self.count if self.count else None

    @property
    def average_progress(self) -> float | None:
        return self.progress_sum / self.progress_known if self.progress_known else None


@dataclass
class Rollup:
    as_of: dt.date | None
    total: Group
    axes: list[Group]
    strategies: list[Group]
    zones: list[Group]
    sources: list[Group]
    states: dict[str, Dated]


def end_of(partial: str) -> dt.date:
    """The last day a partial date covers: 2025 → 2025-12-31, 2025-06 → 2025-06-30."""
    parts = [int(p) for p in partial.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], parts[1], parts[2])


def is_overdue(action: Action, dated: Dated, as_of: dt.date | None) -> bool:
    status = dated.state.status if dated.state else None
    end = action.timeline.end if action.timeline else None
    return as_of is not None and end is not None and end_of(end) < as_of and status not in ("completed", "cancelled")


def _progress_of(dated: Dated) -> int | None:
    state = dated.state
    if state is None:
        return None
    if state.progress is not None:
        return state.progress
    return {"completed": 100, "planned": 0}.get(state.status)


def add(group: Group, action: Action, dated: Dated, as_of: dt.date | None,
        lines: Iterable[FundingLine] | None = None) -> None:
    """Count one action into `group` (with only `lines` of its funding, when given)."""
    group.actions.append(action.id)
    group.by_status[dated.state.status if dated.state else UNREPORTED] += 1
    progress = _progress_of(dated)
    if progress is not None:
        group.progress_sum += progress
        group.progress_known += 1
    if is_overdue(action, dated, as_of):
        group.overdue.append(action.id)
    for line in (dated.state.funding if dated.state else []) if lines is None else lines:
        for name, amount in line.triad().items():
            if amount is not None:
                group.money[name] += amount.amount


def rollup(plan: Plan, tree: EditionTree, as_of: dt.date | None) -> Rollup:
    states = states_at(tree, as_of)
    actions = tree.actions
    total = Group("total", "Totale")
    for action in actions:
        add(total, action, states[action.id], as_of)
    return Rollup(as_of, total, _by_level(tree, states, as_of, "axis"), _by_level(tree, states, as_of, "strategy"),
                  _by_zone(plan, actions, states, as_of), _by_source(actions, states, as_of), states)


def _by_level(tree: EditionTree, states: dict[str, Dated], as_of: dt.date | None, kind: str) -> list[Group]:
    groups: list[Group] = []
    for file in tree.of_kind(kind):
        model = file.model
        group = Group(model.id, f"{tree.full_code(model)} {model.title}".strip())
        for action in _actions_under(tree, model.id):
            add(group, action, states[action.id], as_of)
        groups.append(group)
    return groups


def _actions_under(tree: EditionTree, element_id: str) -> list[Action]:
    found: list[Action] = []
    for child in tree.children.get(element_id, []):
        if isinstance(child.model, Action):
            found.append(child.model)
        else:
            found.extend(_actions_under(tree, child.model.id))
    return found


def _by_zone(plan: Plan, actions: list[Action], states: dict[str, Dated], as_of: dt.date | None) -> list[Group]:
    registry = plan.registry("zones")
    zones = list(registry.zones) if registry else []
    comune_zone = {c.istat: z.id for z in zones for c in z.comuni if c.istat}
    groups = {z.id: Group(z.id, zone_label(z.number, z.name)) for z in zones}
    whole = Group("whole_territory", "Intero territorio metropolitano")
    if not zones:  # a plan without zone omogenee has no breakdown by zone (issue 10 §4: "where the plan has them")
        return []
    unscoped = Group("unscoped", "Ambito territoriale non indicato")
    for action in actions:
        scope = action.scope
        named = set(scope.zones) | {comune_zone[c] for c in scope.comuni if c in comune_zone} if scope else set()
        targets = [groups[z] for z in sorted(named) if z in groups]
        if scope is not None and scope.whole_territory:
            targets.append(whole)
        for group in targets or [unscoped]:
            add(group, action, states[action.id], as_of)
    return [g for g in [*groups.values(), whole, unscoped] if g.count]


SOURCE_NONE = "unspecified"


def _by_source(actions: list[Action], states: dict[str, Dated], as_of: dt.date | None) -> list[Group]:
    groups: dict[str, Group] = {}
    for action in actions:
        dated = states[action.id]
        lines = dated.state.funding if dated.state else []
        for source in sorted({line.source or SOURCE_NONE for line in lines}):
            group = groups.setdefault(source, Group(source, source))
            add(group, action, dated, as_of, [line for line in lines if (line.source or SOURCE_NONE) == source])
    return [groups[k] for k in sorted(groups)]
