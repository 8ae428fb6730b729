"""What the site knows about each edition, as plain dicts the page templates read.

An edition's content comes from the same context builder as the documents
(`psmctl.rendering.context.build_context`), so a page and the annex never
disagree on a status word, a scope or the adopting act. This module adds only
what a site needs on top: each element's URL, its kind and parent, and the
groupings the views list (zone, SDG, PNRR mission, AMSvS mission).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psmctl.loading.tree import Plan
from psmctl.model.grammar import Gender, gender_of
from psmctl.monitoring.rollup import Rollup
from psmctl.rendering.context import build_context
from psmctl.site import urls

INDICATOR_LEVEL = {"kind": "indicator", "singular": "indicatore", "plural": "indicatori"}


@dataclass
class EditionView:
    id: str
    context: dict[str, Any]  # build_context's dict, as the documents see it
    elements: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → element dict (axes, strategies, actions)
    kinds: dict[str, str] = field(default_factory=dict)  # id → axis | strategy | action | indicator
    parents: dict[str, str] = field(default_factory=dict)  # id → parent id
    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)
    progress: Rollup | None = None  # the monitoring roll-up at the latest round (psmctl.site.progress)

    @property
    def levels(self) -> dict[str, dict[str, str]]:
        return {**self.context["levels"], "indicator": INDICATOR_LEVEL}

    @property
    def action_gender(self) -> Gender:
        """What status words agree with: "conclusa" for an azione, "concluso" for a progetto."""
        return gender_of(self.levels["action"])

    def path(self, ident: str) -> str:
        """The page of element `ident` in this edition."""
        return urls.element_page(self.id, self.levels[self.kinds[ident]]["plural"], ident)

    def home(self) -> str:
        return urls.page(self.id)


def edition_view(plan: Plan, edition: str) -> EditionView:
    from psmctl.site.progress import edition_progress

    view = EditionView(edition, build_context(plan, edition))
    view.progress = edition_progress(plan, plan.editions[edition])
    for axis in view.context["axes"]:
        _add(view, axis, "axis", None)
        for strategy in axis["strategies"]:
            _add(view, strategy, "strategy", axis["id"])
            for action in strategy["actions"]:
                _add(view, action, "action", strategy["id"])
        for action in axis["actions"]:  # two-level plans
            _add(view, action, "action", axis["id"])
    for indicator in _indicators(plan, edition):
        view.indicators[indicator["id"]] = indicator
        view.kinds.setdefault(indicator["id"], "indicator")
    for item in [*view.elements.values(), *view.indicators.values()]:
        if view.kinds.get(item["id"]) in (item["kind"], None):
            item["url"] = view.path(item["id"])
    _monitored(view)
    return view


def _monitored(view: EditionView) -> None:
    """Each action's state at the latest round (`state`, None where no round gives one: the scheda
    shows it) and its status as badges, lists and the search facet show it (`current_status`): the
    round's, as the status page counts it, else its own file's, which the annex prints as adopted."""
    from psmctl.site.progress import action_state

    for ident, item in view.elements.items():
        item["state"] = action_state(view.progress, ident, view.action_gender) if view.progress else None
        item["current_status"] = item["state"]["status"] if item["state"] else item.get("status")


def _add(view: EditionView, item: dict[str, Any], kind: str, parent: str | None) -> None:
    item["kind"] = kind
    view.elements[item["id"]] = item
    view.kinds[item["id"]] = kind
    if parent is not None:
        view.parents[item["id"]] = parent


def _indicators(plan: Plan, edition: str) -> list[dict[str, Any]]:
    """Indicator pages need the whole series, which the documents' context leaves out."""
    tree = plan.editions[edition]
    out = []
    for model in tree.indicator_models:
        series = [{"year": o.year, "value": o.value, "notes": o.notes}
                  for o in sorted(model.series, key=lambda o: o.year)]
        out.append({"id": model.id, "kind": "indicator", "name": model.name, "type": model.type,
                    "unit": model.unit, "data_source": model.data_source, "polarity": model.polarity,
                    "territorial_level": model.territorial_level, "series": series,
                    "baseline": _obs(model.baseline), "target": _obs(model.target),
                    "sources": list(model.sources), "uncertain": model.uncertain})
    return out


def _obs(observation: Any) -> dict[str, Any] | None:
    return None if observation is None else {"year": observation.year, "value": observation.value}


def ancestors(view: EditionView, ident: str) -> list[dict[str, Any]]:
    """The element's parents, top first (axis, strategy)."""
    chain: list[dict[str, Any]] = []
    current = view.parents.get(ident)
    while current is not None and current in view.elements and len(chain) < 3:
        chain.append(view.elements[current])
        current = view.parents.get(current)
    return chain[::-1]


def actions_of(view: EditionView, ident: str) -> list[dict[str, Any]]:
    """Every action under an axis or strategy (or the action itself)."""
    item = view.elements[ident]
    if item["kind"] == "action":
        return [item]
    if item["kind"] == "strategy":
        return list(item["actions"])
    return [*item["actions"], *(a for s in item["strategies"] for a in s["actions"])]
