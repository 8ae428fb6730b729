"""`psmctl diff --monitoring`: the changes between two dates as text, Markdown or JSON."""

from __future__ import annotations

import json
from typing import Any, Callable

from psmctl.model.grammar import Noun, agree
from psmctl.monitoring.changes import RoundChanges
from psmctl.monitoring.labels import MONEY_LABELS, class_label, line_label, status_label
from psmctl.rendering.filters import it_amount, it_date, md


def _lines(changes: RoundChanges, action: Noun, cell: Callable[[Any], str]) -> dict[str, list[str]]:
    """Each section's lines, the words shared by text and Markdown, in the action level's words
    («Nuovi progetti in ritardo»); `cell` escapes plan text."""
    def who(item: dict[str, Any]) -> str:
        return f"{cell(item['code'])} {cell(item['title'])}"

    def money(value: Any) -> str:
        return it_amount(value) if value is not None else "—"

    return {
        "Cambi di stato": [f"{who(i)}: {status_label(i['old'], action.gender)} → "
                           f"{status_label(i['new'], action.gender)}" for i in changes.status],
        "Avanzamento": [f"{who(i)}: {_pct(i['old'])} → {_pct(i['new'])}" for i in changes.progress],
        f"{agree('nuovo', action.gender, True).capitalize()} {action.plural} in ritardo": [f"{who(i)}: termine {cell(i['end'])}" for i in changes.newly_overdue],
        "Movimenti finanziari": [f"{who(i)}, {cell(line_label(i['line']))}, {MONEY_LABELS[i['field']]}: "
                                 f"{money(i['old'])} → {money(i['new'])}" for i in changes.money],
        "Indicatori con classe cambiata": [f"{cell(i['name'])}: {class_label(i['old'])} → {class_label(i['new'])}"
                                           for i in changes.indicators],
    }


def _pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def _title(changes: RoundChanges) -> str:
    since = f"dal {it_date(changes.old)}" if changes.old else "dall'adozione"  # da + il, da + l'
    return f"Variazioni del monitoraggio {since} al {it_date(changes.new)}"


def as_text(changes: RoundChanges, action: Noun) -> str:
    out = [_title(changes), ""]
    for heading, lines in _lines(changes, action, str).items():
        out.append(f"{heading} ({len(lines)})")
        out.extend(f"  {line}" for line in lines)
        out.append("")
    if changes.empty:
        out.append("Nessuna variazione.")
    return "\n".join(out).rstrip("\n") + "\n"


def as_markdown(changes: RoundChanges, action: Noun) -> str:
    out = [f"# {_title(changes)}", ""]
    for heading, lines in _lines(changes, action, md).items():
        out.extend([f"## {heading} ({len(lines)})", ""])
        out.extend(f"- {line}" for line in lines or ["nessuna"])
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def as_json(changes: RoundChanges, action: Noun) -> str:  # keys and codes: no words to agree
    return json.dumps(changes.as_dict(), ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"


WRITERS: dict[str, Callable[[RoundChanges, Noun], str]] = {"text": as_text, "md": as_markdown, "json": as_json}
