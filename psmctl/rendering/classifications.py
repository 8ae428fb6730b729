"""Classifications as the documents see them: each element's values by label, and a count per value.

Dimensions come from registries/classifications.yaml with their grammar
(psmctl.model.grammar), so templates say "per pilastro", "dei driver" without
a noun of their own. A dimension no element of the edition uses prints
nothing, like the annexes that print only with content.
"""

from __future__ import annotations

from typing import Any

from psmctl.loading.plan import EditionTree, ElementFile, Plan
from psmctl.model.edition import Edition
from psmctl.model.registries import Dimension


def classify(plan: Plan, tree: EditionTree, elements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each element dict its `classes`; return the dimensions the edition uses, with their counts."""
    registry = plan.registry("classifications")
    dimensions = registry.dimensions if registry else []
    for item in elements:
        model = tree.by_id[item["id"]].model
        item["classes"] = [_element_class(d, model.classifications[d.id]) for d in dimensions
                           if model.classifications.get(d.id)]
    assert tree.edition is not None
    # a zone extract counts only the elements it prints
    shown = [tree.by_id[item["id"]] for item in elements]
    return [d for d in (_dimension(d, shown, tree.edition) for d in dimensions) if d["used"]]


def _element_class(dimension: Dimension, wanted: list[str]) -> dict[str, Any]:
    labels = {value.id: value.label for value in dimension.values}
    values = [{"id": ident, "label": labels.get(ident, ident)} for ident in wanted]
    return {"dimension": dimension.id, "name": dimension.plural if len(values) > 1 else dimension.singular,
            "labels": ", ".join(v["label"] for v in values), "values": values}


def _dimension(dimension: Dimension, shown: list[ElementFile], edition: Edition) -> dict[str, Any]:
    """A dimension with, for each value, how many elements of each level it classifies."""
    kinds = [level for level in edition.levels if dimension.applies_to(level.kind)]
    counts = {(v.id, level.kind): 0 for v in dimension.values for level in kinds}
    for file in shown:
        for ident in set(file.model.classifications.get(dimension.id, [])):
            if (ident, file.model.kind) in counts:
                counts[ident, file.model.kind] += 1
    values: list[dict[str, Any]] = [
        {"id": v.id, "code": v.code, "label": v.label, "description": v.description,
         "counts": [counts[v.id, level.kind] for level in kinds]} for v in dimension.values]
    return {"id": dimension.id, **dimension.noun.forms(), "description": dimension.description,
            "levels": [{"kind": level.kind, **level.noun.forms()} for level in kinds],
            "values": values, "any_code": any(v.code for v in dimension.values),
            "used": any(sum(v["counts"]) for v in values)}
