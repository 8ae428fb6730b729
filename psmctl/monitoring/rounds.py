"""The rounds of an edition in date order, and the state of each action at a date.

An action's state at a date is what the latest round on or before that date
says about it; an action a round leaves out keeps its state from the round
before, and an action no round mentions falls back to its own `status` and
`progress` (the plan file). Nothing here reads a round later than the date
asked, so adding a round never changes what an earlier date reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from psmctl.loading.plan import EditionTree, PlanFile
from psmctl.model import Action
from psmctl.monitoring.model import ActionState, Round


@dataclass(frozen=True)
class Dated:
    """One action's state and the round it comes from (None: from the action's own file)."""

    state: ActionState | None
    round: Round | None


def rounds_of(tree: EditionTree) -> list[tuple[PlanFile[Round], Round]]:
    """The edition's rounds, oldest first (files with the same date keep their path order)."""
    pairs = [(f, f.model) for f in tree.rounds]
    return sorted(pairs, key=lambda pair: (pair[1].as_of, pair[0].rel))


def round_dates(tree: EditionTree) -> list[dt.date]:
    return [model.as_of for _, model in rounds_of(tree)]


def pick_date(tree: EditionTree, as_of: dt.date | None) -> dt.date | None:
    """The round date a report is about: the one asked, else the latest round; None without rounds."""
    dates = round_dates(tree)
    if as_of is not None:
        return as_of
    return dates[-1] if dates else None


def previous_date(tree: EditionTree, as_of: dt.date) -> dt.date | None:
    earlier = [d for d in round_dates(tree) if d < as_of]
    return earlier[-1] if earlier else None


def states_at(tree: EditionTree, as_of: dt.date | None) -> dict[str, Dated]:
    """Every action's state at `as_of` (None: before any round, the plan files alone)."""
    table: dict[str, Dated] = {a.id: Dated(_own_state(a), None) for a in tree.actions}
    if as_of is None:
        return table
    for _, model in rounds_of(tree):
        if model.as_of > as_of:
            break
        for action_id, state in model.actions.items():
            if action_id in table:
                table[action_id] = Dated(state, model)
    return table


def _own_state(action: Action) -> ActionState | None:
    if action.status is None:
        return None
    # (model_construct would skip the checks but costs more: it inspects the default factories each time)
    return ActionState(status=action.status, progress=action.progress)
