"""Roll-ups of monitoring rounds: hand-computed cases and invariants."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.monitoringplans import EDITION, write_plan

from psmctl.monitoring.rollup import MONEY, Group, Rollup, end_of, rollup
from psmctl.validate import validate_path


def rolled(root: Path, day: str | None) -> Rollup:
    plan, report = validate_path(root)
    assert [d for d in report.diagnostics if d.severity.value == "error"] == []
    return rollup(plan, plan.editions[EDITION], dt.date.fromisoformat(day) if day else None)


ACTIONS: list[dict[str, Any]] = [
    {"id": "x1", "axis": 1, "timeline": {"end": "2030"}, "scope": {"zones": ["1", "2"]}, "status": "planned"},
    {"id": "x2", "axis": 1, "timeline": {"end": "2031-06"}, "scope": {"whole_territory": True}},
    {"id": "x3", "axis": 2, "timeline": {"end": "2031-12-31"}, "scope": {"zones": ["2"]}},
    {"id": "x4", "axis": 2},
]
ROUNDS = {
    "2030-12-31": {"x1": {"status": "in_progress", "progress": 30,
                          "funding": [{"source": "pnrr", "allocated": 100, "committed": 50, "paid": 10}]},
                   "x3": {"status": "completed", "progress": 100,
                          "funding": [{"source": "own", "allocated": 40, "committed": 40, "paid": 40}]}},
    "2031-08-31": {"x1": {"status": "in_progress", "progress": 60,
                          "funding": [{"source": "pnrr", "allocated": 100, "committed": 80, "paid": 30},
                                      {"allocated": 20}]},
                   "x2": {"status": "cancelled", "note": "revocato"}},
}


def test_hand_computed_rollup_at_the_second_round(tmp_path: Path) -> None:
    result = rolled(write_plan(tmp_path, [dict(a) for a in ACTIONS], ROUNDS), "2031-08-31")
    total = result.total
    # x1 in progress 60 (latest round), x2 cancelled (no progress), x3 completed 100 (first round kept), x4 never reported
    assert total.by_status == {"planned": 0, "in_progress": 1, "completed": 1, "suspended": 0, "cancelled": 1,
                               "unreported": 1}
    assert (total.completed_share, total.started_share, total.average_progress) == (0.25, 0.5, 80.0)
    # x1 ended in 2030 and is not completed; x2 is cancelled; x3 completed
    assert total.overdue == ["x1"]
    assert total.money == {"allocated": Decimal(160), "committed": Decimal(120), "paid": Decimal(70)}
    axis1, axis2 = result.axes
    assert (axis1.actions, axis1.overdue, axis1.money["allocated"]) == (["x1", "x2"], ["x1"], Decimal(120))
    assert (axis2.actions, axis2.average_progress) == (["x3", "x4"], 100.0)
    zones = {g.key: g.actions for g in result.zones}
    assert zones == {"1": ["x1"], "2": ["x1", "x3"], "whole_territory": ["x2"], "unscoped": ["x4"]}
    sources = {g.key: (g.actions, g.money["allocated"]) for g in result.sources}
    assert sources == {"own": (["x3"], Decimal(40)), "pnrr": (["x1"], Decimal(100)),
                       "unspecified": (["x1"], Decimal(20))}


def test_before_any_round_the_action_files_speak(tmp_path: Path) -> None:
    result = rolled(write_plan(tmp_path, [dict(a) for a in ACTIONS], ROUNDS), "2030-06-30")
    assert result.total.by_status["planned"] == 1 and result.total.by_status["unreported"] == 3
    assert result.total.average_progress == 0.0  # planned with no figure counts 0
    assert result.total.overdue == []


def test_end_of_partial_dates() -> None:
    assert end_of("2031") == dt.date(2031, 12, 31)
    assert end_of("2032-02") == dt.date(2032, 2, 29)
    assert end_of("2031-06-15") == dt.date(2031, 6, 15)


def _sum(groups: list[Group]) -> tuple[int, dict[str, int], dict[str, Decimal], int]:
    statuses: dict[str, int] = {}
    money = {m: Decimal(0) for m in MONEY}
    for group in groups:
        for key, n in group.by_status.items():
            statuses[key] = statuses.get(key, 0) + n
        for key in MONEY:
            money[key] += group.money[key]
    return sum(g.count for g in groups), statuses, money, sum(len(g.overdue) for g in groups)


def _totals(group: Group) -> tuple[int, dict[str, int], dict[str, Decimal], int]:
    return group.count, group.by_status, group.money, len(group.overdue)


STATUS = st.sampled_from(["planned", "in_progress", "completed", "suspended", "cancelled"])
STATE = st.fixed_dictionaries({"status": STATUS, "note": st.just("nota")}, optional={
    "funding": st.lists(st.fixed_dictionaries({"source": st.sampled_from(["pnrr", "own"]),
                                               "allocated": st.integers(0, 1000)}), max_size=2)})
ROUND = st.dictionaries(st.sampled_from([f"p{i}" for i in range(6)]), STATE, max_size=6)


def _states(raw: dict[str, Any]) -> dict[str, Any]:
    # completed needs progress 100 to be valid; others carry none
    return {k: {**v, **({"progress": 100} if v["status"] == "completed" else {})} for k, v in raw.items()}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=ROUND, second=ROUND, third=ROUND)
def test_axis_and_strategy_totals_add_up_and_a_later_round_changes_nothing_before_it(
        first: dict[str, Any], second: dict[str, Any], third: dict[str, Any]) -> None:
    actions = [{"id": f"p{i}", "axis": 1 + i % 2, "timeline": {"end": "2031"}} for i in range(6)]
    rounds = {"2030-08-31": _states(first), "2031-08-31": _states(second)}
    with tempfile.TemporaryDirectory() as folder:
        two = rolled(write_plan(Path(folder), [dict(a) for a in actions], rounds), "2031-08-31")
    for groups in (two.axes, two.strategies):
        assert _sum(groups) == _totals(two.total)
    assert _sum(two.sources)[2] == two.total.money
    with tempfile.TemporaryDirectory() as folder:
        three = rolled(write_plan(Path(folder), [dict(a) for a in actions], {**rounds, "2032-08-31": _states(third)}),
                       "2031-08-31")
    assert [_totals(g) for g in three.axes] == [_totals(g) for g in two.axes]
    assert three.states == two.states


def test_a_plan_without_zone_omogenee_has_no_breakdown_by_zone(tmp_path: Path) -> None:
    actions = [{k: v for k, v in a.items() if k != "scope"} for a in ACTIONS]
    result = rolled(write_plan(tmp_path, actions, ROUNDS, zones=False), "2031-08-31")
    assert result.zones == [] and result.total.count == 4
