"""Stage 3b: references from the plan into the registries and between files.

A registry marked `complete: false` only knows part of its world (Torino's
zones are known without all their comuni): an unknown entry there is a
warning, because the registry may be what is missing. Comuni are known from
registries/comuni.yaml when there is one, else from the zones' members.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from psmctl.checks.classifications import check_classifications, first_use
from psmctl.checks.finding import at, label, suggest
from psmctl.diagnostics import Diagnostic, Severity, YamlPath
from psmctl.loading.plan import AnyFile, EditionTree, ElementFile, Plan, holds
from psmctl.model import Action, Axis
from psmctl.model.registries import SHARED_REGISTRIES, PnrrRegistry


@dataclass
class Known:
    """The ids a registry declares, and whether that list is complete."""

    name: str
    file: str
    ids: set[str]
    complete: bool

    def problem(self, value: str) -> tuple[str, Severity] | None:
        if value in self.ids:
            return None
        severity = Severity.ERROR if self.complete else Severity.WARNING
        return f"{value!r} is not in {self.file}", severity


def _known(plan: Plan, kind: str, name: str, ids: Iterable[str]) -> Known | None:
    registry = plan.registry(kind)
    if registry is None:
        return None
    return Known(name, f"registries/{kind}.yaml", set(ids), registry.complete)


def _registry_ids(plan: Plan) -> dict[str, Known | None]:
    zones, amsvs, sdg = plan.registry("zones"), plan.registry("amsvs"), plan.registry("sdg")
    bodies, dup = plan.registry("bodies"), plan.registry("dup")
    known = {
        "zone": _known(plan, "zones", "zona omogenea", (z.id for z in zones.zones) if zones else ()),
        "comune": _known_comuni(plan),
        "pnrr": _known(plan, "pnrr", "PNRR measure", _pnrr_ids(plan.registry("pnrr"))),
        "amsvs": _known(plan, "amsvs", "AMSvS mission", (m.id for m in amsvs.missions) if amsvs else ()),
        "sdg": _known(plan, "sdg", "SDG", (str(g.id) for g in sdg.goals) if sdg else ()),
        "body": _known(plan, "bodies", "body", (b.id for b in bodies.bodies) if bodies else ()),
        "dup": _known(plan, "dup", "DUP objective", (o.id for o in dup.objectives) if dup else ()),
    }
    return known


def _known_comuni(plan: Plan) -> Known | None:
    registry = plan.registry("comuni")
    if registry is not None:
        return _known(plan, "comuni", "comune", (c.istat for c in registry.comuni))
    zones = plan.registry("zones")
    if zones is None:
        return None
    found = _known(plan, "zones", "comune", (c.istat for z in zones.zones for c in z.comuni if c.istat))
    if found is not None:
        found.complete = zones.comuni_complete
    return found


def _pnrr_ids(registry: PnrrRegistry | None) -> set[str]:
    if registry is None:
        return set()
    ids = {m.id for m in registry.measures}
    for mission in registry.missions:
        ids.add(mission.id)
        ids.update(c.id for c in mission.components)
    return ids


_CODES = {"zone": "unknown-zone", "comune": "unknown-comune", "pnrr": "unknown-pnrr", "amsvs": "unknown-amsvs",
          "sdg": "unknown-sdg", "body": "unknown-body", "dup": "unknown-dup"}


_REGISTRY_FILE = {"zone": "zones", "comune": "comuni", "pnrr": "pnrr", "amsvs": "amsvs", "sdg": "sdg",
                  "body": "bodies", "dup": "dup"}


def check_references(plan: Plan) -> list[Diagnostic]:
    known = _registry_ids(plan)
    findings = _check_registry_duplicates(plan)
    findings.extend(_check_sources(plan))
    findings.extend(_check_zone_members(plan, known.get("comune")))
    unchecked: dict[str, tuple[AnyFile, YamlPath]] = {}  # registry kind → first reference to it
    for tree in plan.editions.values():
        indicator_ids = {f.model.id for f in tree.indicators} | tree.broken_ids
        for file in tree.elements:
            for what, path, value in _references(file):
                if what == "indicator":
                    if value not in indicator_ids:
                        findings.append(at(file, path, "unknown-indicator",
                                           f"{label(file, tree)}: indicator {value!r} is not defined in edition {tree.id}",
                                           suggest(value, indicator_ids) or "add editions/<id>/indicators/<id>.yaml"))
                    continue
                if known.get(what) is None:
                    unchecked.setdefault(_REGISTRY_FILE[what], (file, path))
                findings.extend(_check_one(tree, file, path, what, value, known.get(what)))
        findings.extend(_check_pnrr_components(tree, known.get("pnrr")))
    findings.extend(check_classifications(plan))
    classified = first_use(plan) if plan.registry("classifications") is None else None
    if classified is not None:
        unchecked["classifications"] = classified
    findings.extend(_missing_registries(plan, unchecked))
    return findings


def _missing_registries(plan: Plan, unchecked: dict[str, tuple[AnyFile, YamlPath]]) -> list[Diagnostic]:
    """One warning per registry that references need but the tree lacks (a broken one is already reported)."""
    if plan.registry("sources") is None:
        cited = next((f for f in _all_files(plan) if f.doc.source_refs), None)
        if cited is not None:
            unchecked["sources"] = (cited, cited.doc.source_refs[0][0])
    return [at(file, path, "missing-registry",
               f"registries/{kind}.yaml is missing: references to it are not checked",
               f"psmctl ships it: psmctl init {plan.label} --shared-registries" if kind in SHARED_REGISTRIES
               else f"add registries/{kind}.yaml (see docs/plan-format.md)", Severity.WARNING)
            for kind, (file, path) in sorted(unchecked.items())
            if f"registries/{kind}.yaml" not in plan.broken]


def _check_one(tree: EditionTree, file: ElementFile, path: YamlPath, what: str, value: str, registry: Known | None) -> list[Diagnostic]:
    if registry is None:
        return []
    problem = registry.problem(value)
    if problem is None:
        return []
    message, severity = problem
    hint = suggest(value, registry.ids)
    if hint is None and not registry.complete:
        hint = f"the registry is partial: add the {registry.name} to it if it is right"
    return [at(file, path, _CODES[what], f"{label(file, tree)}: {registry.name} {message}", hint, severity)]


def _references(file: ElementFile) -> Iterator[tuple[str, YamlPath, str]]:
    model = file.model
    for index, code in enumerate(model.amsvs):
        yield "amsvs", ("amsvs", index), code
    for index, goal in enumerate(model.sdg):
        yield "sdg", ("sdg", index), str(goal)
    if isinstance(model, Axis):
        for index, code in enumerate(model.pnrr_missions):
            yield "pnrr", ("pnrr_missions", index), code
        return
    for index, ident in enumerate(model.dup):
        yield "dup", ("dup", index), ident
    for index, ident in enumerate(model.indicators):
        yield "indicator", ("indicators", index), ident
    if isinstance(model, Action):
        yield from _action_references(model)


def _action_references(action: Action) -> Iterator[tuple[str, YamlPath, str]]:
    if action.lead_body:
        yield "body", ("lead_body",), action.lead_body
    for index, ident in enumerate(action.partners):
        yield "body", ("partners", index), ident
    if action.scope:
        for index, zone in enumerate(action.scope.zones):
            yield "zone", ("scope", "zones", index), zone
        for index, comune in enumerate(action.scope.comuni):
            yield "comune", ("scope", "comuni", index), comune


def _check_pnrr_components(tree: EditionTree, registry: Known | None) -> list[Diagnostic]:
    """A PNRR code must exist; with a partial catalogue, its component at least must."""
    findings = []
    for file in (f for f in tree.elements if holds(f, Action)):
        for index, line in enumerate(file.model.funding):
            if line.pnrr is None or registry is None or line.pnrr in registry.ids:
                continue
            component = line.pnrr[:4]
            path = ("funding", index, "pnrr")
            if registry.complete or component not in registry.ids:
                findings.append(at(file, path, "unknown-pnrr",
                                   f"{label(file, tree)}: PNRR code {line.pnrr} is not in the catalogue"
                                   + ("" if component in registry.ids else f" (no component {component})"),
                                   suggest(line.pnrr, registry.ids)))
            else:
                findings.append(at(file, path, "unknown-pnrr",
                                   f"{label(file, tree)}: PNRR measure {line.pnrr} is not in the catalogue",
                                   f"component {component} exists; add the measure to registries/pnrr.yaml",
                                   Severity.WARNING))
    return findings


def _check_zone_members(plan: Plan, comuni: Known | None) -> list[Diagnostic]:
    """Each member of a zone is a known comune, under its registered name, in one zone only."""
    file, registry, registered = plan.registries.get("zones"), plan.registry("zones"), plan.registry("comuni")
    names = {c.istat: c.name for c in registered.comuni} if registered else {}
    if file is None or registry is None or not names or comuni is None:
        return []
    findings: list[Diagnostic] = []
    seen: dict[str, str] = {}  # ISTAT code → the zone that lists it first
    for zi, zone in enumerate(registry.zones):
        for ci, comune in enumerate(zone.comuni):
            path = ("zones", zi, "comuni", ci)
            if comune.istat is None:
                continue
            problem = comuni.problem(comune.istat)
            if problem is not None:
                findings.append(at(file, path + ("istat",), "unknown-comune", f"zone {zone.id}: comune {problem[0]}",
                                   suggest(comune.istat, comuni.ids), problem[1]))
            elif names[comune.istat] != comune.name:
                findings.append(at(file, path + ("name",), "comune-name",
                                   f"zone {zone.id}: {comune.istat} is {names[comune.istat]!r} in registries/comuni.yaml, "
                                   f"not {comune.name!r}", "use the registered name; keep the source's spelling in notes",
                                   Severity.WARNING))
            if comune.istat in seen:
                findings.append(at(file, path + ("istat",), "comune-in-two-zones",
                                   f"zone {zone.id}: comune {comune.istat} is already a member of zone {seen[comune.istat]}",
                                   "a comune belongs to one zona omogenea: remove it from one of them"))
            seen.setdefault(comune.istat, zone.id)
    return findings


def _check_registry_duplicates(plan: Plan) -> list[Diagnostic]:
    findings = []
    for file in plan.registries.values():
        for key, value in file.doc.data.items():
            if not isinstance(value, list):
                continue
            seen: set[str] = set()
            for index, item in enumerate(value):
                ident = item.get("id", item.get("key")) if isinstance(item, dict) else None
                if ident is None:
                    continue
                if ident in seen:
                    findings.append(at(file, (key, index), "duplicate-entry",
                                       f"{key}: id {ident!r} appears twice", "remove or rename one entry"))
                seen.add(ident)
    return findings


def _check_sources(plan: Plan) -> list[Diagnostic]:
    registry = plan.registry("sources")
    if registry is None:
        return []
    keys = {source.key for source in registry.sources}
    findings = []
    for file in _all_files(plan):
        for path, key in file.doc.source_refs:
            if key not in keys:
                findings.append(at(file, path, "unknown-source",
                                   f"source {key!r} is not declared in registries/sources.yaml",
                                   suggest(key, keys) or "declare it there with its title and url"))
    return findings


def _all_files(plan: Plan) -> list[AnyFile]:
    """Every loaded file but the sources registry itself."""
    files: list[AnyFile] = [plan.project] if plan.project else []
    files += [f for kind, f in plan.registries.items() if kind != "sources"]
    for tree in plan.editions.values():
        files += [*([tree.file] if tree.file else []), *tree.elements, *tree.indicators, *tree.chapters,
                  *tree.deliberations]
    return files
