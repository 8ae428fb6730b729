"""How documents and pages name what the files refer to by key: zones, comuni, bodies, DUP objectives, indicators.

Plan files name a zone by its id or number, a comune by its ISTAT code, a body,
a DUP objective or an indicator by its id: the keys that survive a renaming
(registries/*.yaml, each edition's indicators). A reader of the annex, of the
revision report or of the site needs the names: every output that shows such
a value asks one `Names` built from the plan. A key the plan does not know
(validate reports it) is shown as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from psmctl.model.grammar import counted, listed

if TYPE_CHECKING:
    from psmctl.loading.plan import Plan
    from psmctl.model.elements import Scope

NAMED_COMUNI = 5  # a scope of more comuni than this is summed up by its count, the list beside it


@dataclass(frozen=True)
class Names:
    zones: dict[str, str] = field(default_factory=dict)  # id or number → "zona 2 «AMT Ovest»"
    comuni: dict[str, str] = field(default_factory=dict)  # ISTAT code → name
    bodies: dict[str, str] = field(default_factory=dict)  # id → name
    dup: dict[str, str] = field(default_factory=dict)  # objective id → title
    indicators: dict[str, str] = field(default_factory=dict)  # id → name (the newest edition's)

    @classmethod
    def of(cls, plan: Plan) -> Names:
        names = cls()
        zones = plan.registry("zones")
        for zone in zones.zones if zones else []:
            label = zone_label(zone.number, zone.name)
            names.zones[zone.id] = label
            if zone.number is not None:
                names.zones.setdefault(str(zone.number), label)
            for member in zone.comuni:
                if member.istat:
                    names.comuni.setdefault(member.istat, member.name)
        listed = plan.registry("comuni")
        for comune in listed.comuni if listed else []:
            names.comuni[comune.istat] = comune.name  # the full list has the last word on a name
        bodies = plan.registry("bodies")
        names.bodies.update({b.id: b.name for b in bodies.bodies} if bodies else {})
        dup = plan.registry("dup")
        names.dup.update({o.id: o.title for o in dup.objectives} if dup else {})
        for edition in sorted(plan.editions):  # edition ids sort by their years: the newest name wins
            names.indicators.update({f.model.id: f.model.name for f in plan.editions[edition].indicators})
        return names

    def zone(self, key: str) -> str:
        """A zone by the key the files use: its id or its number."""
        return self.zones.get(key, f"zona {key}")

    def body(self, key: str) -> str:
        return self.bodies.get(key, key)

    def comuni_named(self, codes: Sequence[str]) -> list[str]:
        """Each comune as «name (ISTAT code)», in the order of the files."""
        return [f"{self.comuni[c]} ({c})" if c in self.comuni else c for c in codes]

    def field_values(self, field_name: str, value: object) -> list[str] | None:
        """The key or keys a field holds, by name; None for a field that refers to nothing (its values
        are words)."""
        tables = {"lead_body": self.bodies, "partners": self.bodies, "dup": self.dup, "indicators": self.indicators}
        if field_name not in tables and field_name not in ("scope.zones", "scope.comuni"):
            return None
        keys = [str(k) for k in value] if isinstance(value, list) else [str(value)]
        if field_name == "scope.zones":
            return [self.zone(k) for k in keys]
        if field_name == "scope.comuni":
            return self.comuni_named(keys)
        return [tables[field_name].get(k, k) for k in keys]

    def summed_up(self, scope: Scope | None) -> list[str]:
        """The comuni that `scope()` counts rather than names, by name: for a list beside it."""
        if scope is None or scope.whole_territory or self._named(scope.comuni):
            return []
        return self.comuni_named(scope.comuni)

    def scope(self, scope: Scope | None) -> str:
        """A scope in one line: the whole territory, or its zones and comuni by name (many comuni, or
        any the registries do not name, by count)."""
        if scope is None:
            return ""
        if scope.whole_territory:
            return "intero territorio metropolitano"
        parts = [self.zone(z) for z in scope.zones]
        if self._named(scope.comuni):
            parts.append(("comune di " if len(scope.comuni) == 1 else "comuni di ")
                         + listed([self.comuni[c] for c in scope.comuni]))
        elif scope.comuni:
            parts.append(counted(len(scope.comuni), "comune", "comuni"))
        return "; ".join(parts)

    def _named(self, codes: Sequence[str]) -> bool:
        return 0 < len(codes) <= NAMED_COMUNI and all(c in self.comuni for c in codes)


def zone_label(number: int | None, name: str) -> str:
    """`zona 2 «AMT Ovest»`; a zone without a number by its name, alone when the name says zona."""
    if number is not None:
        return f"zona {number} «{name}»"
    return name if name.lower().startswith("zona") else f"zona «{name}»"
