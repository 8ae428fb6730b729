"""Stage 3c: elements' classifications against registries/classifications.yaml.

A dimension (pilastro, driver) declares its values, the levels it applies to
and whether an element may take several values; an element's
`classifications: {pilastro: [p2]}` is checked against all three. Without the
registry nothing can be checked: psmctl.checks.references then warns once
that it is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

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


@dataclass(frozen=True)
class Problem:
    """What is wrong with one classification, before it is placed in a file (validate) or a command (new)."""

    path: YamlPath  # under `classifications`
    code: str
    message: str
    hint: str
    key: bool = False  # the problem is the key (the dimension), not a value


def classification_problems(classifications: dict[str, list[str]], kind: str, dimensions: dict[str, Dimension],
                            plural: Callable[[str], str]) -> Iterator[Problem]:
    """THE rule: each dimension declared and applying to `kind`, each value known, once, one where one is allowed.

    `plural` names a level kind as the edition does ("ambiti (axis)").
    """
    for name, values in classifications.items():
        path: YamlPath = ("classifications", name)
        dimension = dimensions.get(name)
        if dimension is None:
            yield Problem(path, "unknown-dimension", f"dimension {name!r} is not in {REGISTRY}",
                          suggest(name, dimensions) or f"declare it under `dimensions:` in {REGISTRY}", key=True)
        elif not dimension.applies_to(kind):
            yield Problem(path, "classification-level", f"dimension {name!r} does not apply to {plural(kind)}",
                          f"it applies to {', '.join(plural(k) for k in dimension.levels)}: remove it here, "
                          f"or add {kind!r} to its `levels` in {REGISTRY}", key=True)
        else:
            yield from _value_problems(path, dimension, values)


def _value_problems(path: YamlPath, dimension: Dimension, values: list[str]) -> Iterator[Problem]:
    known = [v.id for v in dimension.values]
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value not in known:
            yield Problem(path + (index,), "unknown-classification",
                          f"{dimension.singular} {value!r} is not a value of dimension {dimension.id!r}",
                          suggest(value, known) or f"its values: {', '.join(known) or 'none yet'} ({REGISTRY})")
        elif value in seen:
            yield Problem(path + (index,), "classification-multiple",
                          f"{dimension.singular} {value!r} is listed twice", "remove one")
        seen.add(value)
    if not dimension.multiple and len(values) > 1:
        yield Problem(path + (1,), "classification-multiple",
                      f"dimension {dimension.id!r} allows one value, {len(values)} are given",
                      f"keep one, or write `multiple: true` for dimension {dimension.id!r} in {REGISTRY}")


def _check_element(tree: EditionTree, file: ElementFile, dimensions: dict[str, Dimension]) -> Iterator[Diagnostic]:
    for problem in classification_problems(file.model.classifications, file.model.kind, dimensions,
                                           lambda kind: level_plural(tree, kind)):
        yield at(file, problem.path, problem.code, f"{label(file, tree)}: {problem.message}", problem.hint,
                 key=problem.key)


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


def level_plural(tree: EditionTree, kind: str) -> str:
    """A level as the edition names it, with its file kind: "ambiti (axis)"."""
    names = {level.kind: level.plural for level in tree.edition.levels} if tree.edition else {}
    return f"{names[kind]} ({kind})" if kind in names else kind
