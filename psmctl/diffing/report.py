"""What the diff renderers read: both sides described, and the selected changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psmctl.diffing.changes import LEVELS, Change, Ref, count
from psmctl.diffing.fields import one_line
from psmctl.diffing.sides import Side
from psmctl.model.edition import TORINO_LEVELS, Edition
from psmctl.model.elements import Element
from psmctl.model.grammar import Noun
from psmctl.model.registries import Dimension
from psmctl.model.provenance import TextField, is_paraphrase
from psmctl.rendering.labels import edition_date
from psmctl.rendering.names import Names


@dataclass(frozen=True)
class Texts:
    """An element's own words on one side, and which of them are editorial paraphrases."""

    title: str
    summary: str | None
    description: str | None
    paraphrased: frozenset[str]  # of "title", "summary", "description"
    uncertain: bool


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
    body: str = ""
    plan_name: str = ""
    letterhead: str | None = None
    nouns: dict[str, Noun] = field(default_factory=dict)  # level → its name with its grammar
    declared: dict[str, int | None] = field(default_factory=dict)  # level → what the official text declares
    encoded: dict[str, int] = field(default_factory=dict)  # level → how many the files hold
    texts: dict[str, Texts] = field(default_factory=dict)  # element id → its texts
    date: Any = None  # the adoption's date, else the last recorded step
    dimensions: dict[str, Dimension] = field(default_factory=dict)  # classification dimensions by id
    names: Names = field(default_factory=Names)

    @classmethod
    def of(cls, side: Side) -> SideInfo:
        edition = side.tree.edition
        levels = edition.levels if edition else TORINO_LEVELS
        declared = edition.declared_counts if edition else None
        encoded = {level: sum(1 for f in side.tree.elements if f.kind == level) for level in LEVELS}
        texts = {f.model.id: _texts(f.model, edition) for f in side.tree.elements}
        return cls(side.spec, side.label, side.edition_id, side.title, edition.incomplete if edition else False,
                   {level.kind: (level.singular, level.plural) for level in levels}, body=side.body,
                   plan_name=side.plan_name, letterhead=side.letterhead, nouns={level.kind: level.noun for level in levels},
                   declared={"axis": declared.axes, "strategy": declared.strategies, "action": declared.actions}
                   if declared else {}, encoded=encoded, texts=texts, date=edition_date(edition),
                   dimensions={d.id: d for d in side.dimensions}, names=side.names)

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

    @property
    def levels(self) -> list[str]:
        """The level kinds either edition has, top first: a two-level plan has no strategy level."""
        nouns = {**self.old.nouns, **self.new.nouns}
        return [level for level in LEVELS if level in nouns] or list(LEVELS)

    def level_noun(self, kind: str) -> Noun:
        """A level as the newer edition names it (the older where only it has the level)."""
        nouns = {**self.old.nouns, **self.new.nouns}
        return nouns.get(kind) or Noun(kind, kind, "m")


def by_axis(changes: list[Change]) -> list[tuple[str, str, list[Change]]]:
    """Changes grouped by axis (its code; its id where the plan numbers nothing), in reading order.

    Returns (axis code, axis title, changes). The heading is the new edition's
    title of the axis; the old one only where the axis exists only in the old
    edition (whatever order the rows come in).
    """
    groups: dict[str, list[Change]] = {}
    titles: dict[str, tuple[str, str]] = {}
    for change in changes:
        if change.new is not None:
            titles[_axis_key(change.new)] = (change.new.axis_code, change.new.axis_title)
        elif change.old is not None:
            titles.setdefault(_axis_key(change.old), (change.old.axis_code, change.old.axis_title))
    for change in changes:
        ref = change.new or change.old
        assert ref is not None
        groups.setdefault(_axis_key(ref), []).append(change)
    return [(*titles[key], items) for key, items in groups.items()]


def _axis_key(ref: Ref) -> str:
    return ref.axis_code or ref.axis_id


def _texts(model: Element, edition: Edition | None) -> Texts:
    written: dict[TextField, str | None] = {"title": model.title, "summary": model.summary,
                                            "description": model.description}
    paraphrased = frozenset(name for name, text in written.items() if text and is_paraphrase(model, name, edition))
    return Texts(one_line(model.title), model.summary, model.description, paraphrased, bool(model.uncertain))
