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
from psmctl.escaping import document_text, formula_like
from psmctl.exchange.table import FINGERPRINT, READ_ONLY

FORMAT_TAG = "psmctl-sheet"
READ_ONLY_NOTE = "read-only: identifies the element; edits here are refused"
# Bounds checked before a workbook is expanded: an export of the largest plan is far below them.
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
MAX_UNCOMPRESSED = 64_000_000  # bytes, all the workbook's parts together
MAX_FILE = 64_000_000  # bytes of a JSON or CSV file


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
        # Cells are reached by row and column: `sheet.max_row` and `sheet[row]` scan every cell
        # of the sheet, which made the export quadratic.
        for number, row in enumerate(table, start=2):
            # XML cannot hold control characters: a cell shows the text without them (validate reports them)
            values = [_as_number(v) if is_num and v else (document_text(v) if v else None)
                      for v, is_num in zip(row, numeric)]
            sheet.append(values)
            for cell in (sheet.cell(number, column) for column in range(1, len(values) + 1)):
                # Plan text starting with a formula sign is text, never a formula the spreadsheet would run.
                if isinstance(cell.value, str) and formula_like(cell.value):
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

    from psmctl.exchange.workbook import check_workbook

    check_workbook(path, MAX_UNCOMPRESSED, MAX_ROWS, MAX_COLUMNS)
    # Our own handle: openpyxl leaves its file open when it fails half-way through a bad workbook.
    with path.open("rb") as handle:
        try:
            book = load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise SheetProblem(f"{path}: not a readable XLSX workbook ({type(exc).__name__})",
                               "import the .xlsx file that `psmctl export` wrote, saved by a spreadsheet") from None
        try:
            return [sheet for ws in book.worksheets if (sheet := _worksheet(path, ws)) is not None]
        finally:
            book.close()


def _worksheet(path: Path, ws: Any) -> Sheet | None:
    """One sheet's rows, bounded: the declared size is not trusted (openpyxl would pad up to it)."""
    ws.reset_dimensions()
    values: list[tuple[Any, ...]] = []
    try:
        for row in ws.iter_rows(values_only=True):
            values.append(_bounded(path, ws.title, len(values) + 1, row))
    except SheetProblem:
        raise
    except Exception as exc:  # noqa: BLE001 - a corrupt sheet XML surfaces while iterating
        raise SheetProblem(f"{path}: sheet {ws.title!r}, row {len(values) + 1}: cannot be read "
                           f"({type(exc).__name__}: {exc})", "open and save the workbook again, or export again") from None
    if not values:
        return None
    header = ["" if v is None else str(v).strip() for v in values[0]]
    body = [(number, list(row)) for number, row in enumerate(values[1:], start=2)
            if any(v not in (None, "") for v in row)]
    return Sheet(ws.title, header, body)


def _bounded(path: Path, title: str, number: int, row: tuple[Any, ...]) -> tuple[Any, ...]:
    if number > MAX_ROWS or len(row) > MAX_COLUMNS:
        raise SheetProblem(f"{path}: sheet {title!r} has more than {MAX_ROWS} rows or {MAX_COLUMNS} columns "
                           f"(row {number}); not an export of a plan", "import the file `psmctl export` wrote")
    return row


def _read_text(path: Path, encoding: str) -> str:
    if path.stat().st_size > MAX_FILE:
        raise SheetProblem(f"{path}: larger than {MAX_FILE // 1_000_000} MB; not an export of a plan")
    try:
        return path.read_text(encoding=encoding)
    except UnicodeDecodeError as exc:
        raise SheetProblem(f"{path}: byte {exc.start} is not UTF-8 text", "save the file as UTF-8") from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    doubled = sorted({key for key in keys if keys.count(key) > 1})
    if doubled:
        raise ValueError(f"key {doubled[0]!r} appears twice in one object")
    return dict(pairs)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _read_json(path: Path) -> list[Sheet]:
    try:
        document = json.loads(_read_text(path, "utf-8"), object_pairs_hook=_no_duplicates,
                              parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise SheetProblem(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except ValueError as exc:
        raise SheetProblem(f"{path}: not a psmctl export: {exc}") from None
    except RecursionError:
        raise SheetProblem(f"{path}: nested too deeply to be a psmctl export") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_TAG:
        raise SheetProblem(f"{path}: not a psmctl export (no \"format\": \"{FORMAT_TAG}\")")
    tables = document.get("sheets")
    if not isinstance(tables, dict) or not tables or not all(isinstance(t, list) for t in tables.values()):
        raise SheetProblem(f"{path}: \"sheets\" must map each sheet name to its list of rows, and name one at least",
                           "import the file `psmctl export --format json` wrote")
    return [_json_sheet(path, name, items) for name, items in tables.items()]


def _json_sheet(path: Path, name: str, items: list[Any]) -> Sheet:
    header: list[str] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise SheetProblem(f"{path}: sheet {name!r}, row {number}: a row is an object of column: value")
        header.extend(k for k in item if k not in header)
    body = [(n, [item.get(h) for h in header]) for n, item in enumerate(items, start=1)]
    return Sheet(name, header, body, spreadsheet=False)


def _read_csv(path: Path) -> Sheet:
    text = _read_text(path, "utf-8-sig")
    first = text.split("\n", 1)[0]
    # Spreadsheets set to an Italian locale save CSV with ';' between fields.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error as exc:  # e.g. a field longer than the csv module's limit (131,072 characters)
        raise SheetProblem(f"{path}:{reader.line_num}: not a readable CSV row ({exc})",
                           "import the CSV file `psmctl export --format csv` wrote") from None
    if not lines:
        raise SheetProblem(f"{path}: empty file")
    body = [(n, list(row)) for n, row in enumerate(lines[1:], start=2) if any(c.strip() for c in row)]
    return Sheet(path.stem, [h.strip() for h in lines[0]], body, spreadsheet=False)
