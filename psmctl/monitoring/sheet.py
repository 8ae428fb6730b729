"""The yearly monitoring sheet: `export --for-monitoring` and `import --as-of DATE`.

The planning unit sends the offices one row per action: the latest round's
values (read-only, for reference) and the same values again in the columns to
fill, so an office changes only what changed. Importing the sheet writes a NEW
round file, `editions/<id>/monitoring/<as_of>.yaml`; it never touches an
existing round, and refuses — writing nothing — when a round with that date
exists, when the previous round changed since the export, or when any row or
the plan with the new round would be invalid (the checks of `validate`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from psmctl.exchange.sheetio import Sheet
from psmctl.exchange.table import FINGERPRINT, fingerprint, normalise
from psmctl.loading.tree import EditionTree, Plan
from psmctl.monitoring.model import ActionState, FundingLine
from psmctl.monitoring.rollup import MONEY
from psmctl.monitoring.rounds import Dated, rounds_of, states_at

SHEET = "monitoring"
IDENTITY = ("id", "edition", "code", "title", "previous_round")
PREVIOUS = ("previous_status", "previous_progress", "previous_note")
EDITABLE = ("status", "progress", "note", "evidence")
READ_ONLY = ("edition", "code", "title", *PREVIOUS)  # besides id, previous_round and fingerprint


@dataclass
class RoundImport:
    rel: str = ""
    text: str = ""
    actions: int = 0
    problems: list[str] = field(default_factory=list)


def _latest(tree: EditionTree) -> tuple[str, str]:
    """The latest round's date and the fingerprint of its file ("" and "" before any round)."""
    pairs = rounds_of(tree)
    if not pairs:
        return "", ""
    file, model = pairs[-1]
    return model.as_of.isoformat(), fingerprint(file.doc.text.encode("utf-8"))


def _lines(tree: EditionTree, states: dict[str, Dated]) -> int:
    return max((len(d.state.funding) for d in states.values() if d.state), default=0)


def sheet_header(lines: int) -> list[str]:
    money = [f"line{n}_{m}" for n in range(1, lines + 1) for m in ("key", *MONEY)]
    return [*IDENTITY, *PREVIOUS, *EDITABLE, *money, FINGERPRINT]


def column_types(header: list[str]) -> dict[str, str]:
    """How the spreadsheet stores each column: numbers for progress and amounts, text otherwise."""
    return {h: "int" if h.endswith("progress") else "decimal" if h.split("_")[-1] in MONEY else "text"
            for h in header}


def read_only(name: str) -> bool:
    """A column the offices must not edit: import refuses a changed cell."""
    return name in ("id", "previous_round", FINGERPRINT, *READ_ONLY) or (name.startswith("line")
                                                                           and name.endswith("_key"))


def shade_read_only(workbook: bytes) -> bytes:
    """The XLSX with the read-only columns' headers greyed, as the plan sheets show theirs."""
    import io

    from openpyxl import load_workbook
    from openpyxl.styles import PatternFill

    book = load_workbook(io.BytesIO(workbook))
    grey = PatternFill("solid", fgColor="DDDDDD")
    for cell in book[SHEET][1]:
        if read_only(str(cell.value)):
            cell.fill = grey
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_rows(tree: EditionTree) -> tuple[list[str], list[list[str]]]:
    """The monitoring sheet of `tree`: header and one row per action."""
    latest, print_ = _latest(tree)
    states = states_at(tree, dt.date.fromisoformat(latest) if latest else None)
    lines = _lines(tree, states)
    rows = []
    for action in tree.actions:
        state = states[action.id].state
        shown = [_text(state.status if state else None), _text(state.progress if state else None),
                 _text(state.note if state else None)]
        row = [action.id, tree.id, tree.full_code(action), action.title, latest, *shown, *shown,
               " ".join(state.evidence) if state else ""]
        for n in range(lines):
            line = state.funding[n] if state and n < len(state.funding) else None
            amounts = list(line.triad().values()) if line else [None] * len(MONEY)
            row.extend([line.key(n) if line else "", *(_text(a.amount if a else None) for a in amounts)])
        rows.append([*row, print_])
    return sheet_header(lines), rows


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def import_round(plan: Plan, sheets: list[Sheet], as_of: dt.date, edition: str) -> RoundImport:
    """The new round's file and text, or every reason to refuse it."""
    result = RoundImport()
    tree = plan.editions[edition]
    sheet = next((s for s in sheets if s.name == SHEET), None)
    if sheet is None:
        result.problems.append(f"no sheet {SHEET!r}: import --as-of reads the sheet of `export --for-monitoring`")
        return result
    result.rel = f"editions/{edition}/monitoring/{as_of.isoformat()}.yaml"
    if any(f.rel == result.rel for f in tree.rounds) or result.rel in plan.broken:
        result.problems.append(f"{result.rel} exists: a round is never overwritten; choose another --as-of")
        return result
    latest, print_ = _latest(tree)
    if latest and as_of.isoformat() <= latest:
        result.problems.append(f"--as-of {as_of} is not after the latest round ({latest})")
        return result
    states = states_at(tree, dt.date.fromisoformat(latest) if latest else None)
    actions = _read_rows(sheet, tree, states, latest, print_, as_of, result)
    if not result.problems:
        result.text, result.actions = round_text(as_of, actions), len(actions)
    return result


def _read_rows(sheet: Sheet, tree: EditionTree, states: dict[str, Dated], latest: str, print_: str,
               as_of: dt.date, result: RoundImport) -> dict[str, dict[str, Any]]:
    missing = [h for h in ("id", "previous_round", "status", FINGERPRINT) if h not in sheet.header]
    if missing:
        result.problems.append(f"sheet {SHEET!r}, row 1: missing column(s) {', '.join(missing)}")
        return {}
    header, rows = export_rows(tree)
    exported = {row[0]: dict(zip(header, row)) for row in rows}
    actions: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for number, cells in sheet.rows:
        row = dict(zip(sheet.header, cells))
        where = sheet.where(number)
        ident = _cell(row, "id")
        if _row_problem(row, ident, seen, exported, latest, print_, where, result):
            continue
        seen.add(ident)
        if _cell(row, "status"):
            state = _state(row, states[ident], as_of, where, result)
            if state is not None:
                actions[ident] = state
    return actions


def _row_problem(row: dict[str, Any], ident: str, seen: set[str], exported: dict[str, dict[str, str]],
                 latest: str, print_: str, where: str, result: RoundImport) -> bool:
    """Whether the row is refused: unknown or repeated id, a stale export, an edited read-only cell."""
    if ident not in exported:
        result.problems.append(f"{where}: unknown action id {ident!r}")
    elif ident in seen:
        result.problems.append(f"{where}: a second row for {ident!r}")
    elif _cell(row, "previous_round") != latest or _cell(row, FINGERPRINT) != print_:
        result.problems.append(f"{where}: the rounds changed since the export (latest now {latest or 'none'}); "
                               "export the sheet again")
    else:
        fixed = [name for name in row if read_only(name) and name not in ("id", "previous_round", FINGERPRINT)]
        edited = [name for name in fixed if _cell(row, name) != exported[ident].get(name, "")]
        if not edited:
            return False
        result.problems.append(f"{where}: read-only column(s) {', '.join(edited)} edited; they show the plan "
                               "and the latest round: change those in the YAML files")
    return True


def _cell(row: dict[str, Any], name: str, kind: str = "text") -> str:
    return normalise(row.get(name), kind)


def _state(row: dict[str, Any], previous: Dated, as_of: dt.date, where: str,
           result: RoundImport) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = {"status": _cell(row, "status")}
        if _cell(row, "progress", "int"):
            data["progress"] = _cell(row, "progress", "int")
        if _cell(row, "note"):
            data["note"] = _cell(row, "note")
        if _cell(row, "evidence"):
            data["evidence"] = _cell(row, "evidence").split()
        lines = _funding(row, previous.state.funding if previous.state else [], as_of)
        if lines:
            data["funding"] = lines
        ActionState.model_validate(data)
    except (ValueError, ValidationError) as exc:
        message = "; ".join(e["msg"] for e in exc.errors()) if isinstance(exc, ValidationError) else str(exc)
        result.problems.append(f"{where}: {message}")
        return None
    return data


def _funding(row: dict[str, Any], before: list[FundingLine], as_of: dt.date) -> list[dict[str, Any]]:
    """The previous round's lines with the amounts of the sheet; a changed amount is dated `as_of`."""
    lines = []
    for n, line in enumerate(before, start=1):
        data = line.model_dump(exclude_none=True, exclude_defaults=True, mode="json", exclude=set(MONEY))
        for name, old in line.triad().items():
            text = _cell(row, f"line{n}_{name}", "decimal")
            if not text:
                continue
            amount = Decimal(text)
            same = old is not None and old.amount == amount
            kept = {"date": str(old.date)} if old is not None and same and old.date else {}
            data[name] = {"amount": str(amount), **kept} if same else {"amount": str(amount), "date": as_of.isoformat()}
        lines.append(data)
    return lines


def _quoted(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _amount(value: dict[str, str]) -> str:
    # digits and an ISO date: plain scalars the loader reads back as written
    return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"


def round_text(as_of: dt.date, actions: dict[str, dict[str, Any]]) -> str:
    """The round as YAML: every text quoted as JSON (valid YAML), keys in a fixed order."""
    out = ["# Round di monitoraggio scritto da `psmctl import --as-of` dal foglio di monitoraggio",
           "kind: monitoring", f"as_of: {as_of.isoformat()}", "actions:" if actions else "actions: {}"]
    for ident, state in actions.items():
        out.append(f"  {ident}:")
        out.append(f"    status: {state['status']}")  # a checked literal
        if "progress" in state:
            out.append(f"    progress: {int(state['progress'])}")
        for key in ("note", "evidence"):
            if key in state:
                out.append(f"    {key}: {_quoted(state[key])}")
        if state.get("funding"):
            out.append("    funding:")
            for line in state["funding"]:
                items = [f"{k}: {_amount(v) if k in MONEY else _quoted(v)}" for k, v in line.items()]
                out.append("      - " + "\n        ".join(items))
    return "\n".join(out) + "\n"
