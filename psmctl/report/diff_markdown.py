"""The revision report ("relazione di aggiornamento") in Italian Markdown.

`--format md` prints it; `docx` and `odt` convert it with the shared Pandoc
step. Plan text is data: every piece of it goes through `escape`, so a `|`
cannot break a pipe table and `*`, `[`, `<`, `@` cannot become markup.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from psmctl.diffing.changes import LEVELS, Change, Ref
from psmctl.diffing.fields import FieldChange
from psmctl.diffing.report import DiffReport, by_axis

KIND_ROWS = {
    "added": "Elementi aggiunti", "removed": "Elementi soppressi", "split": "Scissioni",
    "merged": "Accorpamenti", "moved": "Spostamenti", "renamed": "Ridenominazioni",
    "renumbered": "Rinumerazioni", "modified": "Modifiche di contenuto", "unchanged": "Invariati",
}
KIND_WORDS = {
    "added": "nuovo elemento", "removed": "elemento soppresso", "split": "scissione", "merged": "accorpamento",
    "moved": "spostamento", "renamed": "nuova denominazione", "renumbered": "nuova numerazione",
    "modified": "contenuto modificato",
}
FIELD_LABELS = {
    "title": "titolo", "code": "codice", "parent": "collocazione", "summary": "sintesi",
    "description": "descrizione", "subtitle": "sottotitolo", "short_name": "denominazione breve",
    "status": "stato di attuazione", "progress": "avanzamento (%)", "funding": "finanziamenti",
    "lead_body": "soggetto attuatore", "partners": "partner", "scope.whole_territory": "intero territorio",
    "scope.zones": "zone omogenee", "scope.comuni": "comuni", "timeline.start": "avvio",
    "timeline.end": "conclusione", "indicators": "indicatori", "amsvs": "missioni AMSvS", "sdg": "SDG",
    "dup": "obiettivi DUP", "competence": "competenza", "cm_role": "ruolo della CM",
    "pnrr_missions": "missioni PNRR", "pnrr_point_name": "missione PNRR corrispondente",
}
STATUS = {"planned": "programmata", "in_progress": "in corso", "completed": "conclusa",
          "suspended": "sospesa", "cancelled": "annullata"}
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$@&!])")


def escape(text: str) -> str:
    """Plan text as literal Markdown: one line, every markup character backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def euro(value: Any) -> str:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    whole, cents = f"{amount:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"


def _value(name: str, value: Any) -> str:
    if value is None or value == []:
        return "—"
    if name == "status":
        return STATUS.get(value, str(value))
    if name == "funding":
        return "; ".join(_funding(line) for line in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "sì" if value else "no"
    return str(value)


def _funding(line: dict[str, Any]) -> str:
    parts = [str(line.get("source", "")).upper(), line.get("pnrr") or line.get("programme") or ""]
    if line.get("amount") is not None:
        parts.append(euro(line["amount"]))
    if line.get("year"):
        parts.append(f"({line['year']})")
    return " ".join(p for p in parts if p)


def words_md(change: FieldChange) -> str:
    out = []
    for op, words in change.words:
        text = escape(words)
        out.append(text if op == "=" else f"~~{text}~~" if op == "-" else f"**{text}**")
    return " ".join(out)


def field_md(change: FieldChange) -> str:
    label = FIELD_LABELS.get(change.field, change.field)
    if change.words:
        return f"{label}: {words_md(change)}"
    return f"{label}: {escape(_value(change.field, change.old))} → {escape(_value(change.field, change.new))}"


def _cell(ref: Ref | None) -> str:
    return "—" if ref is None else f"{escape(ref.code)} {escape(ref.title)}"


def _how(change: Change) -> str:
    notes = {"similarity": f"corrispondenza per somiglianza dei testi (punteggio {change.score or 0:g}), da verificare",
             "uncertain": "corrispondenza dedotta (collegamento incerto), da verificare"}
    return notes.get(change.doubt or "", "")


def _kind_word(kind: str, change: Change) -> str:
    # A title the compiler wrote is not a new official name, whatever it replaced.
    if kind == "renamed" and change.new is not None and change.new.title_is_paraphrase:
        return "titolo redazionale"
    return KIND_WORDS[kind]


def what_changed(change: Change) -> str:
    parts = ["; ".join(_kind_word(k, change) for k in change.kinds)]
    if change.group:
        parts.append(("in " if change.kind == "split" else "da ") + ", ".join(escape(g) for g in change.group))
    if _how(change):
        parts.append(_how(change))
    parts += [field_md(f) for f in change.fields if f.field not in ("code", "parent")]
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _summary_table(report: DiffReport) -> list[str]:
    counts = report.counts
    plural = {lv: report.new.labels.get(lv, report.old.labels.get(lv, (lv, lv)))[1].capitalize() for lv in LEVELS}
    lines = ["| Variazione | " + " | ".join(plural[lv] for lv in LEVELS) + " |",
             "|---|" + "---:|" * len(LEVELS)]
    for kind, label in KIND_ROWS.items():
        lines.append(f"| {label} | " + " | ".join(str(counts[lv][kind]) for lv in LEVELS) + " |")
    return lines


def _heading(report: DiffReport) -> list[str]:
    old, new = report.old, report.new
    lines = ["# Relazione di aggiornamento del Piano Strategico Metropolitano", "",
             f"Raffronto tra l'edizione {escape(old.edition)} «{escape(old.title)}» ({escape(old.source)}) "
             f"e l'edizione {escape(new.edition)} «{escape(new.title)}» ({escape(new.source)}).", ""]
    for side in (old, new):
        if side.incomplete:
            lines += [f"L'edizione {escape(side.edition)} è codificata solo in parte: gli elementi indicati come "
                      "soppressi o aggiunti possono essere semplicemente assenti dai file.", ""]
    lines += ["Le corrispondenze dedotte (collegamenti incerti o somiglianza dei testi, con soglia "
              f"{report.threshold:g} su 100) sono indicate come tali e vanno verificate.", ""]
    return lines


def render_markdown(report: DiffReport) -> str:
    lines = _heading(report) + ["## Quadro riassuntivo", ""] + _summary_table(report) + [""]
    shown = report.shown
    if not shown:
        return "\n".join(lines + ["Nessuna variazione tra le due edizioni.", ""])
    old_head, new_head = f"PSM {escape(report.old.edition)}", f"PSM {escape(report.new.edition)}"
    for code, title, group in by_axis(shown):
        singular = report.new.labels.get("axis", ("asse", "assi"))[0].capitalize()
        lines += [f"## {singular} {escape(code)} {escape(title)}", "", "Tabella di raffronto", "",
                  f"| {old_head} | {new_head} | Variazioni |", "|---|---|---|"]
        lines += [f"| {_cell(c.old)} | {_cell(c.new)} | {what_changed(c)} |" for c in group]
        lines.append("")
    return "\n".join(lines)

