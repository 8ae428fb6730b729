"""Italian words for monitoring values: one table shared by the report, the diff and the charts."""

from __future__ import annotations

from psmctl.monitoring.assessment import CLASSES
from psmctl.rendering.context import FUNDING, STATUS

STATUS_LABELS = {**STATUS, "unreported": "non rilevata", None: "non rilevata"}
MONEY_LABELS = {"allocated": "stanziato", "committed": "impegnato", "paid": "pagato"}
SOURCE_LABELS = {**FUNDING, "unspecified": "fonte non indicata"}
CLASS_LABELS: dict[str | None, str] = {**CLASSES, None: "nessuna valutazione"}


def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status, str(status))
