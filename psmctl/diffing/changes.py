"""Classify what changed between two editions, level by level.

One `Change` per matched pair (or per unmatched element). An element can be
several things at once (renamed and renumbered): `kinds` lists them all and
`kind` is the first in KINDS order, which is the one a reader is told first.
A split gives one Change per (old, new) pair, all of kind "split", and
`group` names the other side's ids; a merge likewise. Summary counts tally
every kind an element has, so a renamed and renumbered strategy counts once
under each.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from psmctl.diffing.fields import FieldChange, compare_fields, one_line
from psmctl.diffing.matching import DEFAULT_THRESHOLD, Link, match_by_identity, match_by_similarity
from psmctl.loading.plan import EditionTree
from psmctl.model.elements import PlanElement, parent_of
from psmctl.model.provenance import is_paraphrase

LEVELS = ("axis", "strategy", "action")
# Precedence of the primary kind; "added"/"removed" stand alone.
KINDS = ("added", "removed", "split", "merged", "moved", "renamed", "renumbered", "reordered", "modified",
         "unchanged")


@dataclass(frozen=True)
class Ref:
    id: str
    code: str  # the full code (psmctl.loading.position): `1.2`, never a bare per-parent `2`; "" if unnumbered
    title: str
    parent: str | None
    axis_id: str
    axis_code: str
    axis_title: str
    title_is_paraphrase: bool = False  # an editorial label, not the act's own name
    place: tuple[Any, ...] = ()  # the element's position, top level first (EditionTree.place)

    @property
    def name(self) -> str:
        """How a report names the element: its full code, or «title» where the plan numbers nothing."""
        return self.code or f"«{self.title}»"


@dataclass
class Change:
    level: str
    kinds: list[str]
    old: Ref | None
    new: Ref | None
    via: str | None = None  # how the pair was found: id, lineage, similarity
    inferred: bool = False
    score: float | None = None
    fields: list[FieldChange] = field(default_factory=list)
    group: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.kinds[0]

    @property
    def doubt(self) -> str | None:
        """Why the match is inferred: "similarity", "uncertain" (a doubtful link), or None."""
        return "similarity" if self.via == "similarity" else "uncertain" if self.inferred else None

    @property
    def sort_key(self) -> tuple[Any, ...]:
        ref = self.new or self.old
        assert ref is not None
        old_place = self.old.place if self.old else ()
        return (ref.place[:1], LEVELS.index(self.level), ref.place, self.new is None, old_place)


@dataclass
class DiffOptions:
    threshold: float = DEFAULT_THRESHOLD
    ignore: frozenset[str] = frozenset()


@dataclass
class EditionDiff:
    changes: list[Change]  # every element, unchanged ones included, in reading order
    counts: dict[str, dict[str, int]]  # level → kind → count

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.kind != "unchanged"]


def _refs(tree: EditionTree) -> dict[str, Ref]:
    refs: dict[str, Ref] = {}
    by_id = tree.by_id
    for item in tree.elements:
        model = axis = item.model
        for _ in range(len(LEVELS)):  # walk up; bounded in case of a parent cycle
            parent = by_id.get(parent_of(axis) or "")
            if parent is None:
                break
            axis = parent.model
        refs[model.id] = Ref(model.id, tree.full_code(model), one_line(model.title), parent_of(model),
                             axis.id, tree.full_code(axis), one_line(axis.title),
                             is_paraphrase(model, "title", tree.edition), tree.place(model))
    return refs


def _models(tree: EditionTree, level: str) -> dict[str, PlanElement]:
    return {item.model.id: item.model for item in tree.elements if item.kind == level}


def diff_editions(old: EditionTree, new: EditionTree, options: DiffOptions | None = None) -> EditionDiff:
    """Match and classify every axis, strategy and action of `old` and `new`."""
    options = options or DiffOptions()
    # Lineage links point into the predecessor edition: they mean nothing
    # between two revisions of the same edition.
    use_lineage = old.id != new.id
    old_refs, new_refs = _refs(old), _refs(new)
    parent_map: dict[str, set[str]] = {}
    changes: list[Change] = []
    for level in LEVELS:
        olds, news = _models(old, level), _models(new, level)
        links = match_by_identity(olds, news, use_lineage)
        links += match_by_similarity(olds, news, parent_map, links, options.threshold)
        changes += _classify(level, links, olds, news, old_refs, new_refs, parent_map, options)
        for link in links:
            parent_map.setdefault(link.old, set()).add(link.new)
    if "none" in (old.numbering, new.numbering):  # elsewhere the codes carry the order: a reorder is a renumbering
        mark_reorders(changes)
    changes.sort(key=lambda c: c.sort_key)
    return EditionDiff(changes, _count(changes))


def _classify(level: str, links: list[Link], olds: dict[str, PlanElement], news: dict[str, PlanElement],
              old_refs: dict[str, Ref], new_refs: dict[str, Ref], parent_map: dict[str, set[str]],
              options: DiffOptions) -> list[Change]:
    successors: dict[str, list[str]] = {}
    predecessors: dict[str, list[str]] = {}
    for link in links:
        successors.setdefault(link.old, []).append(link.new)
        predecessors.setdefault(link.new, []).append(link.old)
    out = [Change(level, ["removed"], old_refs[oid], None) for oid in olds if oid not in successors]
    out += [Change(level, ["added"], None, new_refs[nid]) for nid in news if nid not in predecessors]
    for link in links:
        fields = compare_fields(olds[link.old], news[link.new], options.ignore)
        kinds = _pair_kinds(link, fields, old_refs[link.old], new_refs[link.new], successors, predecessors,
                            parent_map, options.ignore)
        if "moved" not in kinds:  # the parent only became its own successor
            fields = [f for f in fields if f.field != "parent"]
        group = successors[link.old] if "split" in kinds else predecessors[link.new] if "merged" in kinds else []
        out.append(Change(level, kinds, old_refs[link.old], new_refs[link.new], link.via, link.inferred,
                          link.score, fields, sorted(group)))
    return out


def mark_reorders(changes: list[Change]) -> None:
    """Mark "reordered" the elements whose place among the same siblings changed.

    Siblings are the matched elements under the same parent on both sides (a
    move is reported as such). The longest run kept in order is what stayed;
    the others are what the editors moved, so inserting one element does not
    report every element after it.
    """
    groups: dict[tuple[str, str | None], list[Change]] = {}
    for change in changes:
        if change.old and change.new and not {"moved", "split", "merged"} & set(change.kinds):
            groups.setdefault((change.level, change.new.parent), []).append(change)
    for members in groups.values():
        before = [c.new.id for c in sorted(members, key=lambda c: c.old.place if c.old else ()) if c.new]
        after = [c.new.id for c in sorted(members, key=lambda c: c.new.place if c.new else ()) if c.new]
        blocks = difflib.SequenceMatcher(None, before, after, autojunk=False).get_matching_blocks()
        kept = {after[j] for block in blocks for j in range(block.b, block.b + block.size)}
        for change in members:
            if change.new and change.new.id not in kept:
                found = (set(change.kinds) - {"unchanged"}) | {"reordered"}
                change.kinds = [kind for kind in KINDS if kind in found]


def _pair_kinds(link: Link, fields: list[FieldChange], old: Ref, new: Ref, successors: dict[str, list[str]],
                predecessors: dict[str, list[str]], parent_map: dict[str, set[str]],
                ignore: frozenset[str]) -> list[str]:
    names = {f.field for f in fields}
    found = {
        "split": len(successors[link.old]) > 1,
        "merged": len(predecessors[link.new]) > 1,
        # Moved: the new parent is not what the old parent became.
        "moved": "parent" not in ignore and old.parent is not None and new.parent not in parent_map.get(old.parent, set()),
        "renamed": "title" in names,
        "renumbered": "code" in names,
        "modified": bool(names - {"title", "code", "parent"}),
    }
    kinds = [kind for kind in KINDS if found.get(kind)]
    return kinds or ["unchanged"]


def _count(changes: list[Change]) -> dict[str, dict[str, int]]:
    counts = {level: {kind: 0 for kind in KINDS} for level in LEVELS}
    for change in changes:
        for kind in change.kinds:
            counts[change.level][kind] += 1
    return counts


def count(changes: list[Change]) -> dict[str, dict[str, int]]:
    return _count(changes)


def select(diff: EditionDiff, level: str | None = None, axis: str | None = None) -> list[Change]:
    """Every element (unchanged included), restricted to one level and/or one axis (code or id, either side)."""
    out = []
    for change in diff.changes:
        if level is not None and change.level != level:
            continue
        if axis is not None and not any(ref is not None and axis in (ref.axis_code, ref.axis_id)
                                         for ref in (change.old, change.new)):
            continue
        out.append(change)
    return out

