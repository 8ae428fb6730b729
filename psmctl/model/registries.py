"""Registries shared by all editions: comuni, zones, PNRR, AMSvS, SDG, bodies, DUP, sources, classifications.

A registry may be partial (``complete: false``): then a reference it does not
know is a warning, not an error, because the registry rather than the plan may
be what is missing.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from psmctl.model.common import DIGITS, Code, Flag, Id, IstatCode, Model, PartialDate, Provenance, Sdg, WebAddress, WholeNumber
from psmctl.model.naming import Named


class Registry(Provenance):
    complete: Flag = True


class Comune(Provenance):
    name: str = Field(min_length=1)
    istat: IstatCode | None = None


class RegisteredComune(Provenance):
    """One comune of the Città metropolitana, as the national ISTAT list names it."""

    istat: IstatCode
    name: str = Field(min_length=1)


class ComuniRegistry(Registry):
    kind: Literal["comuni"]
    comuni: list[RegisteredComune]


class Zone(Provenance):
    id: str = Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]*$")
    number: WholeNumber | None = None
    name: str = Field(min_length=1)
    alt_names: list[str] = Field(default_factory=list)
    comuni: list[Comune] = Field(default_factory=list)
    # True when `comuni` is the zone's whole membership, not the members some source names.
    comuni_complete: Flag = False
    comuni_count: Annotated[int, Field(ge=0), DIGITS] | None = None
    comuni_count_year: WholeNumber | None = None
    population: Annotated[int, Field(ge=0), DIGITS] | None = None
    population_year: WholeNumber | None = None


class ZoneRegistry(Registry):
    kind: Literal["zones"]
    comuni_complete: Flag = False
    zones: list[Zone]


class PnrrComponent(Model):
    id: Annotated[str, Field(pattern=r"^M[1-7]C[1-4]$")]
    title: str


class PnrrMission(Model):
    id: Annotated[str, Field(pattern=r"^M[1-7]$")]
    title: str
    components: list[PnrrComponent] = Field(default_factory=list)


class PnrrMeasure(Provenance):
    id: str
    title: str
    alt_title: str | None = None
    programme: Literal["pnrr", "pnc"] = "pnrr"
    code_uncertain: Flag = False


class PnrrRegistry(Registry):
    kind: Literal["pnrr"]
    missions: list[PnrrMission]
    measures: list[PnrrMeasure] = Field(default_factory=list)


class AmsvsMission(Provenance):
    id: Annotated[str, Field(pattern=r"^[0-9]+(\.[0-9]+)*$")]
    title: str
    mas: str | None = None


class AmsvsGroup(Provenance):
    """A group of missions under one challenge, known by its size even when its missions are not."""

    order: Annotated[int, Field(ge=1), DIGITS]
    challenge: str = Field(min_length=1)
    mas: str | None = None
    missions_count: Annotated[int, Field(ge=0), DIGITS]
    areas_count: Annotated[int, Field(ge=0), DIGITS] | None = None  # aree di intervento


class AmsvsRegistry(Registry):
    kind: Literal["amsvs"]
    title: str
    declared_count: WholeNumber | None = None
    groups: list[AmsvsGroup] = Field(default_factory=list)
    missions: list[AmsvsMission] = Field(default_factory=list)


class SdgGoal(Model):
    id: Sdg
    title: str


class SdgRegistry(Registry):
    kind: Literal["sdg"]
    goals: list[SdgGoal]


class Body(Provenance):
    id: Id
    name: str = Field(min_length=1)
    type: Literal[
        "metropolitan_city", "municipality", "region", "state", "university",
        "research", "foundation", "company", "association", "other",
    ] | None = None


class BodyRegistry(Registry):
    kind: Literal["bodies"]
    bodies: list[Body] = Field(default_factory=list)


class DupDocument(Provenance):
    id: Id
    title: str
    period: str | None = None
    act: str | None = None


class DupObjective(Provenance):
    id: Id
    title: str
    level: Literal["strategic", "operational"] = "strategic"
    document: Id | None = None


class DupRegistry(Registry):
    kind: Literal["dup"]
    documents: list[DupDocument] = Field(default_factory=list)
    objectives: list[DupObjective] = Field(default_factory=list)


class Source(Model):
    """One entry of the plan's bibliography, printed as the documents' «Fonti»."""

    key: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: str = Field(min_length=1)  # as published, in its own language
    language: str = Field(default="it", pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")  # of the title
    author: str | None = None
    publisher: str | None = None
    date: PartialDate | None = None  # of publication
    url: WebAddress | None = None
    reference: str | None = None  # where there is no URL: "DCM n. 38/2023", a printed volume
    accessed: PartialDate | None = None
    kind: Literal["primary", "secondary"] = "primary"
    archived: Flag = False  # the URL is an archived copy, not the publisher's page
    supports: str | None = None  # short Italian note of what the source supports
    notes: str | None = None  # for maintainers only; never printed in a final document


class SourceRegistry(Registry):
    kind: Literal["sources"]
    # Here `sources` is the list of declared sources, not citations of this file.
    sources: list[Source] = Field(default_factory=list)  # type: ignore[assignment]


class DimensionValue(Provenance):
    """One value of a classification dimension: a pilastro, a driver."""

    id: Id
    code: Code | None = None  # as the plan prints it ("P2"), if it has one
    label: str = Field(min_length=1)
    description: str | None = None


class Dimension(Named, Provenance):
    """A cross-cutting way of classifying elements (pilastri, driver), named with its grammar.

    `levels` lists the levels (by kind) whose elements may be classified along
    it, all of them when empty; `multiple: false` allows one value per element.
    """

    id: Id
    description: str | None = None
    levels: list[Literal["axis", "strategy", "action"]] = Field(default_factory=list)
    multiple: Flag = True
    values: list[DimensionValue] = Field(default_factory=list)

    def applies_to(self, kind: str) -> bool:
        return not self.levels or kind in self.levels


class ClassificationRegistry(Registry):
    """registries/classifications.yaml: the dimensions a plan's elements are classified along."""

    kind: Literal["classifications"]
    dimensions: list[Dimension] = Field(default_factory=list)


# The registries that are the same for every plan, shipped with psmctl (psmctl/data/registries).
SHARED_REGISTRIES = ("sdg", "pnrr")

# Used by `psmctl schema` and by the loader's dispatch on `kind:`.
REGISTRY_MODELS: dict[str, type[Registry]] = {
    "comuni": ComuniRegistry,
    "zones": ZoneRegistry,
    "pnrr": PnrrRegistry,
    "amsvs": AmsvsRegistry,
    "sdg": SdgRegistry,
    "bodies": BodyRegistry,
    "dup": DupRegistry,
    "sources": SourceRegistry,
    "classifications": ClassificationRegistry,
}
