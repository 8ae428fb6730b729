"""Turn a loaded Plan into the plain dicts the templates see.

Templates never touch models or the loader: they get strings, numbers, lists
and dicts, so a template cannot call methods on plan objects, and the same
context can be dumped and inspected.
"""

from __future__ import annotations

import re
from typing import Any

from psmctl.errors import UsageError
from psmctl.loading.tree import EditionTree, Plan
from psmctl.model import Action, Deliberation, Edition
from psmctl.model.edition import AdoptionStep, Chapter, Project
from psmctl.model.elements import Element, Funding
from psmctl.model.grammar import Gender, agree
from psmctl.model.provenance import chapter_is_paraphrase, is_paraphrase
from psmctl.rendering.bibliography import bibliography, cited_keys
from psmctl.rendering.classifications import classify
from psmctl.rendering.filters import it_date
from psmctl.rendering.names import Names
from psmctl.rendering.quotes import it_quotes
from psmctl.rendering.labels import edition_date

# An action's status in the masculine singular; participles agree with the action level's noun
# (azione conclusa, progetto concluso), "in corso" does not change.
_STATUS_WORDS = {"planned": "programmato", "in_progress": "in corso", "completed": "concluso",
                 "suspended": "sospeso", "cancelled": "annullato"}


def status_words(gender: Gender, plural: bool = False) -> dict[str, str]:
    """The status words agreed with an action level of `gender`: {"completed": "conclusa"} for azioni."""
    return {key: word if key == "in_progress" else agree(word, gender, plural) for key, word in _STATUS_WORDS.items()}


EDITION_STATUS = {"draft": "bozza", "proposed": "proposta", "adopted": "adottato", "superseded": "superato"}
COMPETENCE = {"own": "Città metropolitana", "others": "altri soggetti"}
ROLES = {"implementer": "attuatore", "director": "regia", "coordinator": "coordinamento",
         "stimulus": "stimolo", "support": "supporto"}
FUNDING = {"pnrr": "PNRR", "pnc": "PNC", "fesr": "FESR", "fse": "FSE+", "fsc": "FSC", "eu_other": "altri fondi UE",
           "state": "Stato", "region": "Regione", "own": "fondi propri", "private": "privati", "other": "altro"}


class ContextProblem(UsageError):
    """The plan cannot give what was asked (no such edition, zone or deliberation)."""


def build_context(plan: Plan, edition_id: str, *, zone: str | None = None,
                  deliberation_id: str | None = None) -> dict[str, Any]:
    tree = plan.editions.get(edition_id)
    if tree is None or tree.edition is None:
        raise ContextProblem(f"no edition {edition_id!r} in {plan.label}",
                             f"editions here: {', '.join(sorted(plan.editions)) or 'none'}")
    edition = tree.edition
    zone_info = _zone(plan, zone) if zone is not None else None
    names = Names.of(plan)
    actions = {a.id: _action(a, names, tree) for a in tree.actions}
    if zone_info is not None:
        actions = {k: v for k, v in actions.items() if _in_zone(v, zone_info)}
    axes = _axes(tree, actions)
    project = plan.project_model or _NO_PROJECT
    act = _act(tree, edition, deliberation_id)
    chapters = [_chapter(model, body, edition) for model, body in tree.chapter_models]
    elements = [*axes, *(s for a in axes for s in a["strategies"]), *actions.values()]
    dimensions = classify(plan, tree, elements)
    return {
        "body": project.body,
        "institution": institution(project),
        "edition": {**_edition(edition), "name": edition_name(plan, edition)},
        "levels": level_words(edition),
        "numbered": edition.numbering != "none",  # a plan that numbers nothing prints no code column or prefix
        "headings": _headings(edition),
        "axes": axes,
        "actions": [actions[a.id] for a in tree.actions if a.id in actions],
        "counts": _counts(tree, edition, axes, actions),
        "chapters": chapters,
        "indicators": [_indicator(i) for i in tree.indicator_models],
        "zones": _zones(plan),
        "mappings": _mappings(plan, tree),
        "dimensions": dimensions,
        "sources": bibliography(plan, cited_keys(tree)),
        "zone": zone_info,
        "any_scope": any(a.scope is not None for a in tree.actions),
        "act": act,
        "date": _document_date(act, edition),
        "marks": _marks(elements, chapters),
        "editorial_notes": editorial_notes(edition, act),
        "deliberations": [_deliberation(d) for d in tree.deliberation_models],
    }


# A plan without a readable plan.yaml still renders (validate reports the file); its title page names no body.
_NO_PROJECT = Project.model_construct(kind="project", body="")


def edition_name(plan: Plan, edition: Edition) -> str:
    """The edition's official name as plan.yaml's pattern gives it: "Piano Strategico 2030", "… 2024-2026"."""
    return (plan.project_model or _NO_PROJECT).name_of(edition.period.start, edition.period.end)


def institution(project: Project) -> dict[str, Any]:
    """Who files the documents and what the plan is called, from plan.yaml."""
    return {"body": project.body, "short_name": project.short_name or project.body,
            "plan_name": project.plan_name, "letterhead": project.letterhead}


def level_words(edition: Edition) -> dict[str, dict[str, str]]:
    """Each level's name in every form the templates use (psmctl.model.grammar)."""
    return {level.kind: {"kind": level.kind, **level.noun.forms()} for level in edition.levels}


def _headings(edition: Edition) -> dict[str, str]:
    """Heading marks per level, one step apart: a two-level plan goes ## → ###, never skips to ####."""
    return {level.kind: "#" * (3 + depth) for depth, level in enumerate(edition.levels)}


def _document_date(act: dict[str, Any], edition: Edition) -> Any:
    """The act's date, else the edition's own (adoption, else last recorded step)."""
    return act["date"] or edition_date(edition)


def _marks(elements: list[dict[str, Any]], chapters: list[dict[str, Any]]) -> dict[str, bool]:
    """Which provenance marks the document prints, so that its legend explains exactly those."""
    return {"paraphrase": any(e["title_paraphrase"] or e["summary_paraphrase"] or e["description_paraphrase"]
                              for e in elements) or any(c["title_paraphrase"] for c in chapters),
            "uncertain": any(e["uncertain"] for e in elements)}


def editorial_notes(edition: Edition, act: dict[str, Any]) -> list[str]:
    """What the files say for their maintainers: the terminal and a draft's «Nota redazionale», never the act."""
    notes = []
    if act["missing"]:
        missing = ", ".join(act["missing"])
        line = f"Dati della deliberazione non registrati nei file del piano, lasciati in bianco: {missing}."
        if act.get("other_organ"):
            when = f", {it_date(act['other_date'])}" if act.get("other_date") else ""
            line += f" Approvazione registrata: {act['other_organ']}{when}."
        notes.append(line)
    if edition.incomplete and edition.coverage_note:
        notes.append(f"Completezza dei file: {' '.join(edition.coverage_note.split())}")
    return notes


def _edition(edition: Edition) -> dict[str, Any]:
    return {
        "id": edition.id, "title": edition.title, "subtitle": edition.subtitle,
        "start": edition.period.start, "end": edition.period.end,
        "status": EDITION_STATUS[edition.status], "vision": edition.vision,
        "incomplete": edition.incomplete, "coverage_note": edition.coverage_note,
        "milestones": [{"date": m.date, "event": m.event, "organ": m.organ} for m in edition.milestones],
        "adoption_steps": _steps(edition), "legal_basis": edition.legal_basis, "horizon": edition.horizon,
    }


def _element(model: Element, tree: EditionTree) -> dict[str, Any]:
    edition = tree.edition
    assert edition is not None
    # Under its parent's heading an element shows its code as the act prints it (`2` under `1` in a
    # per-parent plan); lists that span parents use `full_code` (`1.2`, psmctl.loading.position).
    code = model.code or ""
    return {
        # `name`: how a caption names the element, by code or, where the plan numbers nothing, by title
        "id": model.id, "code": code, "full_code": tree.full_code(model),
        "name": code or f"«{' '.join(model.title.split())}»", "title": model.title, "summary": model.summary,
        "description": model.description, "paraphrase": model.title_is_paraphrase,
        "title_paraphrase": is_paraphrase(model, "title", edition),
        "summary_paraphrase": bool(model.summary) and is_paraphrase(model, "summary", edition),
        "description_paraphrase": bool(model.description) and is_paraphrase(model, "description", edition),
        "amsvs": list(model.amsvs), "sdg": list(model.sdg), "sources": list(model.sources),
        "uncertain": model.uncertain,
    }


def _action(model: Action, names: Names, tree: EditionTree) -> dict[str, Any]:
    item = _element(model, tree)
    assert tree.edition is not None  # _element holds it too
    item.update({
        "parent": model.parent,
        "strategy_unknown": model.strategy_unknown,
        "competence": COMPETENCE.get(model.competence or "", ""),
        "roles": [ROLES[r] for r in model.cm_role],
        "lead_body": names.body(model.lead_body) if model.lead_body else "",
        "partners": [names.body(p) for p in model.partners],
        "scope": names.scope(model.scope),
        "whole_territory": bool(model.scope and model.scope.whole_territory),
        "scope_zones": list(model.scope.zones) if model.scope else [],
        "scope_zones_named": [names.zone(z) for z in model.scope.zones] if model.scope else [],
        "scope_comuni": list(model.scope.comuni) if model.scope else [],
        "scope_comuni_named": names.comuni_named(model.scope.comuni) if model.scope else [],
        "scope_comuni_summed_up": names.summed_up(model.scope),
        "status": status_words(tree.edition.levels[-1].noun.gender).get(model.status or "", ""),
        "progress": model.progress,
        "funding": [_funding(f) for f in model.funding],
        "pnrr": [f.pnrr for f in model.funding if f.pnrr],
        "start": model.timeline.start if model.timeline else None,
        "end": model.timeline.end if model.timeline else None,
        "indicators": list(model.indicators),
    })
    return item


def _funding(funding: Funding) -> dict[str, Any]:
    return {"source": FUNDING[funding.source], "pnrr": funding.pnrr, "programme": funding.programme,
            "amount": funding.amount, "year": funding.year}


def _in_zone(action: dict[str, Any], zone: dict[str, Any]) -> bool:
    # An action named by its comuni belongs to the zone those comuni are in.
    return (action["whole_territory"] or bool(set(action["scope_zones"]) & set(zone["keys"]))
            or bool(set(action["scope_comuni"]) & set(zone["comuni"])))


def _zone(plan: Plan, wanted: str) -> dict[str, Any]:
    registry = plan.registry("zones")
    zones = registry.zones if registry else []
    for item in zones:
        keys = {item.id} | ({str(item.number)} if item.number is not None else set())
        if wanted in keys:
            return {"id": item.id, "number": item.number, "name": item.name, "keys": sorted(keys),
                    "comuni": sorted(c.istat for c in item.comuni if c.istat)}
    known = ", ".join(f"{z.number or z.id} ({z.name})" for z in zones)
    raise ContextProblem(f"no zona omogenea {wanted!r} in registries/zones.yaml",
                         f"zones: {known or 'none (the registry is missing)'}")


def _axes(tree: EditionTree, actions: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    axes = []
    assert tree.edition is not None
    for axis in tree.axes:
        item = _element(axis, tree)
        item.update({"subtitle": axis.subtitle, "pnrr_missions": list(axis.pnrr_missions), "strategies": []})
        for child in tree.children.get(axis.id, []):
            if child.kind == "strategy":
                strategy = _element(child.model, tree)
                strategy["actions"] = [actions[f.model.id] for f in tree.children.get(strategy["id"], [])
                                       if f.model.id in actions]
                item["strategies"].append(strategy)
        # two-level plans (ambiti › progetti) hang actions directly on the axis
        item["actions"] = [actions[f.model.id] for f in tree.children.get(axis.id, [])
                           if f.kind == "action" and f.model.id in actions]
        axes.append(item)
    return axes


def _counts(tree: EditionTree, edition: Edition, axes: list[dict[str, Any]],
            actions: dict[str, Any]) -> dict[str, Any]:
    declared = edition.declared_counts
    return {
        "axes": len(axes), "strategies": sum(len(a["strategies"]) for a in axes), "actions": len(actions),
        "strategy_unknown": sum(1 for a in actions.values() if a["strategy_unknown"]),
        "all_actions": len(tree.actions),
        "declared": {"axes": declared.axes, "strategies": declared.strategies, "actions": declared.actions}
        if declared else None,
    }


def _chapter(model: Chapter, body: str, edition: Edition) -> dict[str, Any]:
    lines = body.strip("\n").split("\n")
    # a body usually repeats its title as a first `#` heading: the template prints the title once
    if lines and re.match(r"^#\s", lines[0]):
        lines = lines[1:]
    text = it_quotes("\n".join(lines).strip("\n"))
    # the chapter title is a level-2 heading: the body's own headings go below it
    top = min((len(h) for h in re.findall(r"(?m)^(#{1,6})\s", text)), default=3)
    if top < 3:
        from psmctl.rendering.filters import shift_headings

        text = shift_headings(text, 3 - top)
    from psmctl.pandoc import chapter_markdown

    # people's Markdown: only text, emphasis, lists, tables, code, links and headings reach the template
    return {"title": model.title, "role": model.role, "body": chapter_markdown(text),
            "title_paraphrase": chapter_is_paraphrase(model, edition), "uncertain": model.uncertain}


def _indicator(model: Any) -> dict[str, Any]:
    def obs(o: Any) -> dict[str, Any] | None:
        return {"year": o.year, "value": o.value} if o is not None else None

    return {"id": model.id, "name": model.name, "type": model.type, "unit": model.unit,
            "data_source": model.data_source, "baseline": obs(model.baseline), "target": obs(model.target)}


def _zones(plan: Plan) -> list[dict[str, Any]]:
    registry = plan.registry("zones")
    return [{"number": z.number, "name": z.name, "comuni": z.comuni_count, "population": z.population,
             "population_year": z.population_year} for z in (registry.zones if registry else [])]


def _mappings(plan: Plan, tree: EditionTree) -> dict[str, list[dict[str, Any]]]:
    catalogue, agenda, goals = plan.registry("pnrr"), plan.registry("amsvs"), plan.registry("sdg")
    pnrr_titles = {m.id: m.title for m in catalogue.missions} if catalogue else {}
    pnrr_titles.update({m.id: m.title for m in catalogue.measures} if catalogue else {})
    amsvs_titles = {m.id: m.title for m in agenda.missions} if agenda else {}
    sdg_titles = {g.id: g.title for g in goals.goals} if goals else {}

    def row(model: Element, ref: str, titles: dict[Any, str], key: Any = None) -> dict[str, Any]:
        # the element's title carries its provenance marks here too
        return {"code": tree.full_code(model), "title": model.title, "ref": ref,
                "ref_title": titles.get(ref if key is None else key, ""),
                "title_paraphrase": is_paraphrase(model, "title", tree.edition), "uncertain": model.uncertain}

    pnrr = [row(axis, m, pnrr_titles) for axis in tree.axes for m in axis.pnrr_missions]
    pnrr += [row(action, f.pnrr, pnrr_titles) for action in tree.actions for f in action.funding if f.pnrr]
    models: list[Element] = [*tree.axes, *tree.strategies, *tree.actions]
    amsvs = [row(model, m, amsvs_titles) for model in models for m in model.amsvs]
    sdg = [row(model, str(g), sdg_titles, g) for model in models for g in model.sdg]
    return {"pnrr": pnrr, "amsvs": amsvs, "sdg": sdg}


def _act(tree: EditionTree, edition: Edition, wanted: str | None) -> dict[str, Any]:
    """The act the annex belongs to: a deliberation record, else what edition.yaml knows."""
    chosen = _pick_deliberation(tree, wanted)
    if chosen is not None:
        return {"organ": chosen.organ, "number": chosen.number, "date": chosen.date,
                "subject": chosen.subject, "id": chosen.id, "recorded": True, "missing": []}
    adoption = edition.adoption or adopting_step(edition)
    # edition.yaml may record the council's act (number, date, title): use what it knows.
    council = adoption if adoption and "consiglio" in adoption.organ.lower() else None
    act: dict[str, Any] = {
        "organ": council.organ if council else "Consiglio metropolitano",
        "number": council.number if council else None,
        "date": council.date if council else None,
        "subject": adoption.title if adoption and adoption.title else None, "id": None,
        "other_organ": adoption.organ if adoption and not council else None,
        "other_date": adoption.date if adoption and not council else None}
    act["missing"] = [word for word, key in (("numero", "number"), ("data", "date"), ("oggetto", "subject"))
                      if not act[key]]
    act["recorded"] = not act["missing"]
    return act


def adopting_step(edition: Edition) -> AdoptionStep | None:
    """The last adoption step that adopts or approves the plan, where edition.yaml lists steps."""
    adopting = [s for s in edition.adoption_steps if s.step in ("adozione", "approvazione")]
    return adopting[-1] if adopting else None


STEP_NAMES = {"proposta": "proposta", "adozione": "adozione", "parere": "parere", "approvazione": "approvazione",
              "presa_d_atto": "presa d'atto"}


def _steps(edition: Edition) -> list[dict[str, Any]]:
    return [{"organ": s.organ, "step": STEP_NAMES.get(s.step or "", ""), "number": s.number, "date": s.date,
             "title": s.title, "vote": s.vote} for s in edition.adoption_steps]


def _pick_deliberation(tree: EditionTree, wanted: str | None) -> Deliberation | None:
    models = tree.deliberation_models
    if wanted is not None:
        for model in models:
            if model.id == wanted:
                return model
        raise ContextProblem(f"no deliberation {wanted!r} in edition {tree.id}",
                             f"deliberations here: {', '.join(m.id for m in models) or 'none'}")
    return next((m for m in models if m.role == "adoption"), None)


def deliberation_context(plan: Plan, edition_id: str, wanted: str | None) -> dict[str, Any]:
    tree = plan.editions.get(edition_id)
    if tree is None:
        raise ContextProblem(f"no edition {edition_id!r} in {plan.label}")
    models = tree.deliberation_models
    model = _pick_deliberation(tree, wanted) if wanted else next(
        (m for m in models if m.role == "adoption"), models[-1] if models else None)
    if model is None:
        raise ContextProblem(f"edition {edition_id} has no deliberation record",
                             "add editions/<id>/deliberations/<id>.yaml (kind: deliberation)")
    project = plan.project_model
    return {"body": model.body or (project.body if project else ""), "deliberation": _deliberation(model),
            "date": model.date or edition_date(tree.edition), "editorial_notes": [], "marks": {"paraphrase": False, "uncertain": False}}


def _deliberation(model: Deliberation) -> dict[str, Any]:
    from psmctl.model.deliberation import PREMISE_LABELS, BulletList

    data = model.model_dump(mode="python", exclude={"premises"})
    data["premises"] = [
        {"label": p.label or PREMISE_LABELS[p.heading], "text": p.text,
         "content": [{"list": c.items} if isinstance(c, BulletList) else {"paragraph": c} for c in p.content]}
        for p in model.premises
    ]
    return data


def zone_members(plan: Plan, zone: str, actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The actions (as the context gives them) that concern zona omogenea `zone`: the extracts' rule."""
    info = _zone(plan, zone)
    return [action for action in actions if _in_zone(action, info)]
