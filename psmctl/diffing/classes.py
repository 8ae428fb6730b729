"""Changed classification values, in the plan's words: "driver: aggiunto «Partecipazione»".

A change of `classifications.<dimension>` (psmctl.diffing.fields) is told
with the dimension's name and the values' labels, as the newer edition's
registry gives them (the older one's for a value only it has); every diff
format reads it from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from psmctl.diffing.fields import FieldChange
from psmctl.diffing.report import DiffReport, SideInfo
from psmctl.model.grammar import agree

PREFIX = "classifications."


@dataclass(frozen=True)
class ValueChange:
    dimension: str  # its id
    name: str  # its singular name ("pilastro")
    added: list[tuple[str, str]]  # (id, label)
    removed: list[tuple[str, str]]

    def phrase(self) -> str:
        """"pilastro: aggiunto «Coesione sociale»; rimosso «Transizione ecologica»"."""
        parts = [f"{agree(verb, 'm', len(values) > 1)} {', '.join(f'«{label}»' for _, label in values)}"
                 for verb, values in (("aggiunto", self.added), ("rimosso", self.removed)) if values]
        return f"{self.name}: {'; '.join(parts)}"


def value_change(field: FieldChange, report: DiffReport) -> ValueChange | None:
    """The classification change `field` records, or None for any other field."""
    if not field.field.startswith(PREFIX):
        return None
    ident = field.field[len(PREFIX):]
    old, new = list(field.old or []), list(field.new or [])
    dimension = report.new.dimensions.get(ident) or report.old.dimensions.get(ident)
    return ValueChange(ident, dimension.singular if dimension else ident,
                       [(v, _label(v, ident, report.new, report.old)) for v in new if v not in old],
                       [(v, _label(v, ident, report.old, report.new)) for v in old if v not in new])


def _label(value: str, dimension: str, first: SideInfo, then: SideInfo) -> str:
    for side in (first, then):
        found = side.dimensions.get(dimension)
        for item in found.values if found else []:
            if item.id == value:
                return item.label
    return value
