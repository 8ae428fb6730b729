"""Write and read the exchange sheets: XLSX (openpyxl), CSV, JSON.

Whatever the format, a sheet comes back as a `Sheet`: a name (the level), a
header and numbered rows of raw cells, so import checks every format alike and
names sheet, row and column the way the officer sees them.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from psmctl.errors import UsageError
from psmctl.exchange.table import FINGERPRINT, READ_ONLY

FORMAT_TAG = "psmctl-sheet"
READ_ONLY_NOTE = "read-only: identifies the element; edits here are refused"


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    spreadsheet: bool = True  # columns are letters (XLSX) or names (CSV, JSON)

    def where(self, row: int, column: int | None = None) -> str:
        text = f"sheet {self.name!r}, row {row}"
        if column is None:
            return text
        label = _letter(column) if self.spreadsheet else str(column + 1)
        return f"{text}, column {label} ({self.header[column]})"


class SheetProblem(UsageError):
    """A file that is not an exchange sheet at all."""


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _as_number(text: str) -> Any:
    # Numbers go in as numbers only when the spreadsheet will give the same value back.
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if number == number.to_integral_value() and "." not in text and abs(number) < 10**15:
        return int(number)
    as_float = float(number)
    return as_float if Decimal(repr(as_float)) == number else text


def write_xlsx(sheets: dict[str, tuple[list[str], list[list[str]]]], types: dict[str, dict[str, str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    book = Workbook(write_only=False)
    for default in list(book.worksheets):  # the empty sheet every new workbook starts with
        book.remove(default)
    grey = PatternFill("solid", fgColor="DDDDDD")
    for name, (header, table) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            if cell.value in READ_ONLY or cell.value == FINGERPRINT:
                cell.fill = grey
                cell.comment = Comment(READ_ONLY_NOTE, "psmctl")
        numeric = [types[name].get(h) in ("int", "decimal") for h in header]
        for row in table:
            sheet.append([_as_number(v) if is_num and v else (v if v else None)
                          for v, is_num in zip(row, numeric)])
            for cell in sheet[sheet.max_row]:
                # Plan text starting with "=" is text, never a formula the spreadsheet would run.
                if cell.data_type == "f":
                    cell.data_type = "s"
        sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_json(edition: str, sheets: dict[str, tuple[list[str], list[list[str]]]]) -> bytes:
    document = {"format": FORMAT_TAG, "version": 1, "edition": edition,
                "read_only": [*READ_ONLY, FINGERPRINT],
                "sheets": {name: [dict(zip(header, row)) for row in table]
                           for name, (header, table) in sheets.items()}}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_csv(header: list[str], table: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(table)
    return out.getvalue().encode("utf-8")


def read_sheets(path: Path) -> list[Sheet]:
    """The sheets of an exported file, whatever its format."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".json":
        return _read_json(path)
    if suffix == ".csv":
        return [_read_csv(path)]
    raise SheetProblem(f"{path}: import reads .xlsx, .csv or .json files")


def _read_xlsx(path: Path) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise SheetProblem(f"{path}: not a readable XLSX workbook ({type(exc).__name__})") from None
    sheets = []
    try:
        for ws in book.worksheets:
            values = list(ws.iter_rows(values_only=True))
            if not values:
                continue
            header = ["" if v is None else str(v).strip() for v in values[0]]
            body = [(number, list(row)) for number, row in enumerate(values[1:], start=2)
                    if any(v not in (None, "") for v in row)]
            sheets.append(Sheet(ws.title, header, body))
    finally:
        book.close()
    return sheets


def _read_json(path: Path) -> list[Sheet]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise SheetProblem(f"{path}: not a JSON file ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_TAG:
        raise SheetProblem(f"{path}: not a psmctl export (no \"format\": \"{FORMAT_TAG}\")")
    sheets = []
    for name, items in (document.get("sheets") or {}).items():
        header: list[str] = []
        for item in items if isinstance(items, list) else []:
            header.extend(k for k in (item if isinstance(item, dict) else {}) if k not in header)
        body = [(n, [item.get(h) if isinstance(item, dict) else None for h in header])
                for n, item in enumerate(items, start=1)]
        sheets.append(Sheet(name, header, body, spreadsheet=False))
    return sheets


def _read_csv(path: Path) -> Sheet:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SheetProblem(f"{path}: not UTF-8 text; save the CSV as UTF-8") from None
    first = text.split("\n", 1)[0]
    # Spreadsheets set to an Italian locale save CSV with ';' between fields.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not lines:
        raise SheetProblem(f"{path}: empty file")
    body = [(n, list(row)) for n, row in enumerate(lines[1:], start=2) if any(c.strip() for c in row)]
    return Sheet(path.stem, [h.strip() for h in lines[0]], body, spreadsheet=False)
