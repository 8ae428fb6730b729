"""The revision report ("relazione di aggiornamento"): a *tabella di raffronto* per axis.

This module builds the context of the `revision` document kind from a
DiffReport; the template (`revision.md.j2`, overridable with --templates)
and the shared document pipeline do the rest, in every format. Texts stay
data: the template escapes every piece with `md`.

Honesty rules the context encodes: an element missing from an edition whose
files are incomplete is "non presente nei file", never "soppresso"; two
editorial paraphrases are not word-diffed as if the official text had
changed; a paraphrased title is a "titolo redazionale", never a new name;
inferred matches are marked and counted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psmctl.diffing.changes import KINDS, LEVELS, Change
from psmctl.diffing.classes import value_change
from psmctl.diffing.fields import FieldChange
from psmctl.diffing.report import DiffReport, SideInfo, by_axis
from psmctl.model.grammar import Gender
from psmctl.rendering.context import COMPETENCE, FUNDING, ROLES, status_words
from psmctl.rendering.document import Rendered
from psmctl.rendering.filters import it_amount
from psmctl.rendering.names import Names

KIND_ROWS = {
    "added": "Elementi aggiunti", "removed": "Elementi soppressi", "split": "Scissioni",
    "merged": "Accorpamenti", "moved": "Spostamenti", "renamed": "Ridenominazioni",
    "renumbered": "Rinumerazioni", "reordered": "Cambi di posizione", "modified": "Modifiche di contenuto",
    "unchanged": "Invariati",
}
KIND_WORDS = {
    "added": "nuovo elemento", "removed": "elemento soppresso", "split": "scissione", "merged": "accorpamento",
    "moved": "spostamento", "renamed": "nuova denominazione", "renumbered": "nuova numerazione",
    "reordered": "nuova posizione nell'ordine del piano", "modified": "contenuto modificato",
}
FIELD_LABELS = {
    "status": "stato di attuazione", "progress": "avanzamento (%)", "funding": "finanziamenti",
    "lead_body": "soggetto attuatore", "partners": "partner", "scope.whole_territory": "intero territorio",
    "scope.zones": "zone omogenee", "scope.comuni": "comuni", "timeline.start": "avvio",
    "timeline.end": "conclusione", "indicators": "indicatori", "amsvs": "missioni AMSvS", "sdg": "SDG",
    "dup": "obiettivi DUP", "competence": "competenza", "cm_role": "ruolo della CM",
    "pnrr_missions": "missioni PNRR", "pnrr_point_name": "missione PNRR corrispondente",
    "subtitle": "sottotitolo",
}
# Shown in the cells themselves (title, summary, description) or as kinds (code, parent);
# short_name is an internal tag of the files, not a text of the act.
IN_CELLS = frozenset({"title", "summary", "description", "code", "parent", "short_name"})


def field_value(name: str, value: Any, gender: Gender, names: Names) -> str:
    """A field's value in the words the annex prints, never the files' internal keys (`own`, `planned`,
    a body's or an indicator's id, a comune's ISTAT code alone); status words agree with an action
    level of `gender` (a progetto is «concluso», an azione «conclusa»)."""
    if value is None or value == []:
        return "—"
    named = names.field_values(name, value)
    if named is not None:
        return ", ".join(named)
    words = status_words(gender) if name == "status" else {"competence": COMPETENCE, "cm_role": ROLES}.get(name, {})
    if name == "funding":
        return "; ".join(_funding(line) for line in value)
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, list):
        return ", ".join(words.get(str(v), str(v)) for v in value)
    return words.get(str(value), str(value))


def _funding(line: dict[str, Any]) -> str:
    source = str(line.get("source", ""))
    parts = [FUNDING.get(source, source), line.get("pnrr") or line.get("programme") or ""]
    if line.get("amount") is not None:
        parts.append(it_amount(line["amount"]))
    if line.get("year"):
        parts.append(f"({line['year']})")
    return " ".join(p for p in parts if p)


def _side(info: SideInfo) -> dict[str, Any]:
    return {"edition": info.edition, "title": info.title, "incomplete": info.incomplete,
            # a folder or a git revision is worth naming; an edition of the plan's own tree is not
            "source": info.source if info.spec != info.edition else None,
            "declared": {lv: info.declared.get(lv) for lv in LEVELS}, "encoded": dict(info.encoded)}


def _parts(text: str | None, change: FieldChange | None, side: str, paraphrased: bool) -> list[list[str]]:
    """A text as [op, words] parts: "=" kept, "-" removed (old side), "+" added (new side)."""
    if not text:
        return []
    if change is None or not change.words or paraphrased:
        return [["=", " ".join(text.split())]]
    keep = "-" if side == "old" else "+"
    return [[op, words] for op, words in change.words if op in ("=", keep)]


def _paraphrased(ref: Any, info: SideInfo) -> frozenset[str]:
    texts = info.texts.get(ref.id) if ref is not None else None
    return texts.paraphrased if texts else frozenset()


def _cell(change: Change, side: str, report: DiffReport) -> dict[str, Any] | None:
    ref, other = (change.old, change.new) if side == "old" else (change.new, change.old)
    info, other_info = (report.old, report.new) if side == "old" else (report.new, report.old)
    if ref is None:
        return None
    texts = info.texts.get(ref.id)
    fields = {f.field: f for f in change.fields}
    mine = _paraphrased(ref, info)
    # a paraphrase on either side: the difference says nothing about the official text
    undiffed = mine | _paraphrased(other, other_info)
    out: dict[str, Any] = {"code": ref.code, "name": ref.name, "uncertain": bool(texts and texts.uncertain),
                           "title_paraphrase": "title" in mine,
                           "title": _parts(ref.title, fields.get("title"), side, "title" in undiffed)}
    for name in ("summary", "description"):
        out[name] = _parts(getattr(texts, name) if texts else None, fields.get(name), side, name in undiffed)
        out[f"{name}_paraphrase"] = name in mine
    return out


class _Words:
    """How one report names kinds, given whether each edition's files are complete."""

    def __init__(self, report: DiffReport) -> None:
        self.report = report

    def kind(self, change: Change, kind: str) -> str:
        if kind == "removed" and self.report.new.incomplete:
            return f"non presente nei file dell'edizione {self.report.new.edition}"
        if kind == "added" and self.report.old.incomplete:
            return f"non presente nei file dell'edizione {self.report.old.edition}"
        if kind == "renamed" and self._paraphrased_title(change):
            return "titolo redazionale"
        return KIND_WORDS[kind]

    def _paraphrased_title(self, change: Change) -> bool:
        return ("title" in _paraphrased(change.old, self.report.old)
                or "title" in _paraphrased(change.new, self.report.new))

    def row_label(self, kind: str) -> str:
        if kind == "removed" and self.report.new.incomplete:
            return f"Non presenti nei file dell'edizione {self.report.new.edition}"
        if kind == "added" and self.report.old.incomplete:
            return f"Aggiunti o non presenti nei file dell'edizione {self.report.old.edition}"
        return KIND_ROWS[kind]


def _how(change: Change) -> str | None:
    if change.doubt == "similarity":
        return f"per somiglianza dei testi (punteggio {change.score or 0:g} su 100), da verificare"
    if change.doubt == "uncertain":
        return "da un collegamento che i file segnano come incerto, da verificare"
    return None


def _field_line(field: FieldChange, report: DiffReport) -> str:
    # A value the files of an incomplete edition do not hold is not encoded, not removed (like elements).
    def shown(value: Any, side: SideInfo) -> str:
        if value is None and side.incomplete:
            return "non presente nei file"
        return field_value(field.field, value, report.level_noun("action").gender, side.names)

    classified = value_change(field, report)
    if classified is not None:
        return classified.phrase()
    return (f"{FIELD_LABELS.get(field.field, field.field)}: {shown(field.old, report.old)} → "
            f"{shown(field.new, report.new)}")


def _row(change: Change, report: DiffReport, words: _Words) -> dict[str, Any]:
    level = report.new.labels.get(change.level, report.old.labels.get(change.level, (change.level, "")))[0]
    what = "; ".join(words.kind(change, k) for k in change.kinds)
    if change.group:
        what += ("; in " if change.kind == "split" else "; da ") + ", ".join(change.group)
    others = [_field_line(f, report) for f in change.fields if f.field not in IN_CELLS]
    return {"level": level, "what": what[:1].upper() + what[1:], "inferred": _how(change), "fields": others,
            "old": _cell(change, "old", report), "new": _cell(change, "new", report)}


def _per_axis(report: DiffReport) -> list[dict[str, Any]]:
    rows = []
    for code, title, group in by_axis(report.selected):
        counts = {kind: sum(1 for c in group if kind in c.kinds) for kind in ("added", "removed")}
        changed = sum(1 for c in group if c.kind not in ("added", "removed", "unchanged"))
        rows.append({"code": code, "title": title, "added": counts["added"], "removed": counts["removed"],
                     "changed": changed, "unchanged": sum(1 for c in group if c.kind == "unchanged"),
                     "inferred": sum(1 for c in group if c.doubt)})
    return rows


def _axes(report: DiffReport, words: _Words) -> list[dict[str, Any]]:
    axes = []
    for code, title, group in by_axis(report.selected):
        shown = [c for c in group if c.kind != "unchanged"]
        unchanged = [c for c in group if c.kind == "unchanged"]
        same = [{"level": report.new.labels.get(lv, (lv, lv))[1], "codes": [c.new.name for c in unchanged
                                                                            if c.level == lv and c.new]}
                for lv in LEVELS]
        axes.append({"code": code, "name": code or f"«{title}»", "title": title, "rows": [_row(c, report, words) for c in shown],
                     "unchanged": [s for s in same if s["codes"]]})
    return axes


def revision_context(report: DiffReport) -> dict[str, Any]:
    words = _Words(report)
    counts = report.counts
    levels = _levels(report)
    kinds = [lv["kind"] for lv in levels]
    renumbered = [f"{c.old.code} → {c.new.code}" for c in report.selected
                  if "renumbered" in c.kinds and c.old and c.new]
    axes = _axes(report, words)
    cells = [cell for axis in axes for row in axis["rows"] for cell in (row["old"], row["new"]) if cell]
    marks = {"paraphrase": any(c["title_paraphrase"] or c["summary_paraphrase"] or c["description_paraphrase"]
                               for c in cells),
             "uncertain": any(c["uncertain"] for c in cells)}
    body = report.new.body or report.old.body
    return {
        "body": body, "marks": marks, "date": report.new.date or report.old.date,
        "institution": {"body": body, "plan_name": report.new.plan_name or report.old.plan_name,
                        "letterhead": report.new.letterhead or report.old.letterhead},
        "old": _side(report.old), "new": _side(report.new), "threshold": report.threshold,
        "levels": levels,
        # a plan numbered by codes never reorders without renumbering: the row is printed where it happened
        "kinds": [{"label": words.row_label(k), "counts": [counts[lv][k] for lv in kinds]} for k in KINDS
                  if k != "reordered" or any(counts[lv][k] for lv in kinds)],
        "inferred": [sum(1 for c in report.selected if c.level == lv and c.doubt) for lv in kinds],
        "per_axis": _per_axis(report), "axes": axes, "renumbered": renumbered,
        "any_change": bool(report.shown), "filters": report.filters,
    }


def _levels(report: DiffReport) -> list[dict[str, str]]:
    """The levels either edition has, named as the newer names them: a two-level plan gets two columns."""
    return [{"kind": lv, **report.level_noun(lv).forms()} for lv in report.levels]


def render_revision(report: DiffReport, templates: Path | None = None) -> Rendered:
    from psmctl.rendering.document import render_kind

    return render_kind("revision", revision_context(report), templates)


def render_markdown(report: DiffReport, templates: Path | None = None) -> str:
    return render_revision(report, templates).markdown
