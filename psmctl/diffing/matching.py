"""Pair the elements of one level across two editions.

Order (issue 3): stable id, then lineage links written on the new side
(`continues` / `supersedes`), then similarity of title and summary for what is
still unmatched. The id and lineage passes are linear. The similarity pass
only sees leftovers, first among elements under the same (matched) parent,
then across parents, and it is skipped across parents when the leftovers are
too many to compare pairwise (MAX_PAIRS), so a diff of two unrelated plans
cannot take minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from psmctl.model.common import Lineage
from psmctl.model.elements import PlanElement, parent_of

DEFAULT_THRESHOLD = 80.0
MAX_PAIRS = 4_000_000


@dataclass(frozen=True)
class Link:
    old: str
    new: str
    via: str  # "id" | "lineage" | "similarity"
    inferred: bool = False
    score: float | None = None


def _lineage(model: PlanElement) -> list[Lineage]:
    return [*model.continues, *model.supersedes]


def match_by_identity(olds: dict[str, PlanElement], news: dict[str, PlanElement], use_lineage: bool) -> list[Link]:
    """Id pairs, then every lineage link that names an old element of this level."""
    links: dict[tuple[str, str], Link] = {}
    for nid, model in news.items():
        if nid in olds:
            # An element that kept its id but whose author doubts the continuity.
            doubt = any(link.id == nid and link.uncertain for link in _lineage(model))
            links[(nid, nid)] = Link(nid, nid, "id", doubt)
    if use_lineage:
        for nid, model in news.items():
            for link in _lineage(model):
                if link.id in olds and (link.id, nid) not in links:
                    links[(link.id, nid)] = Link(link.id, nid, "lineage", link.uncertain)
    return list(links.values())


def _text(model: PlanElement) -> str:
    return f"{model.title} {model.summary or ''}"


def _best_pairs(olds: list[tuple[str, str]], news: list[tuple[str, str]], threshold: float) -> list[Link]:
    from rapidfuzz import fuzz, process, utils

    if not olds or not news:
        return []
    choices = [text for _, text in olds]
    candidates: list[tuple[float, int, int]] = []
    for j, (_, text) in enumerate(news):
        for _choice, score, i in process.extract(text, choices, scorer=fuzz.token_sort_ratio,
                                                 processor=utils.default_process,
                                                 score_cutoff=threshold, limit=5):
            candidates.append((score, i, j))
    # Greedy on score: each element is used once; ties resolve by position.
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_old, used_new, links = set(), set(), []
    for score, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        links.append(Link(olds[i][0], news[j][0], "similarity", True, round(score, 1)))
    return links


def match_by_similarity(olds: dict[str, PlanElement], news: dict[str, PlanElement], parent_map: dict[str, set[str]],
                        taken: Iterable[Link], threshold: float) -> list[Link]:
    """Pairs among the elements no id or lineage matched, scored 0-100 (a threshold above 100 turns this off)."""
    if threshold > 100:
        return []
    used_old = {link.old for link in taken}
    used_new = {link.new for link in taken}
    left_old = {k: m for k, m in olds.items() if k not in used_old}
    left_new = {k: m for k, m in news.items() if k not in used_new}
    if not left_old or not left_new:
        return []
    groups: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {}
    for oid, model in left_old.items():
        for parent in parent_map.get(parent_of(model) or "", {""}):
            groups.setdefault(parent, ([], []))[0].append((oid, _text(model)))
    for nid, model in left_new.items():
        groups.setdefault(parent_of(model) or "", ([], []))[1].append((nid, _text(model)))
    links: list[Link] = []
    for key in sorted(groups):
        found = _best_pairs(*groups[key], threshold)
        kept = [link for link in found if link.old not in used_old and link.new not in used_new]
        links.extend(kept)
        used_old.update(link.old for link in kept)
        used_new.update(link.new for link in kept)
    rest_old = [(k, _text(m)) for k, m in left_old.items() if k not in used_old]
    rest_new = [(k, _text(m)) for k, m in left_new.items() if k not in used_new]
    if len(rest_old) * len(rest_new) <= MAX_PAIRS:
        links.extend(_best_pairs(rest_old, rest_new, threshold))
    return links
