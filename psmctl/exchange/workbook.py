"""Bounds on an XLSX workbook checked before openpyxl expands it (zip bombs, absurd dimensions).

An XLSX file is a zip archive: its entries declare their uncompressed size
(Python's zipfile never inflates an entry past what it declared), and each
worksheet may declare its extent (`<dimension ref="A1:XFD1048576"/>`), which
openpyxl trusts to pad rows. Both are read from the archive's index and the
first bytes of each sheet, so a hostile file is refused in milliseconds.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

MAX_ENTRIES = 10_000
# Cells a sheet may declare (rows × columns) and a workbook may hold: an export of 50,000
# actions has ~1,000,000. Without a declared extent, openpyxl took 51 s on the 15 million
# empty cells of a 100 KB file.
MAX_CELLS = 2_000_000
# Shared strings a workbook may hold: openpyxl loads them all before the first row, at about
# 10 µs and 100 bytes each (2.8 million, from a 130 KB file, took 21 s). An export of 50,000
# actions saved by a spreadsheet holds fewer than 400,000.
MAX_SHARED_STRINGS = 500_000
_CELL = re.compile(rb"<(?:\w{1,32}:)?c[\s/>]")
_SHARED_STRING = re.compile(rb"<(?:\w{1,32}:)?si[\s/>]")
_CHUNK = 1 << 20
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]+[0-9]+:)?([A-Z]+)([0-9]+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.decode("ascii"):
        number = number * 26 + ord(letter) - 64
    return number


def check_workbook(path: Path, max_bytes: int, max_rows: int, max_columns: int) -> None:
    """Refuse (SheetProblem) a workbook that would expand past the bounds; return if it is within them."""
    from psmctl.exchange.sheetio import SheetProblem

    hint = "import the .xlsx file that `psmctl export` wrote"
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            total = sum(entry.file_size for entry in entries)
            if len(entries) > MAX_ENTRIES or total > max_bytes:
                raise SheetProblem(f"{path}: the workbook expands to {total:,} bytes in {len(entries)} parts "
                                   f"(at most {max_bytes:,}); not an export of a plan", hint)
            for entry in entries:
                if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
                    with archive.open(entry) as part:
                        _check_dimension(path, entry.filename, part.read(4096), max_rows, max_columns)
            _check_counts(path, archive, entries)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise SheetProblem(f"{path}: not a readable XLSX workbook ({exc})", hint) from None


def _check_dimension(path: Path, part: str, head: bytes, max_rows: int, max_columns: int) -> None:
    from psmctl.exchange.sheetio import SheetProblem

    match = _DIMENSION.search(head)
    if match is None:
        return  # no declared extent: rows are counted while reading (sheetio._bounded)
    columns, rows = _column_number(match.group(1)), int(match.group(2))
    if rows > max_rows or columns > max_columns or rows * columns > MAX_CELLS:
        raise SheetProblem(f"{path}: {part} declares {rows:,} rows × {columns:,} columns "
                           f"(at most {max_rows:,} rows, {max_columns:,} columns, {MAX_CELLS:,} cells); "
                           "not an export of a plan",
                           "import the .xlsx file that `psmctl export` wrote")



def _check_counts(path: Path, archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Count cells (in the worksheets) and shared strings (in whichever part holds them) before openpyxl
    parses them: a small file can hold millions of either, each costing time and memory to load."""
    from psmctl.exchange.sheetio import SheetProblem

    sheets = [e for e in entries if e.filename.startswith("xl/worksheets/") and e.filename.endswith(".xml")]
    others = [e for e in entries if e not in sheets and e.filename.endswith(".xml")]
    for parts, tag, limit, what in ((sheets, _CELL, MAX_CELLS, "cells"),
                                    (others, _SHARED_STRING, MAX_SHARED_STRINGS, "shared strings")):
        if _more_than(archive, parts, tag, limit):
            raise SheetProblem(f"{path}: the workbook holds more than {limit:,} {what}; not an export of a plan",
                               "import the .xlsx file that `psmctl export` wrote")


def _more_than(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo], tag: re.Pattern[bytes], limit: int) -> bool:
    """Whether `parts` together hold more than `limit` matches of `tag`, streamed a megabyte at a time."""
    count = 0
    for entry in parts:
        with archive.open(entry) as part:
            tail = b""
            while chunk := part.read(_CHUNK):
                data = tail + chunk
                # a tag starting in the last bytes may be cut: it is counted with the next chunk
                cut = max(0, len(data) - 40)
                count += sum(1 for match in tag.finditer(data) if match.start() < cut)
                tail = data[cut:]
                if count > limit:
                    return True
            count += len(tag.findall(tail))
    return count > limit
