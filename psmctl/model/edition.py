"""An edition (one three-year plan), its chapters, and the project file."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from psmctl.model.common import Date, Flag, Id, Model, PartialDate, Provenance, WebAddress


class Level(Model):
    """How an edition names one level: asse/assi, piattaforma/piattaforme, ambito/ambiti."""

    kind: Literal["axis", "strategy", "action"]
    singular: str = Field(min_length=1)
    plural: str = Field(min_length=1)


TORINO_LEVELS = [
    Level(kind="axis", singular="asse", plural="assi"),
    Level(kind="strategy", singular="strategia", plural="strategie"),
    Level(kind="action", singular="azione", plural="azioni"),
]


class Period(Model):
    start: Annotated[int, Field(ge=1990, le=2100)]
    end: Annotated[int, Field(ge=1990, le=2100)]


class Act(Provenance):
    """A formal act: the deliberation adopting the plan, an opinion, a decree."""

    organ: str = Field(min_length=1)
    number: str | None = None
    date: Date | None = None
    title: str | None = None


class Milestone(Provenance):
    """A dated step of the plan's process (guidelines, listening events, opinions)."""

    date: PartialDate
    event: str = Field(min_length=1)
    organ: str | None = None


class DeclaredCounts(Provenance):
    """What the official text says the plan contains ("24 strategie e 111 azioni")."""

    axes: Annotated[int, Field(ge=0)] | None = None
    strategies: Annotated[int, Field(ge=0)] | None = None
    actions: Annotated[int, Field(ge=0)] | None = None


class Edition(Provenance):
    kind: Literal["edition"]
    id: Id
    title: str = Field(min_length=1)
    subtitle: str | None = None
    period: Period
    status: Literal["draft", "proposed", "adopted", "superseded"]
    adoption: Act | None = None
    milestones: list[Milestone] = Field(default_factory=list)
    levels: list[Level] = Field(default_factory=lambda: list(TORINO_LEVELS))
    numbering: Literal["hierarchical", "per_parent", "free"] = "hierarchical"
    declared_counts: DeclaredCounts | None = None
    predecessor: Id | None = None
    vision: str | None = None
    incomplete: Flag = False
    coverage_note: str | None = None
    # Texts of this edition's elements that are editorial paraphrases of the
    # official act, not its words; an element may say otherwise per field.
    paraphrased_texts: list[Literal["summary", "description"]] = Field(default_factory=list)


class Chapter(Provenance):
    """Front matter of a narrative chapter (vision, process, governance, monitoring)."""

    kind: Literal["chapter"] = "chapter"
    title: str = Field(min_length=1)
    order: Annotated[int, Field(ge=0)] = 100
    role: Literal["vision", "context", "process", "governance", "monitoring", "other"] = "other"


class Project(Provenance):
    """``plan.yaml`` at the root of a plan tree: who the plan belongs to."""

    kind: Literal["project"]
    body: str = Field(min_length=1)
    short_name: str | None = None
    istat_code: str | None = None
    default_edition: Id | None = None
    website: WebAddress | None = None
