"""The list of pages a plan's site has: each a path, a template and its context.

Nothing here renders or writes: `build` does. Every link a context carries is
a path from the site root; the template prefixes `root`, the way back from the
page to the root, so the same site works at any address and from `file://`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from psmctl.loading.tree import Plan
from psmctl.model.grammar import gender_of
from psmctl.rendering.filters import code_title, upfirst
from psmctl.rendering.labels import act_reference, edition_name
from psmctl.rendering.names import Names
from psmctl.site import urls
from psmctl.site.groups import has_zones, value_page, view_titles, views
from psmctl.site.history import Lineage, badge
from psmctl.site.progress import group_of, indicator_chart, summary
from psmctl.site.views import EditionView, ancestors


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    context: dict[str, Any]
    title: str
    files: dict[str, bytes] = field(default_factory=dict)  # files beside the page (an indicator's chart)


@dataclass
class SiteData:
    """What every page shares: the institution, the editions, the current one, lineage."""

    plan: Plan
    editions: dict[str, EditionView]  # oldest first
    current: str
    lineage: Lineage
    search: bool = True  # a Pagefind index and the `cerca/` page that uses it

    @cached_property
    def names(self) -> Names:
        return Names.of(self.plan)

    def common(self) -> dict[str, Any]:
        project = self.plan.project_model
        return {
            "body": project.body if project else "",
            "short_name": project.short_name if project else None,
            "website": project.website if project else None,
            "accessibility_url": project.accessibility_url if project else None,
            "transparency_url": project.transparency_url if project else None,
            "current": self.current,
            "search": self.search,
            "has_zones": has_zones(self.editions[self.current]),
            "editions": [{"id": v.id, "title": v.context["edition"]["title"], "url": v.home(),
                          "status": v.context["edition"]["status"]} for v in self.editions.values()],
        }


def act_line(view: EditionView, url: str | None = None) -> dict[str, Any]:
    """Which act adopted the edition, in the documents' words, linked where its address is known;
    a note where the files do not say."""
    act = view.context["act"]
    if act["recorded"]:
        return {"text": f"Adottato con {act_reference(act)}", "recorded": True, "url": url}
    if act.get("other_organ"):
        from psmctl.rendering.filters import it_date

        when = f" il {it_date(act['other_date'])}" if act.get("other_date") else ""
        return {"text": f"Approvazione registrata: {act['other_organ']}{when}; estremi della deliberazione "
                        "di adozione non registrati nei file del piano", "recorded": False, "url": url}
    return {"text": "Estremi dell'atto di adozione non registrati nei file del piano", "recorded": False, "url": None}


def make_page(site: SiteData, view: EditionView | None, path: str, template: str, title: str,
          crumbs: list[tuple[str, str]], **extra: Any) -> Page:
    files = extra.pop("files", None) or {}
    context = {**site.common(), "root": urls.root_of(path), "path": path, "title": title,
               "crumbs": [{"label": label, "url": url} for label, url in crumbs], **extra}
    if view is not None:
        context.update({"edition": view.context["edition"], "edition_id": view.id,
                        "edition_name": edition_name(view.context["edition"]), "act": act_line(view, _act_url(site, view)),
                        "levels": view.levels, "alternates": extra.get("alternates") or _homes(site, view.id)})
    return Page(path, template, context, title, files)


def _act_url(site: SiteData, view: EditionView) -> str | None:
    edition = site.plan.editions[view.id].edition
    return edition.adoption.url if edition is not None and edition.adoption is not None else None


def _homes(site: SiteData, chosen: str) -> list[dict[str, Any]]:
    return [{"id": v.id, "url": v.home(), "current": v.id == chosen} for v in site.editions.values()]


def _alternates(site: SiteData, view: EditionView, ident: str) -> list[dict[str, Any]]:
    """The edition selector on an element's page: the same element where it exists, else that edition's home."""
    out = []
    for other in site.editions.values():
        here = ident in other.kinds and (ident in other.elements or ident in other.indicators)
        out.append({"id": other.id, "url": other.path(ident) if here else other.home(),
                    "current": other.id == view.id, "same": here})
    return out


def _crumbs(view: EditionView, trail: list[dict[str, Any]]) -> list[tuple[str, str]]:
    crumbs = [("Home", urls.page()), (f"Edizione {view.id}", view.home())]
    return crumbs + [(_crumb(view.levels[i["kind"]], i), i["url"]) for i in trail]


def _crumb(level: dict[str, str], item: dict[str, Any]) -> str:
    """"Asse 2" for a numbered element; the title for one without a code ("Visione Mobilità")."""
    return f"{upfirst(level['singular'])} {item['code'] or item['title']}"


def all_pages(site: SiteData) -> list[Page]:
    pages = [_edition_home(site, site.editions[site.current], urls.page())]
    for view in site.editions.values():
        pages += edition_pages(site, view)
    pages += stable_pages(site)
    if site.search:
        pages.append(make_page(site, site.editions[site.current], urls.page("cerca"), "search.html.j2", "Cerca nel piano",
                           [("Home", urls.page()), ("Cerca", urls.page("cerca"))]))
    return pages


def edition_pages(site: SiteData, view: EditionView) -> list[Page]:
    pages = [_edition_home(site, view, view.home()), _status_page(site, view)]
    for ident, item in view.elements.items():
        pages.append(_element_page(site, view, ident, item))
    for ident, item in view.indicators.items():
        if "url" in item:
            pages.append(_indicator_page(site, view, item))
    for chapter in view.context["chapters"]:
        pages.append(make_page(site, view, chapter["url"], "chapter.html.j2", chapter["title"],
                           [*_crumbs(view, []), (chapter["title"], chapter["url"])], chapter=chapter))
    for folder, groups in views(site.plan, view).items():
        pages += _view_pages(site, view, folder, groups)
    return pages


def _edition_home(site: SiteData, view: EditionView, path: str) -> Page:
    groups = _axis_groups(view)
    axes = [{**axis, "progress": summary(groups.get(axis["id"]), view.action_gender)} for axis in view.context["axes"]]
    title = edition_name(view.context["edition"])
    return make_page(site, view, path, "home.html.j2", title, [("Home", urls.page())] if path == urls.page() else
                 [("Home", urls.page()), (f"Edizione {view.id}", path)], axes=axes, counts=level_counts(view),
                 chapters=view.context["chapters"],
                 views=[{"folder": f, "title": t, "url": urls.page(view.id, f)} for f, (t, _) in view_titles(view).items()],
                 status_url=urls.page(view.id, "stato"), downloads_url=urls.page(view.id, "dati"),
                 as_of=view.progress.as_of if view.progress else None)


# The count keys of build_context, per level kind, top level first.
_COUNT_KEYS = (("axis", "axes"), ("strategy", "strategies"), ("action", "actions"))


def level_counts(view: EditionView) -> dict[str, list[dict[str, Any]]]:
    """How many elements of each of the plan's levels (two or three) the files hold, and the act states."""
    counts = view.context["counts"]
    declared = counts["declared"] or {}
    present = [(kind, key) for kind, key in _COUNT_KEYS if kind in view.context["levels"]]
    return {"found": [{"level": view.levels[kind], "count": counts[key]} for kind, key in present],
            "declared": [{"level": view.levels[kind], "count": declared[key]} for kind, key in present
                         if declared.get(key)]}


def _axis_groups(view: EditionView) -> dict[str, Any]:
    return {g.key: g for g in view.progress.axes} if view.progress else {}


def _status_page(site: SiteData, view: EditionView) -> Page:
    path = urls.page(view.id, "stato")
    groups = _axis_groups(view)
    rows = [{"axis": a, "progress": summary(groups.get(a["id"]), view.action_gender)} for a in view.context["axes"]]
    result = view.progress
    assert result is not None
    return make_page(site, view, path, "status.html.j2", f"Stato di attuazione – edizione {view.id}",
                 [*_crumbs(view, []), ("Stato di attuazione", path)], rows=rows, overall=summary(result.total, view.action_gender),
                 as_of=result.as_of, zones=[{"label": g.label, "progress": summary(g, view.action_gender)} for g in result.zones],
                 sources=[{"label": g.label, "progress": summary(g, view.action_gender)} for g in result.sources])


def _element_page(site: SiteData, view: EditionView, ident: str, item: dict[str, Any]) -> Page:
    trail = ancestors(view, ident)
    previous = site.lineage.previous.get(view.id)
    history = [_step(site, edition, change) for edition, change in site.lineage.history(view.id, ident)]
    children = [view.elements[c["id"]] for c in (item.get("strategies", []) + item.get("actions", []))]
    indicators = [view.indicators[i] for i in item.get("indicators", []) if i in view.indicators]
    return make_page(site, view, item["url"], "element.html.j2", code_title(item, view.levels[item["kind"]]),
                 _crumbs(view, [*trail, item]), item=item, trail=trail, children=children, indicators=indicators,
                 badge=badge(site.lineage.changes_of(view.id, ident), site.plan.editions[previous] if previous else None,
                             gender_of(view.levels[item["kind"]]), site.names), history=history,
                 sources=[s for s in view.context["sources"] if s["key"] in item["sources"]],
                 filters=_filters(view, item, trail), alternates=_alternates(site, view, ident),
                 stable_url=urls.stable_page(ident), classes=_classes(view, item),
                 state=item["state"])


def _classes(view: EditionView, item: dict[str, Any]) -> list[dict[str, Any]]:
    """An element's classification values, each linked to its page in the dimension's view."""
    return [{"name": c["name"], "values": [{**v, "url": value_page(view, c["dimension"], v["id"])}
                                           for v in c["values"]]} for c in item["classes"]]


def _step(site: SiteData, edition: str, change: Any) -> dict[str, Any]:
    """One step of an element's history: what it was in the edition before `edition`, and how it changed."""
    from psmctl.report.diff_markdown import KIND_WORDS

    previous = site.lineage.previous.get(edition)
    tree = site.plan.editions[previous] if previous else None
    incomplete = tree is not None and tree.edition is not None and tree.edition.incomplete
    added = (f"Non presente nei file dell'edizione {previous}, presente nell'edizione {edition}" if incomplete
             else f"Nuovo elemento nell'edizione {edition}")
    return {"edition": edition, "old_edition": previous, "old": change.old,
            "what": [KIND_WORDS[k] for k in change.kinds if k in KIND_WORDS and k != "added"],
            "added": added, "old_url": _old_url(site, edition, change)}


def _old_url(site: SiteData, edition: str, change: Any) -> str | None:
    previous = site.lineage.previous.get(edition)
    if previous is None or change.old is None or change.old.id not in site.editions[previous].elements:
        return None
    return site.editions[previous].path(change.old.id)


def _filters(view: EditionView, item: dict[str, Any], trail: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The search facets of a page: asse, strategia, stato, zona omogenea, fonte di finanziamento, SDG, edizione."""
    by_kind = {t["kind"]: t for t in [*trail, item]}
    return {
        "asse": [_facet(by_kind["axis"])] if "axis" in by_kind else [],
        "strategia": [_facet(by_kind["strategy"])] if "strategy" in by_kind else [],
        "stato": [item["current_status"]] if item.get("current_status") else [],
        "zona": list(item.get("scope_zones_named", []))
        + (["intero territorio"] if item.get("whole_territory") else []),
        "finanziamento": sorted({f["source"] for f in item.get("funding", [])}),
        "sdg": [str(g) for g in item["sdg"]],
        "edizione": [view.id],
    }


def _facet(item: dict[str, Any]) -> str:
    return f"{item['code']} {item['title']}" if item["code"] else str(item["title"])


def _indicator_page(site: SiteData, view: EditionView, item: dict[str, Any]) -> Page:
    chart = indicator_chart(site.plan.editions[view.id], item["id"], view.progress.as_of if view.progress else None)
    users = [e for e in view.elements.values() if item["id"] in e.get("indicators", [])]
    return make_page(site, view, item["url"], "indicator.html.j2", f"Indicatore – {item['name']}",
                 [*_crumbs(view, []), (f"Indicatore {item['name']}", item["url"])], item=item, users=users,
                 chart=chart, sources=[s for s in view.context["sources"] if s["key"] in item["sources"]],
                 alternates=_alternates(site, view, item["id"]), stable_url=urls.stable_page(item["id"]),
                 files={posixpath.join(posixpath.dirname(item["url"]), CHART): chart["svg"]} if chart else {})


CHART = "andamento.svg"


def _view_pages(site: SiteData, view: EditionView, folder: str, groups: list[dict[str, Any]]) -> list[Page]:
    title, one = view_titles(view)[folder]
    index = urls.page(view.id, folder)
    crumbs = [*_crumbs(view, []), (title, index)]
    pages = [make_page(site, view, index, "view.html.j2", f"{title} – edizione {view.id}", crumbs,
                   groups=groups, view_title=title)]
    for group in groups:
        pages.append(make_page(site, view, group["url"], "group.html.j2", f"{one}: {group['title']}",
                           [*crumbs, (group["title"], group["url"])], group=group,
                           progress=summary(_group_progress(site, view, group), view.action_gender)))
    return pages


def _group_progress(site: SiteData, view: EditionView, group: dict[str, Any]) -> Any:
    if view.progress is None:
        return None
    actions = [e["id"] for e in group["elements"] if e["kind"] == "action"]
    return group_of(site.plan.editions[view.id], view.progress, group["key"], actions)


def stable_pages(site: SiteData) -> list[Page]:
    """`elementi/<id>/`: for every id of every edition, the page of its newest edition."""
    newest: dict[str, tuple[EditionView, str]] = {}
    for view in site.editions.values():  # oldest first: a later edition overwrites
        for ident in [*view.elements, *(i for i, v in view.indicators.items() if "url" in v)]:
            newest[ident] = (view, ident)
    pages = []
    for ident in sorted(newest):
        view, target = _follow(site, *newest[ident])
        path = urls.stable_page(ident)
        pages.append(make_page(site, None, path, "redirect.html.j2", f"Elemento {ident}",
                           [("Home", urls.page())], target=view.path(target), edition_id=view.id))
    return pages


def _follow(site: SiteData, view: EditionView, ident: str) -> tuple[EditionView, str]:
    """A later edition's element this one became (renamed id), when the diff found exactly one."""
    for _ in range(len(site.editions)):
        after = site.lineage.successor(view.id, ident)
        if after is None or after[1] not in site.editions[after[0]].elements:
            break
        view, ident = site.editions[after[0]], after[1]
    return view, ident
