"""What changed between two monitoring dates: computed once, shown by `diff --monitoring` and the report.

Both sides are states at a date (psmctl.monitoring.rounds.states_at), so the
comparison covers every action — also one a round leaves out, which keeps its
earlier state — and indicator classes computed with the observations up to
each date's year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from psmctl.loading.tree import EditionTree
from psmctl.monitoring.assessment import assess
from psmctl.monitoring.model import ActionState
from psmctl.monitoring.rollup import MONEY, is_overdue
from psmctl.monitoring.rounds import states_at


@dataclass
class RoundChanges:
    old: dt.date | None
    new: dt.date
    status: list[dict[str, Any]] = field(default_factory=list)  # action, code, title, old, new
    progress: list[dict[str, Any]] = field(default_factory=list)
    newly_overdue: list[dict[str, Any]] = field(default_factory=list)
    money: list[dict[str, Any]] = field(default_factory=list)  # action, line, field, old, new
    indicators: list[dict[str, Any]] = field(default_factory=list)  # indicator, name, old, new

    @property
    def empty(self) -> bool:
        return not (self.status or self.progress or self.newly_overdue or self.money or self.indicators)

    def as_dict(self) -> dict[str, Any]:
        return {"old": self.old.isoformat() if self.old else None, "new": self.new.isoformat(),
                "status": self.status, "progress": self.progress, "newly_overdue": self.newly_overdue,
                "money": self.money, "indicators": self.indicators}


def compare(tree: EditionTree, old: dt.date | None, new: dt.date) -> RoundChanges:
    before, after = states_at(tree, old), states_at(tree, new)
    changes = RoundChanges(old, new)
    for action in tree.actions:
        who = {"action": action.id, "code": tree.full_code(action), "title": action.title}
        was, now = before[action.id].state, after[action.id].state
        if _status(was) != _status(now):
            changes.status.append({**who, "old": _status(was), "new": _status(now)})
        if _progress(was) != _progress(now):
            changes.progress.append({**who, "old": _progress(was), "new": _progress(now)})
        if is_overdue(action, after[action.id], new) and not is_overdue(action, before[action.id], old):
            changes.newly_overdue.append({**who, "end": action.timeline.end if action.timeline else None})
        changes.money.extend({**who, **line} for line in _money(was, now))
    for indicator in tree.indicator_models:
        was_class = assess(indicator, old.year).klass if old else None
        now_class = assess(indicator, new.year).klass
        if was_class != now_class:
            changes.indicators.append({"indicator": indicator.id, "name": indicator.name,
                                       "old": was_class, "new": now_class})
    return changes


def _status(state: ActionState | None) -> str | None:
    return state.status if state else None


def _progress(state: ActionState | None) -> int | None:
    return state.progress if state else None


def _lines(state: ActionState | None) -> dict[str, dict[str, Decimal | None]]:
    lines = state.funding if state else []
    return {line.key(i): {m: a.amount if a else None for m, a in line.triad().items()}
            for i, line in enumerate(lines)}


def _money(was: ActionState | None, now: ActionState | None) -> list[dict[str, Any]]:
    old, new = _lines(was), _lines(now)
    out = []
    for key in sorted(set(old) | set(new)):
        for name in MONEY:
            a, b = old.get(key, {}).get(name), new.get(key, {}).get(name)
            if a != b:
                out.append({"line": key, "field": name, "old": a, "new": b})
    return out
