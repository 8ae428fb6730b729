"""The three levels of a plan (asse › strategia › azione) and its indicators.

Each element lives in its own YAML file and names its parent by stable id; the
positional ``code`` (``2.1.3``) is checked against the parent's, never used as
identity. Plans with two levels (ambiti › progetti) use ``axis`` and ``action``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from psmctl.model.common import (
    DECIMAL_DIGITS,
    DIGITS,
    Code,
    DecimalNumber,
    Flag,
    Id,
    IstatCode,
    LineageList,
    Model,
    PartialDate,
    Percent,
    PnrrCode,
    Provenance,
    Sdg,
)

Kind = Literal["axis", "strategy", "action"]
Status = Literal["planned", "in_progress", "completed", "suspended", "cancelled"]
Competence = Literal["own", "others"]
Role = Literal["implementer", "director", "coordinator", "stimulus", "support"]
FundingSource = Literal[
    "pnrr", "pnc", "fesr", "fse", "fsc", "eu_other", "state", "region", "own", "private", "other"
]


class Element(Provenance):
    """What every level has: identity, position, text, lineage."""

    id: Id
    # Absent only where the edition numbers nothing (`numbering: none`); then
    # `order` places the element among its siblings (psmctl.loading.position).
    code: Code | None = None
    order: Annotated[int, Field(ge=1), DIGITS] | None = None
    title: str = Field(min_length=1)
    title_is_paraphrase: Flag = False
    summary: str | None = None
    # None: the edition's `paraphrased_texts` decides (see psmctl.model.provenance).
    summary_is_paraphrase: Flag | None = None
    description: str | None = None
    description_is_paraphrase: Flag | None = None
    continues: LineageList = Field(default_factory=list)
    supersedes: LineageList = Field(default_factory=list)
    amsvs: list[str] = Field(default_factory=list)
    sdg: list[Sdg] = Field(default_factory=list)
    # dimension id → value ids, from registries/classifications.yaml: {pilastro: [p2], driver: [d1, d3]}
    classifications: dict[Id, list[Id]] = Field(default_factory=dict)


class Axis(Element):
    kind: Literal["axis"]
    subtitle: str | None = None
    short_name: str | None = None
    # The PNRR-mission-style name the acts give as the axis's correspondence
    # ("Digitalizzazione, innovazione, competitività e cultura"), not its title.
    pnrr_point_name: str | None = None
    pnrr_missions: list[Annotated[str, Field(pattern=r"^M[1-7]$")]] = Field(default_factory=list)


class Strategy(Element):
    kind: Literal["strategy"]
    parent: Id
    dup: list[Id] = Field(default_factory=list)
    indicators: list[Id] = Field(default_factory=list)


class Scope(Model):
    """Where an action applies: the whole territory, or named zones and comuni."""

    whole_territory: Flag = False
    zones: list[str] = Field(default_factory=list)
    comuni: list[IstatCode] = Field(default_factory=list)


class Funding(Provenance):
    source: FundingSource
    pnrr: PnrrCode | None = None
    programme: str | None = None
    amount: Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2), DECIMAL_DIGITS] | None = None
    year: Annotated[int, Field(ge=1900, le=2100), DIGITS] | None = None


class Timeline(Model):
    start: PartialDate | None = None
    end: PartialDate | None = None


class Action(Element):
    kind: Literal["action"]
    parent: Id
    # In a three-level edition, the sources name the action's axis but not its
    # strategy: `parent` is then the axis, and this says so (counted, printed as unknown).
    strategy_unknown: Flag = False
    competence: Competence | None = None
    cm_role: list[Role] = Field(default_factory=list)
    lead_body: Id | None = None
    partners: list[Id] = Field(default_factory=list)
    scope: Scope | None = None
    funding: list[Funding] = Field(default_factory=list)
    dup: list[Id] = Field(default_factory=list)
    timeline: Timeline | None = None
    status: Status | None = None
    progress: Percent | None = None
    indicators: list[Id] = Field(default_factory=list)


class Point(Model):
    """A value of an indicator in a year: a baseline or a target."""

    year: Annotated[int, Field(ge=1900, le=2100), DIGITS]
    value: DecimalNumber
    source: str | None = Field(default=None, min_length=1)
    notes: str | None = None


class Revision(Model):
    """A value published earlier for the same year, kept when the figure is revised."""

    value: DecimalNumber
    source: str | None = Field(default=None, min_length=1)
    published: PartialDate | None = None
    notes: str | None = None


class Observation(Point):
    """A value observed in a year, with its source; `revisions` keeps what was published before."""

    revisions: list[Revision] = Field(default_factory=list)


class Indicator(Provenance):
    kind: Literal["indicator"]
    id: Id
    name: str = Field(min_length=1)
    type: Literal["context", "output", "result"] = "context"
    unit: str | None = None
    data_source: str | None = None
    territorial_level: Literal["comune", "zone", "metropolitan", "region", "country"] | None = None
    # Which way is better: up (positive), down (negative), or neither (neutral: trend only).
    polarity: Literal["positive", "negative", "neutral"] | None = None
    baseline: Point | None = None
    target: Point | None = None
    series: list[Observation] = Field(default_factory=list)


PlanElement = Axis | Strategy | Action


def parent_of(model: PlanElement) -> str | None:
    """The id of the element above `model`; an axis has none."""
    return None if isinstance(model, Axis) else model.parent
