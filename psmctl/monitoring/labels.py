"""Italian words for monitoring values: one table shared by the report, the diff and the charts."""

from __future__ import annotations

from psmctl.model.grammar import Gender, agree
from psmctl.monitoring.assessment import CLASSES
from psmctl.rendering.context import FUNDING, status_words


def status_labels(gender: Gender = "f", plural: bool = False) -> dict[str, str]:
    """Every status a roll-up counts, in words agreed with the action level («progetti conclusi»)."""
    return {**status_words(gender, plural), "unreported": agree("non rilevato", gender, plural)}


STATUS_LABELS: dict[str, str] = status_labels()
MONEY_LABELS = {"allocated": "stanziato", "committed": "impegnato", "paid": "pagato"}
SOURCE_LABELS = {**FUNDING, "unspecified": "fonte non indicata"}
NO_CLASS = "nessuna valutazione"


def status_label(status: str | None, gender: Gender = "f") -> str:
    return status_labels(gender).get(status or "unreported", str(status))


def class_label(klass: str | None) -> str:
    return CLASSES.get(klass, NO_CLASS) if klass else NO_CLASS


def line_label(key: str) -> str:
    """A funding line's key (psmctl.monitoring.model.FundingLine.key) in words: the source's Italian name."""
    head, _, rest = key.partition(" / ")
    return " / ".join(part for part in (SOURCE_LABELS.get(head, head), rest) if part)
