"""The views across the plan's structure: by zona omogenea, SDG, PNRR mission, AMSvS mission, and
by each classification dimension the edition uses (pilastro, driver).

Each view is a list of groups (a zone, a goal, a mission) with the elements
mapped to it. Which action belongs to a zone is the rule the per-zone extracts
of the annex use (psmctl.rendering.context: an action named by its comuni
belongs to their zone); titles come from the registries through the
documents' mapping tables.
"""

from __future__ import annotations

from typing import Any, Callable

from psmctl.loading.tree import Plan
from psmctl.rendering.context import zone_members
from psmctl.rendering.filters import upfirst
from psmctl.site import urls
from psmctl.site.views import EditionView

VIEWS = {  # folder → (title, what one group is called)
    "zone": ("Zone omogenee", "Zona omogenea"),
    "sdg": ("Obiettivi di sviluppo sostenibile (SDG)", "SDG"),
    "pnrr": ("Missioni del PNRR", "Missione PNRR"),
    "amsvs": ("Missioni dell'Agenda metropolitana per lo sviluppo sostenibile", "Missione AMSvS"),
}


def has_zones(view: EditionView) -> bool:
    """Whether the plan has zone omogenee: without them (an empty registries/zones.yaml) the site has no
    view by zone, and no page, menu or search text offers one."""
    return bool(view.context["zones"])


def views(plan: Plan, view: EditionView) -> dict[str, list[dict[str, Any]]]:
    fixed = {"zone": zone_groups(plan, view), "sdg": _sdg(view), "pnrr": _pnrr(view), "amsvs": _amsvs(view)}
    return {**{k: v for k, v in fixed.items() if k in view_titles(view)},
            **{dimension_folder(d): _dimension_groups(view, d) for d in view.context["dimensions"]}}


def view_titles(view: EditionView) -> dict[str, tuple[str, str]]:
    """Every view of an edition: the fixed ones, and one per classification dimension it uses ("Pilastri")."""
    fixed = {k: v for k, v in VIEWS.items() if k != "zone" or has_zones(view)}
    return {**fixed, **{dimension_folder(d): (upfirst(d["plural"]), upfirst(d["singular"]))
                        for d in view.context["dimensions"]}}


def dimension_folder(dimension: dict[str, Any]) -> str:
    # "per-" keeps a dimension's id from ever taking the folder of a fixed view or page (zone, stato, dati)
    return "per-" + urls.slug(dimension["id"])


def value_page(view: EditionView, dimension: str, value: str) -> str:
    return group_page(view, dimension_folder({"id": dimension}), value)


def _dimension_groups(view: EditionView, dimension: dict[str, Any]) -> list[dict[str, Any]]:
    """A group per value that classifies some element, in the registry's order."""
    groups = []
    for value in dimension["values"]:
        members = [item for item in view.elements.values()
                   if any(c["dimension"] == dimension["id"] and value["id"] in (v["id"] for v in c["values"])
                          for c in item["classes"])]
        if members:
            title = f"{value['code']} – {value['label']}" if value["code"] else value["label"]
            groups.append(_group(view, dimension_folder(dimension), value["id"], title, members))
    return groups


def group_page(view: EditionView, folder: str, key: str) -> str:
    return urls.page(view.id, folder, urls.slug(key))


def _group(view: EditionView, folder: str, key: str, title: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"key": key, "title": title, "url": group_page(view, folder, key), "elements": items,
            "actions": sum(1 for i in items if i["kind"] == "action")}


def zone_groups(plan: Plan, view: EditionView) -> list[dict[str, Any]]:
    registry = plan.registry("zones")
    groups = []
    for zone in getattr(registry, "zones", []):
        inside = zone_members(plan, zone.id, view.context["actions"])
        title = f"Zona {zone.number} – {zone.name}" if zone.number is not None else zone.name
        groups.append(_group(view, "zone", zone.id, title, [view.elements[a["id"]] for a in inside]))
    return groups


def _titles(view: EditionView, table: str) -> dict[str, str]:
    return {row["ref"]: row["ref_title"] for row in view.context["mappings"][table]}


def _by(view: EditionView, folder: str, table: str, keys_of: Callable[[dict[str, Any]], list[str]],
        label: Callable[[str, str], str], order: Callable[[str], Any] = str) -> list[dict[str, Any]]:
    members: dict[str, list[dict[str, Any]]] = {}
    for item in view.elements.values():
        for key in dict.fromkeys(keys_of(item)):
            members.setdefault(key, []).append(item)
    titles = _titles(view, table)
    return [_group(view, folder, key, label(key, titles.get(key, "")), members[key])
            for key in sorted(members, key=order)]


def _sdg(view: EditionView) -> list[dict[str, Any]]:
    return _by(view, "sdg", "sdg", lambda e: [str(g) for g in e["sdg"]],
               lambda key, title: f"Goal {key}" + (f" – {title}" if title else ""), int)


def _mission(code: str) -> str:
    return code[:2]  # M5C2I2.2 → M5: the grammar of PNRR codes


def _pnrr(view: EditionView) -> list[dict[str, Any]]:
    def keys(item: dict[str, Any]) -> list[str]:
        return [*item.get("pnrr_missions", []), *(_mission(c) for c in item.get("pnrr", []))]

    return _by(view, "pnrr", "pnrr", keys, lambda key, title: key + (f" – {title}" if title else ""))


def _amsvs(view: EditionView) -> list[dict[str, Any]]:
    def order(key: str) -> Any:
        return tuple(int(p) if p.isdigit() else 0 for p in key.split("."))

    return _by(view, "amsvs", "amsvs", lambda e: list(e["amsvs"]),
               lambda key, title: f"Missione {key}" + (f" – {title}" if title else ""), order)
