"""Lineage across editions and what changed since the previous one, from the diff engine.

Editions are compared in the order of their periods, each with the one before
it, by `psmctl.diffing` (identity, then `continues:`/`supersedes:` links, then
similarity), so the site says exactly what `psmctl diff` says. An element's
history follows the matched pairs back edition by edition; an old element's
successors let `elementi/<id>/` follow a renamed id to its newest page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psmctl.diffing.changes import Change, EditionDiff, diff_editions
from psmctl.loading.tree import EditionTree, Plan
from psmctl.model.grammar import Gender, agree
from psmctl.rendering.names import Names


@dataclass
class Lineage:
    """Every edition pair's changes, indexed by (edition, id) on either side."""

    order: list[str]  # edition ids, oldest first
    previous: dict[str, str] = field(default_factory=dict)  # edition → the one compared before it
    arrived: dict[tuple[str, str], list[Change]] = field(default_factory=dict)  # (new edition, id) → changes
    left: dict[tuple[str, str], list[tuple[str, Change]]] = field(default_factory=dict)  # (old ed., id) → (new ed., change)
    diffs: dict[str, EditionDiff] = field(default_factory=dict)  # new edition → its diff from the previous one

    def changes_of(self, edition: str, ident: str) -> list[Change]:
        return self.arrived.get((edition, ident), [])

    def successor(self, edition: str, ident: str) -> tuple[str, str] | None:
        """The one element of a later edition this one became, if the diff found exactly one."""
        found = self.left.get((edition, ident), [])
        if len(found) != 1 or found[0][1].new is None:
            return None
        later, change = found[0]
        assert change.new is not None
        return later, change.new.id

    def history(self, edition: str, ident: str) -> list[tuple[str, Change]]:
        """(edition, change) for every step back from (edition, ident), newest first."""
        steps: list[tuple[str, Change]] = []
        frontier = [(edition, ident)]
        seen: set[tuple[str, str]] = set()
        while frontier:
            key = frontier.pop(0)
            if key in seen:
                continue
            seen.add(key)
            for change in self.changes_of(*key):
                steps.append((key[0], change))
                if change.old is not None and key[0] in self.previous:
                    frontier.append((self.previous[key[0]], change.old.id))
        return steps


def edition_order(plan: Plan) -> list[str]:
    """Edition ids oldest first, by the period they cover (ties by id)."""
    trees = [t for t in plan.editions.values() if t.edition is not None]
    return [t.id for t in sorted(trees, key=lambda t: (t.edition.period.start, t.id))]  # type: ignore[union-attr]


def compared(plan: Plan) -> list[str]:
    """The editions the diff compares: those with element files (an edition known only by its
    edition.yaml says nothing about which elements are new)."""
    return [e for e in edition_order(plan) if plan.editions[e].elements]


def lineage(plan: Plan) -> Lineage:
    order = compared(plan)
    result = Lineage(order)
    for old_id, new_id in zip(order, order[1:]):
        old, new = plan.editions[old_id], plan.editions[new_id]
        result.previous[new_id] = old_id
        _record(result, old, new)
    return result


def _record(result: Lineage, old: EditionTree, new: EditionTree) -> None:
    result.diffs[new.id] = diff_editions(old, new)
    for change in result.diffs[new.id].changes:
        if change.new is not None:
            result.arrived.setdefault((new.id, change.new.id), []).append(change)
        if change.old is not None:
            result.left.setdefault((old.id, change.old.id), []).append((new.id, change))


def badge(changes: list[Change], previous: EditionTree | None, gender: Gender,
          names: Names) -> dict[str, Any] | None:
    """The «modificato rispetto all'edizione precedente» badge: what kind of change, which fields.

    The participle agrees with the element's level: «Nuova in questa edizione» for a visione.

    Against an edition whose files are incomplete, an element it lacks is «non presente nei file
    dell'edizione precedente», never «nuovo»: the revision report's rule.
    """
    from psmctl.report.diff_markdown import FIELD_LABELS, IN_CELLS, KIND_WORDS, field_value

    if previous is None or not changes:
        return None
    if all(c.kinds == ["added"] for c in changes):
        incomplete = previous.edition is not None and previous.edition.incomplete
        label = f"Non presente nei file dell'edizione {previous.id}" if incomplete else f"{agree('nuovo', gender).capitalize()} in questa edizione"
        return {"label": label, "what": [], "fields": []}
    kinds = sorted({k for c in changes for k in c.kinds if k in KIND_WORDS}, key=list(KIND_WORDS).index)
    if not kinds:
        return None
    # status words agree with the plan's bottom level, as in the revision report
    status_gender = previous.edition.levels[-1].noun.gender if previous.edition else "f"
    fields = [f"{FIELD_LABELS.get(f.field, f.field)}: {field_value(f.field, f.old, status_gender, names)} → "
              f"{field_value(f.field, f.new, status_gender, names)}" for c in changes for f in c.fields if f.field not in IN_CELLS]
    return {"label": f"{agree('modificato', gender).capitalize()} rispetto all'edizione precedente", "what": [KIND_WORDS[k] for k in kinds],
            "fields": fields}
