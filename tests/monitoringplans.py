"""Small plans with monitoring rounds, written to a folder from plain data (tests only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EDITION = "2030-2032"


def write_plan(root: Path, actions: list[dict[str, Any]], rounds: dict[str, dict[str, Any]],
               zones: bool = True) -> Path:
    """Two axes, a strategy each, the given actions (id, parent axis 1 or 2, ...) and rounds by date."""
    files: dict[str, Any] = {
        "plan.yaml": {"kind": "project", "body": "Città metropolitana di Prova", "default_edition": EDITION},
        f"editions/{EDITION}/edition.yaml": {"kind": "edition", "id": EDITION, "title": "Prova",
                                             "period": {"start": 2030, "end": 2032}, "status": "adopted"},
    }
    files["registries/sources.yaml"] = {"kind": "sources", "sources": []}
    if zones:
        files["registries/zones.yaml"] = {"kind": "zones", "zones": [{"id": "1", "number": 1, "name": "Uno"},
                                                                      {"id": "2", "number": 2, "name": "Due"}]}
    for n in (1, 2):
        files[f"editions/{EDITION}/axes/a{n}.yaml"] = {"kind": "axis", "id": f"a{n}", "code": str(n),
                                                       "title": f"Asse {n}"}
        files[f"editions/{EDITION}/strategies/s{n}.yaml"] = {"kind": "strategy", "id": f"s{n}", "code": f"{n}.1",
                                                             "parent": f"a{n}", "title": f"Strategia {n}"}
    counters = {1: 0, 2: 0}
    for action in actions:
        axis = action.pop("axis", 1)
        counters[axis] += 1
        files[f"editions/{EDITION}/actions/{action['id']}.yaml"] = {
            "kind": "action", "code": f"{axis}.1.{counters[axis]}", "parent": f"s{axis}",
            "title": f"Azione {action['id']}", **action}
    for day, states in rounds.items():
        files[f"editions/{EDITION}/monitoring/{day}.yaml"] = {"kind": "monitoring", "as_of": day, "actions": states}
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")  # JSON is YAML
    return root
