"""DUP traceability: which strategies and actions link to which DUP objectives, and which to none."""

from __future__ import annotations

from typing import Any

from psmctl.loading.tree import EditionTree, Plan


def dup_coverage(plan: Plan, tree: EditionTree) -> dict[str, Any]:
    """Per DUP objective the strategies and actions linked to it; the elements linked to none."""
    registry = plan.registry("dup")
    objectives = list(registry.objectives) if registry else []
    known = {o.id for o in objectives}
    rows = []
    links = [d for s in tree.strategies for d in s.dup] + [d for a in tree.actions for d in a.dup]
    for objective in objectives:
        rows.append({"id": objective.id, "title": objective.title, "level": objective.level,
                     "strategies": [tree.full_code(s) for s in tree.strategies if objective.id in s.dup],
                     "actions": [tree.full_code(a) for a in tree.actions if objective.id in a.dup]})
    return {
        "objectives": rows,
        "unlinked_strategies": [{"code": tree.full_code(s), "title": s.title} for s in tree.strategies if not s.dup],
        "unlinked_actions": [{"code": tree.full_code(a), "title": a.title} for a in tree.actions if not a.dup],
        "unknown": sorted({d for d in links if d not in known}),
    }
