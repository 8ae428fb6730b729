"""How documents and pages name places: a zona omogenea by its number and name, a comune by its name.

Plan files name a zone by its id or its number and a comune by its ISTAT code,
the keys that survive a renaming (registries/zones.yaml, registries/comuni.yaml).
A reader of the annex, of the revision report or of the site needs the names:
every output that shows a scope asks one `Places` built from the plan. A key the
registries do not know (validate reports it) is shown as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from psmctl.model.grammar import counted

if TYPE_CHECKING:
    from psmctl.loading.plan import Plan
    from psmctl.model.elements import Scope

NAMED_COMUNI = 5  # a scope of more comuni than this is summed up by its count, the list beside it


@dataclass(frozen=True)
class Places:
    zones: dict[str, str] = field(default_factory=dict)  # id or number → "zona 2 «AMT Ovest»"
    comuni: dict[str, str] = field(default_factory=dict)  # ISTAT code → name

    @classmethod
    def of(cls, plan: Plan) -> Places:
        zones: dict[str, str] = {}
        comuni: dict[str, str] = {}
        registry = plan.registry("zones")
        for zone in registry.zones if registry else []:
            label = _zone_label(zone.number, zone.name)
            zones[zone.id] = label
            if zone.number is not None:
                zones.setdefault(str(zone.number), label)
            for member in zone.comuni:
                if member.istat:
                    comuni.setdefault(member.istat, member.name)
        listed = plan.registry("comuni")
        for comune in listed.comuni if listed else []:
            comuni[comune.istat] = comune.name  # the full list has the last word on a name
        return cls(zones, comuni)

    def zone(self, key: str) -> str:
        """A zone by the key the files use: its id or its number."""
        return self.zones.get(key, f"zona {key}")

    def comuni_named(self, codes: Sequence[str]) -> list[str]:
        """Each comune as «name (ISTAT code)», in the order of the files."""
        return [f"{self.comuni[c]} ({c})" if c in self.comuni else c for c in codes]

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
                         + ", ".join(self.comuni[c] for c in scope.comuni))
        elif scope.comuni:
            parts.append(counted(len(scope.comuni), "comune", "comuni"))
        return "; ".join(parts)

    def _named(self, codes: Sequence[str]) -> bool:
        return 0 < len(codes) <= NAMED_COMUNI and all(c in self.comuni for c in codes)


def _zone_label(number: int | None, name: str) -> str:
    """`zona 2 «AMT Ovest»`; a zone without a number by its name, alone when the name says zona."""
    if number is not None:
        return f"zona {number} «{name}»"
    return name if name.lower().startswith("zona") else f"zona «{name}»"
