"""A deliberation of a council (the act that adopts, guides or updates an edition).

Its shape follows the acts the Consiglio metropolitano di Torino publishes
(e.g. DCM n. 23 of 10 May 2023): the sitting, who was there, the subject
(OGGETTO), the premises (*Premesso che*, *Dato atto che*, *Visti* …), the
numbered points of the *DELIBERA*, the vote and the signatures. Files live in
``editions/<id>/deliberations/<id>.yaml``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from psmctl.model.common import DIGITS, Date, Flag, Id, Model, Provenance

Count = Annotated[int, Field(ge=0, le=10_000), DIGITS]

PremiseKind = Literal[
    "premesso", "dato_atto", "considerato", "ritenuto", "visto", "visti",
    "richiamato", "acquisito", "other",
]

# How each kind of premise opens when the block gives no `label` of its own.
PREMISE_LABELS: dict[str, str] = {
    "premesso": "Premesso che",
    "dato_atto": "Dato atto che",
    "considerato": "Considerato che",
    "ritenuto": "Ritenuto che",
    "visto": "Visto",
    "visti": "Visti",
    "richiamato": "Richiamato",
    "acquisito": "Acquisito",
    "other": "",
}


class Person(Model):
    name: str = Field(min_length=1)
    role: str | None = None


class BulletList(Model):
    """A bulleted list inside a premise (the lists of the official text)."""

    items: list[str] = Field(min_length=1)


# A plain string is a paragraph; a mapping `items: [...]` is a list.
Paragraph = str | BulletList


class Premise(Model):
    """One block of premises: the opening words, then paragraphs and lists in order.

    With `text`, the block opens inline ("Considerato che è necessario …");
    without it, the opening stands alone followed by a colon ("Premesso che:").
    """

    heading: PremiseKind
    label: str | None = None
    text: str | None = None
    content: list[Paragraph] = Field(default_factory=list)


class VoteGroup(Model):
    count: Count
    names: list[str] = Field(default_factory=list)


class Vote(Model):
    """The vote as the act records it. A count the sources do not give stays unknown (a blank), never 0."""

    mode: str | None = None
    present: Count | None = None
    voting: Count | None = None
    in_favour: VoteGroup | None = None
    against: VoteGroup | None = None
    abstaining: VoteGroup | None = None
    outcome: str | None = None


class Participants(Model):
    """People attending without a vote (the spokespeople of the zone omogenee)."""

    label: str = Field(min_length=1)
    names: list[str] = Field(default_factory=list)


class Signatory(Model):
    role: str = Field(min_length=1)
    name: str = Field(min_length=1)
    statement: str | None = None
    digitally_signed: Flag = False


class AnnexRef(Model):
    title: str = Field(min_length=1)
    edition: Id | None = None


class Deliberation(Provenance):
    kind: Literal["deliberation"]
    id: Id
    role: Literal["adoption", "guidelines", "update", "other"]
    organ: str = Field(min_length=1)
    body: str | None = None
    session: str | None = None
    date: Date | None = None
    time: str | None = None
    place: str | None = None
    notice_date: Date | None = None
    presidency: Person | None = None
    secretary: Person | None = None
    present: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)
    participants: list[Participants] = Field(default_factory=list)
    number: str | None = None
    subject: str | None = Field(default=None, min_length=1)  # unknown: printed as a blank to fill in
    premises: list[Premise] = Field(default_factory=list)
    decisions: list[str] = Field(default_factory=list)
    proceedings: list[str] = Field(default_factory=list)
    vote: Vote | None = None
    immediate_execution: Flag = False
    closing: str | None = None
    signatories: list[Signatory] = Field(default_factory=list)
    annex: AnnexRef | None = None
