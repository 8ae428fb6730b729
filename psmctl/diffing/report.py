"""What the diff renderers read: both sides described, and the selected changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psmctl.diffing.changes import Change, count
from psmctl.diffing.sides import Side
from psmctl.model.edition import TORINO_LEVELS


@dataclass(frozen=True)
class SideInfo:
    spec: str
    source: str
    edition: str
    title: str
    # An edition marked incomplete lacks elements the official text has:
    # "removed" may then mean "not encoded", and the report says so.
    incomplete: bool
    labels: dict[str, tuple[str, str]]  # level → (singular, plural)

    @classmethod
    def of(cls, side: Side) -> SideInfo:
        edition = side.tree.edition
        levels = edition.levels if edition else TORINO_LEVELS
        return cls(side.spec, side.label, side.edition_id, side.title, edition.incomplete if edition else False,
                   {level.kind: (level.singular, level.plural) for level in levels})

    def as_json(self) -> dict[str, Any]:
        return {"spec": self.spec, "source": self.source, "edition": self.edition, "title": self.title,
                "incomplete": self.incomplete}


@dataclass
class DiffReport:
    old: SideInfo
    new: SideInfo
    selected: list[Change]  # unchanged elements included, for the counts
    threshold: float
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def shown(self) -> list[Change]:
        return [c for c in self.selected if c.kind != "unchanged"]

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return count(self.selected)


def by_axis(changes: list[Change]) -> list[tuple[str, str, list[Change]]]:
    """Changes grouped by axis code, in reading order; the title is the new side's when there is one."""
    groups: dict[str, list[Change]] = {}
    titles: dict[str, str] = {}
    for change in changes:
        for ref in (change.old, change.new):  # the new side, read last, wins
            if ref is not None:
                titles[ref.axis_code] = ref.axis_title
        ref = change.new or change.old
        assert ref is not None
        groups.setdefault(ref.axis_code, []).append(change)
    return [(code, titles[code], items) for code, items in groups.items()]
