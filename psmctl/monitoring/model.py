"""A monitoring round: the state of every action at one date (`as_of`).

One file per round, ``editions/<id>/monitoring/<as_of>.yaml``, keyed by the
actions' stable ids. A new round is a new file, so last year's round stays
byte-identical next to this year's, and a git diff of a round touches only the
actions that changed (each action is one small block under its own id).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from psmctl.model.common import DECIMAL_DIGITS, Date, Model, Percent, PnrrCode, Provenance, WebAddress, _pattern
from psmctl.model.edition import Act
from psmctl.model.elements import FundingSource, Status

Cup = Annotated[str, _pattern(
    r"^[A-Z]\d{2}[A-Z]\d{11}$",
    "a CUP has 15 characters: a capital letter, two digits, a capital letter and eleven digits "
    "(the year of generation and a progressive), e.g. J11B21000000001")]
"""Codice Unico di Progetto, the key of national public-investment open data (OpenCoesione, ReGiS)."""

Euro = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2), DECIMAL_DIGITS]



def _amount_shorthand(value: Any) -> Any:
    # `paid: 120000` is the common case; the mapping form carries the date.
    return {"amount": value} if isinstance(value, (str, int, float, Decimal)) else value


class Amount(Model):
    """An amount in EUR and the date it was recorded at."""

    amount: Euro
    date: Date | None = None


AmountField = Annotated[Amount, BeforeValidator(_amount_shorthand)]


class FundingLine(Provenance):
    """The financial state of one funding line: the Italian triad allocated ≥ committed ≥ paid."""

    cup: Cup | None = None
    source: FundingSource | None = None
    pnrr: PnrrCode | None = None
    programme: str | None = None
    allocated: AmountField | None = None  # stanziato / assegnato
    committed: AmountField | None = None  # impegnato
    paid: AmountField | None = None  # pagato

    def triad(self) -> dict[str, Amount | None]:
        """The three amounts by name, in the order money moves (psmctl.monitoring.rollup.MONEY)."""
        return {"allocated": self.allocated, "committed": self.committed, "paid": self.paid}

    def key(self, position: int) -> str:
        """How a line is matched between rounds: its CUP, else source and programme, else its place."""
        if self.cup:
            return self.cup
        if self.source or self.programme:
            return " / ".join(part for part in (self.source, self.programme) if part)
        return f"#{position + 1}"


class ActionState(Model):
    """What one round says about one action."""

    status: Status
    progress: Percent | None = None
    note: str | None = None
    evidence: list[WebAddress] = Field(default_factory=list)
    funding: list[FundingLine] = Field(default_factory=list)


class Round(Provenance):
    """``kind: monitoring`` — one dated round of the stato di attuazione."""

    kind: Literal["monitoring"]
    as_of: Date
    title: str | None = None
    approved_by: Act | None = None  # the act that approved the round, when there is one
    # Keys are checked against the edition's action ids (psmctl.monitoring.checks), which locates a
    # misspelt key at the key itself and suggests the id meant.
    actions: dict[str, ActionState] = Field(default_factory=dict)
