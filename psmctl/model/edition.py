"""An edition (one three-year plan), its chapters, and the project file."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from psmctl.model.common import DIGITS, Date, Flag, Id, Model, PartialDate, Provenance, WebAddress
from psmctl.model.naming import Named

# How an edition's elements are numbered (docs/plan-format.md, "Numbering"):
# hierarchical `2.1.3`; per_parent `3` under each parent; free `M1`, `A.2`;
# none: no codes at all, each element's `order` places it among its siblings.
Numbering = Literal["hierarchical", "per_parent", "free", "none"]


class Level(Named):
    """How an edition names one level: asse/assi, piattaforma/piattaforme, ambito/ambiti.

    `plural` and `gender` are derived from `singular` (psmctl.model.grammar)
    when not given; state them where the derivation is wrong.
    """

    kind: Literal["axis", "strategy", "action"]


TORINO_LEVELS = [
    Level(kind="axis", singular="asse", plural="assi"),
    Level(kind="strategy", singular="strategia", plural="strategie"),
    Level(kind="action", singular="azione", plural="azioni"),
]


class Period(Model):
    start: Annotated[int, Field(ge=1990, le=2100), DIGITS]
    end: Annotated[int, Field(ge=1990, le=2100), DIGITS]

    @model_validator(mode="after")
    def _in_order(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start}): write start first")
        return self


class Act(Provenance):
    """A formal act: the deliberation adopting the plan, an opinion, a decree."""

    organ: str = Field(min_length=1)
    number: str | None = None
    date: Date | None = None
    title: str | None = None
    url: WebAddress | None = None  # where the act is published (albo pretorio, the council's page); the site links it


class AdoptionStep(Provenance):
    """One step of the adoption (proposta → parere → adozione/approvazione …): each fact only if known."""

    organ: str = Field(min_length=1)
    step: Literal["proposta", "adozione", "parere", "approvazione", "presa_d_atto"] | None = None
    number: str | None = None
    date: PartialDate | None = None  # "2024-07" when only the month is known
    title: str | None = None
    vote: str | None = None  # as the act records it ("unanimità", "22 favorevoli, 3 contrari")


class Milestone(Provenance):
    """A dated step of the plan's process (guidelines, listening events, opinions)."""

    date: PartialDate
    event: str = Field(min_length=1)
    organ: str | None = None


class DeclaredCounts(Provenance):
    """What the official text says the plan contains ("24 strategie e 111 azioni")."""

    axes: Annotated[int, Field(ge=0), DIGITS] | None = None
    strategies: Annotated[int, Field(ge=0), DIGITS] | None = None
    actions: Annotated[int, Field(ge=0), DIGITS] | None = None


class Edition(Provenance):
    kind: Literal["edition"]
    id: Id
    title: str = Field(min_length=1)
    subtitle: str | None = None
    period: Period
    status: Literal["draft", "proposed", "adopted", "superseded"]
    adoption: Act | None = None
    adoption_steps: list[AdoptionStep] = Field(default_factory=list)
    legal_basis: str | None = None  # "L. 56/2014, art. 1 c. 44; Statuto, art. 7"
    horizon: Annotated[int, Field(ge=1990, le=2100), DIGITS] | None = None  # the year a long-range plan looks to
    milestones: list[Milestone] = Field(default_factory=list)
    levels: list[Level] = Field(default_factory=lambda: list(TORINO_LEVELS))
    numbering: Numbering = "hierarchical"
    declared_counts: DeclaredCounts | None = None
    predecessor: Id | None = None
    vision: str | None = None
    incomplete: Flag = False
    coverage_note: str | None = None
    # Texts of this edition's elements that are editorial paraphrases of the
    # official act, not its words; an element may say otherwise per field.
    paraphrased_texts: list[Literal["summary", "description", "chapters"]] = Field(default_factory=list)


class Chapter(Provenance):
    """Front matter of a narrative chapter (vision, process, governance, monitoring)."""

    kind: Literal["chapter"] = "chapter"
    title: str = Field(min_length=1)
    order: Annotated[int, Field(ge=0), DIGITS] = 100
    role: Literal["vision", "context", "process", "governance", "monitoring", "other"] = "other"
    # None: the edition's `paraphrased_texts` decides (see psmctl.model.provenance).
    text_is_paraphrase: Flag | None = None


PLAN_NAME = "Piano Strategico Metropolitano"
_NAME_FIELDS = re.compile(r"\{(\w*)\}")


def _edition_pattern(value: str) -> str:
    unknown = sorted(set(_NAME_FIELDS.findall(value)) - {"plan_name", "start", "end"})
    if unknown:
        raise ValueError(f"unknown placeholder {{{unknown[0]}}}: use {{plan_name}}, {{start}} and {{end}}")
    return value


class Project(Provenance):
    """``plan.yaml`` at the root of a plan tree: who the plan belongs to, and what the plan is called.

    `plan_name` is the plan's official name as its statute calls it ("Piano
    Strategico Metropolitano", "Piano Strategico Triennale del Territorio
    Metropolitano", "Piano Strategico 2030"); `edition_name` is how one edition
    is named on title pages and headers, from `{plan_name}`, `{start}`, `{end}`.
    """

    kind: Literal["project"]
    body: str = Field(min_length=1)
    short_name: str | None = None
    plan_name: str = Field(default=PLAN_NAME, min_length=1)
    edition_name: Annotated[str, AfterValidator(_edition_pattern)] = "{plan_name} {start}-{end}"
    letterhead: str | None = None  # a line under the body's name on title pages (department, office)
    istat_code: str | None = None
    default_edition: Id | None = None
    website: WebAddress | None = None
    # The public site (psmctl site): where it is published, for sitemap.xml, and the
    # links its footer must carry under AgID rules when the institution has them.
    site_url: WebAddress | None = None
    accessibility_url: WebAddress | None = None  # the «dichiarazione di accessibilità»
    transparency_url: WebAddress | None = None  # «Amministrazione trasparente»

    def name_of(self, start: int, end: int) -> str:
        """One edition's official name: "Piano Strategico Metropolitano 2024-2026"."""
        values = {"plan_name": self.plan_name, "start": str(start), "end": str(end)}
        return _NAME_FIELDS.sub(lambda m: values[m.group(1)], self.edition_name)
