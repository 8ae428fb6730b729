"""What changed between two rounds: funding lines by CUP, newly overdue actions, indicator classes."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from tests.monitoringplans import EDITION, write_plan

from psmctl.monitoring.changes import compare
from psmctl.validate import validate_path

CUP = "J11B30000000001"


def test_changes_between_two_rounds(tmp_path: Path) -> None:
    actions = [{"id": "x1", "timeline": {"end": "2031-06"}}, {"id": "x2", "timeline": {"end": "2030"}}]
    rounds = {
        "2031-05-31": {"x1": {"status": "in_progress", "progress": 40,
                              "funding": [{"cup": CUP, "allocated": 100, "committed": 50}, {"source": "own",
                                                                                            "allocated": 10}]},
                       "x2": {"status": "in_progress", "progress": 90}},
        "2031-08-31": {"x1": {"status": "in_progress", "progress": 40,
                              "funding": [{"source": "own", "allocated": 10},
                                          {"cup": CUP, "allocated": 100, "committed": 80, "paid": 20}]}},
    }
    root = write_plan(tmp_path, actions, rounds)
    (root / f"editions/{EDITION}/indicators").mkdir()
    (root / f"editions/{EDITION}/indicators/ind.yaml").write_text(json.dumps({
        "kind": "indicator", "id": "ind", "name": "Indicatore", "polarity": "positive",
        "baseline": {"year": 2029, "value": 100}, "target": {"year": 2033, "value": 140},
        "series": [{"year": 2030, "value": 110, "source": "S"}, {"year": 2031, "value": 101, "source": "S"}]}))
    plan, report = validate_path(root)
    assert not [d for d in report.diagnostics if d.severity.value == "error"]
    changes = compare(plan.editions[EDITION], dt.date(2031, 5, 31), dt.date(2031, 8, 31))
    # x2 is not in the second round: it keeps its state, so nothing changed for it
    assert changes.status == [] and changes.progress == []
    # the CUP line moved to second place and is still matched by its CUP; the own line did not change
    assert [(m["line"], m["field"], m["old"], m["new"]) for m in changes.money] == [
        (CUP, "committed", Decimal(50), Decimal(80)), (CUP, "paid", None, Decimal(20))]
    # x1 ended in June 2031: overdue at 31 August, not at 31 May; x2 was overdue at both dates
    assert [o["action"] for o in changes.newly_overdue] == ["x1"]
    # 2031 is the round's year for both dates: the class is the same, nothing is listed
    assert changes.indicators == []
    since_2030 = compare(plan.editions[EDITION], None, dt.date(2031, 8, 31))
    assert [(i["old"], i["new"]) for i in since_2030.indicators] == [(None, "limited")]


def test_the_changes_read_in_the_action_level_words() -> None:
    from psmctl.model.grammar import noun
    from psmctl.monitoring.changes import RoundChanges
    from psmctl.monitoring.changes_report import as_markdown, as_text

    changes = RoundChanges(dt.date(2025, 8, 31), dt.date(2026, 8, 31),
                           status=[{"action": "p", "code": "1.1", "title": "Porto", "old": "planned", "new": "completed"}],
                           newly_overdue=[{"action": "p", "code": "1.1", "title": "Porto", "end": "2026-06"}])
    for write in (as_text, as_markdown):
        assert "Variazioni del monitoraggio dal 31 agosto 2025 al 31 agosto 2026" in write(changes, noun("azione"))
        assert "1.1 Porto: programmato → concluso" in write(changes, noun("progetto")).replace("\\", "")
        assert "Nuovi progetti in ritardo (1)" in write(changes, noun("progetto"))
        assert "1.1 Porto: programmata → conclusa" in write(changes, noun("azione")).replace("\\", "")
        assert "Nuove azioni in ritardo (1)" in write(changes, noun("azione"))
