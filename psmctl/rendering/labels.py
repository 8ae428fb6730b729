"""What a document says about itself: title, running header, author, subject, date.

Every format carries the same labels (DOCX core properties, ODT meta, PDF XMP,
HTML <head>), so an archivist sees the same document kind, edition and act
reference wherever the file ends up. The date always comes from the plan (the
act, else the edition's last recorded step), never from the clock, so a
re-render gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from psmctl.rendering.filters import it_date
from psmctl.rendering.quotes import it_quotes

BLANK = "____"


@dataclass(frozen=True)
class Labels:
    title: str  # document kind + edition + act reference
    header: str  # the running header: the act reference
    author: str  # the body that files the document
    subject: str
    date: dt.date | None  # from the plan; None only when the plan records no date at all

    @property
    def epoch(self) -> int | None:
        """The date as seconds since 1970 (UTC midnight), for SOURCE_DATE_EPOCH and Typst."""
        if self.date is None:
            return None
        return int(dt.datetime(self.date.year, self.date.month, self.date.day, tzinfo=dt.timezone.utc).timestamp())


def as_date(value: Any) -> dt.date | None:
    """A full or partial plan date (`2023-05-10`, `2023-05`, `2023`) as the first day it can mean."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    parts = [int(p) for p in str(value).split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def edition_date(edition: Any) -> Any:
    """The date an edition's documents carry: its adoption's, else its last recorded step's.

    An edition that records neither is dated by the year its period starts (a
    partial date, read as 1 January): PDF/A needs a date, and a date from the
    plan keeps re-renders identical where the clock would not.
    """
    if edition is None:
        return None
    if edition.adoption is not None and edition.adoption.date is not None:
        return edition.adoption.date
    dated = [m.date for m in [*edition.adoption_steps, *edition.milestones] if m.date]
    if dated:
        return max(dated, key=lambda d: as_date(d) or dt.date.min)
    return str(edition.period.start)


def act_reference(act: dict[str, Any]) -> str:
    """"deliberazione del Consiglio metropolitano n. 4 del 10 febbraio 2021", blanks where unknown."""
    return (f"deliberazione del {act['organ']} n. {act['number'] or BLANK} "
            f"del {it_date(act['date']) or BLANK}")


def edition_name(edition: dict[str, Any]) -> str:
    # quotes inside the title become “…” within the «…»
    return f"{edition['name']} " + it_quotes(f"«{edition['title']}»")


def annex_labels(context: dict[str, Any]) -> Labels:
    reference = act_reference(context["act"])
    header = f"Allegato alla {reference}"
    return Labels(f"{header} – {edition_name(context['edition'])}", header, context["body"],
                  f"Allegato: {edition_name(context['edition'])}", as_date(context["date"]))


def plan_labels(context: dict[str, Any]) -> Labels:
    edition = context["edition"]
    act = context["act"]
    adopted = f", {act_reference(act)}" if act["recorded"] else ""
    title = f"{edition_name(edition)} – documento di piano{adopted}"
    header = f"{context['body']} – {edition['name']}{adopted}"
    return Labels(title, header, context["body"], edition_name(edition), as_date(context["date"]))


def deliberation_labels(context: dict[str, Any]) -> Labels:
    d = context["deliberation"]
    reference = f"Deliberazione del {d['organ']} n. {d['number'] or BLANK} del {it_date(d['date']) or BLANK}"
    return Labels(reference, reference, context["body"], d["subject"] or BLANK, as_date(d["date"]))


def revision_labels(context: dict[str, Any]) -> Labels:
    old, new = context["old"], context["new"]
    plan_name = context["institution"]["plan_name"]
    title = (f"Relazione di aggiornamento del {plan_name}: raffronto tra l'edizione {old['edition']} "
             f"e l'edizione {new['edition']}")
    header = f"Relazione di aggiornamento – {plan_name} {old['edition']} → {new['edition']}"
    return Labels(title, header, context["body"], f"Tabella di raffronto: {new['title']}", as_date(context["date"]))
