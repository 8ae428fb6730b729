"""Stage 3c: elements' classifications against registries/classifications.yaml.

A dimension (pilastro, driver) declares its values, the levels it applies to
and whether an element may take several values; an element's
`classifications: {pilastro: [p2]}` is checked against all three. Without the
registry nothing can be checked: psmctl.checks.references then warns once
that it is missing.
"""

from __future__ import annotations

from typing import Iterator

from psmctl.checks.finding import at, label, suggest
from psmctl.diagnostics import Diagnostic, YamlPath
from psmctl.loading.plan import EditionTree, ElementFile, Plan
from psmctl.model.registries import ClassificationRegistry, Dimension

REGISTRY = "registries/classifications.yaml"


def check_classifications(plan: Plan) -> list[Diagnostic]:
    registry = plan.registry("classifications")
    if registry is None:
        return []
    findings = _duplicate_values(plan, registry)
    dimensions = {d.id: d for d in registry.dimensions}
    for tree in plan.editions.values():
        for file in tree.elements:
            findings.extend(_check_element(tree, file, dimensions))
    return findings


def first_use(plan: Plan) -> tuple[ElementFile, YamlPath] | None:
    """The first element that is classified, for the warning when the registry is missing."""
    for tree in plan.editions.values():
        for file in tree.elements:
            if file.model.classifications:
                return file, ("classifications",)
    return None


def _check_element(tree: EditionTree, file: ElementFile, dimensions: dict[str, Dimension]) -> Iterator[Diagnostic]:
    for name, values in file.model.classifications.items():
        path: YamlPath = ("classifications", name)
        dimension = dimensions.get(name)
        if dimension is None:
            yield at(file, path, "unknown-dimension", f"{label(file)}: dimension {name!r} is not in {REGISTRY}",
                     suggest(name, dimensions) or f"declare it under `dimensions:` in {REGISTRY}", key=True)
            continue
        if not dimension.applies_to(file.model.kind):
            yield at(file, path, "classification-level",
                     f"{label(file)}: dimension {name!r} does not apply to {_plural(tree, file.model.kind)}",
                     f"it applies to {', '.join(_plural(tree, k) for k in dimension.levels)}: remove it here, "
                     f"or add {file.model.kind!r} to its `levels` in {REGISTRY}", key=True)
            continue
        yield from _check_values(file, path, dimension, values)


def _check_values(file: ElementFile, path: YamlPath, dimension: Dimension, values: list[str]) -> Iterator[Diagnostic]:
    known = [v.id for v in dimension.values]
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value not in known:
            yield at(file, path + (index,), "unknown-classification",
                     f"{label(file)}: {dimension.singular} {value!r} is not a value of dimension {dimension.id!r}",
                     suggest(value, known) or f"its values: {', '.join(known) or 'none yet'} ({REGISTRY})")
        elif value in seen:
            yield at(file, path + (index,), "classification-multiple",
                     f"{label(file)}: {dimension.singular} {value!r} is listed twice", "remove one")
        seen.add(value)
    if not dimension.multiple and len(values) > 1:
        yield at(file, path + (1,), "classification-multiple",
                 f"{label(file)}: dimension {dimension.id!r} allows one value, {len(values)} are given",
                 f"keep one, or write `multiple: true` for dimension {dimension.id!r} in {REGISTRY}")


def _duplicate_values(plan: Plan, registry: ClassificationRegistry) -> list[Diagnostic]:
    """Two values of one dimension with the same id (two dimensions with one id: references' duplicate check)."""
    file = plan.registries["classifications"]
    findings = []
    for di, dimension in enumerate(registry.dimensions):
        seen: set[str] = set()
        for vi, value in enumerate(dimension.values):
            if value.id in seen:
                findings.append(at(file, ("dimensions", di, "values", vi, "id"), "duplicate-entry",
                                   f"dimension {dimension.id!r}: value id {value.id!r} appears twice",
                                   "remove or rename one value"))
            seen.add(value.id)
    return findings


def _plural(tree: EditionTree, kind: str) -> str:
    """A level as the edition names it, with its file kind: "ambiti (axis)"."""
    names = {level.kind: level.plural for level in tree.edition.levels} if tree.edition else {}
    return f"{names[kind]} ({kind})" if kind in names else kind
