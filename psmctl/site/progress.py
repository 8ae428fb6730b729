"""The stato di attuazione on the site: read from psmctl.monitoring, never counted here.

The monitoring core decides an action's state at a date (its latest round, else
its own file), the roll-ups per axis, strategy, zone and funding source, and
each indicator's assessment and chart; the site only turns them into rows for
its pages. A group the monitoring roll-up has no row for (an SDG, a PNRR or
AMSvS mission) is added up with the roll-up's own `add`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from psmctl.loading.tree import EditionTree, Plan
from psmctl.model.grammar import Gender
from psmctl.monitoring.rollup import STATUSES, UNREPORTED, Group, Rollup, add, rollup
from psmctl.monitoring.rounds import pick_date


def edition_progress(plan: Plan, tree: EditionTree) -> Rollup:
    """The roll-up at the edition's latest round (the plan files alone when it has none)."""
    return rollup(plan, tree, pick_date(tree, None))


def status_rows(group: Group, gender: Gender) -> list[dict[str, Any]]:
    """A group's actions by status, in the documents' words agreed with the action level, with their share."""
    from psmctl.monitoring.labels import status_label

    total = group.count or 1
    return [{"key": key, "status": status_label(key, gender), "count": group.by_status[key],
             "percent": round(100 * group.by_status[key] / total)}
            for key in (*STATUSES, UNREPORTED) if group.by_status[key]]


def summary(group: Group | None, gender: Gender) -> dict[str, Any]:
    """What a page says about a group: rows by status, concluded and started shares, average progress."""
    if group is None or not group.count:
        return {"rows": [], "count": 0}
    return {"rows": status_rows(group, gender), "count": group.count, "completed": _pct(group.completed_share),
            "started": _pct(group.started_share), "progress": _pct(None if group.average_progress is None
                                                                   else group.average_progress / 100)}


def _pct(share: float | None) -> int | None:
    return None if share is None else round(100 * share)


def group_of(tree: EditionTree, result: Rollup, key: str, action_ids: list[str]) -> Group:
    """A roll-up row for any set of the edition's actions, added up by the monitoring core."""
    group = Group(key, key)
    models = {a.id: a for a in tree.actions}
    for ident in action_ids:
        if ident in models:
            add(group, models[ident], result.states[ident], result.as_of)
    return group


def action_state(result: Rollup, ident: str, gender: Gender) -> dict[str, Any] | None:
    """An action's state at the roll-up's date, and which round says so (None: only its own file)."""
    from psmctl.monitoring.labels import status_label

    dated = result.states.get(ident)
    if dated is None or dated.state is None:
        return None
    state = dated.state
    return {"status": status_label(state.status, gender), "progress": state.progress, "note": state.note,
            "as_of": dated.round.as_of if dated.round is not None else None,
            "evidence": list(state.evidence)}


def indicator_chart(tree: EditionTree, ident: str, as_of: dt.date | None) -> dict[str, Any] | None:
    """The monitoring report's view of one indicator: assessment, the series up to the date, its chart."""
    from psmctl.monitoring.report import ChartSet, _indicator

    model = next((i for i in tree.indicator_models if i.id == ident), None)
    if model is None or not model.series:
        return None
    day = as_of or dt.date(max(p.year for p in model.series), 12, 31)
    charts = ChartSet("svg")
    view = _indicator(model, day, charts)
    return {"class": view["class"], "reason": view["reason"], "svg": charts.drawn[0].image,
            "alt": charts.drawn[0].alt}
