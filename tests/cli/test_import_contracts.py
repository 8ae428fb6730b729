"""Malformed or hostile import files: a located refusal (exit 1 or 2), fast, and the plan untouched."""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile
from pathlib import Path

import pytest

from tests.cli.test_exchange import export, run_import, snapshot


def _refused(plan: Path, sheet: Path, message: str) -> str:
    before = snapshot(plan)
    started = time.process_time()  # CPU time: the machine may be busy with other work
    code, _, err = run_import(plan, sheet)
    assert time.process_time() - started < 5
    assert code in (1, 2), err
    assert message in err, err
    assert "internal error" not in err and "Traceback" not in err
    assert snapshot(plan) == before
    return err


def _json(plan: Path, tmp_path: Path) -> tuple[Path, dict[str, object]]:
    sheet = export(plan, tmp_path / "x.json", "json")
    return sheet, json.loads(sheet.read_text(encoding="utf-8"))


def test_deep_json_is_refused(base_plan: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "deep.json"
    sheet.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    _refused(base_plan, sheet, "nested too deeply")


def test_json_infinity_and_nan_are_refused(base_plan: Path, tmp_path: Path) -> None:
    sheet, document = _json(base_plan, tmp_path)
    text = json.dumps(document).replace('"progress": "40"', '"progress": Infinity')
    assert "Infinity" in text
    sheet.write_text(text, encoding="utf-8")
    _refused(base_plan, sheet, "Infinity is not a number JSON allows")


def test_duplicate_json_keys_are_refused(base_plan: Path, tmp_path: Path) -> None:
    sheet, document = _json(base_plan, tmp_path)
    text = json.dumps(document).replace('"progress": "40"', '"progress": "40", "progress": "90"')
    sheet.write_text(text, encoding="utf-8")
    _refused(base_plan, sheet, "key 'progress' appears twice")


@pytest.mark.parametrize("sheets", [[], {}, {"actions": "x"}, None])
def test_json_without_sheets_is_refused(base_plan: Path, tmp_path: Path, sheets: object) -> None:
    sheet, document = _json(base_plan, tmp_path)
    document["sheets"] = sheets
    sheet.write_text(json.dumps(document), encoding="utf-8")
    _refused(base_plan, sheet, '"sheets" must map each sheet name')


def test_a_json_syntax_error_is_located(base_plan: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.json"
    sheet.write_text('{\n  "format": "psmctl-sheet",\n  oops\n}\n', encoding="utf-8")
    _refused(base_plan, sheet, f"{sheet}:3:3: not valid JSON")


def test_a_column_deleted_from_every_row_is_refused_like_an_emptied_cell(base_plan: Path, tmp_path: Path) -> None:
    sheet, document = _json(base_plan, tmp_path)
    for row in document["sheets"]["actions"]:  # type: ignore[index]
        row.pop("progress")
    sheet.write_text(json.dumps(document), encoding="utf-8")
    _refused(base_plan, sheet, "column 'progress' is missing")


def _csv(plan: Path, tmp_path: Path) -> list[list[str]]:
    export(plan, tmp_path / "od", "csv")
    return list(csv.reader(io.StringIO((tmp_path / "od" / "actions.csv").read_text(encoding="utf-8"))))


def _write_csv(tmp_path: Path, rows: list[list[str]]) -> Path:
    target = tmp_path / "actions.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return target


def test_a_csv_row_longer_than_the_header_is_refused(base_plan: Path, tmp_path: Path) -> None:
    rows = _csv(base_plan, tmp_path)
    rows[1].append("fuori tabella")
    _refused(base_plan, _write_csv(tmp_path, rows), "more cells than the header has columns")


def test_a_huge_csv_field_is_a_located_refusal(base_plan: Path, tmp_path: Path) -> None:
    rows = _csv(base_plan, tmp_path)
    rows[2][5] = "x" * 200_000
    sheet = _write_csv(tmp_path, rows)
    _refused(base_plan, sheet, f"{sheet}:3: not a readable CSV row")


def test_an_emptied_csv_cell_is_refused(base_plan: Path, tmp_path: Path) -> None:
    rows = _csv(base_plan, tmp_path)
    rows[1][rows[0].index("progress")] = ""
    _refused(base_plan, _write_csv(tmp_path, rows), "the cell was emptied")


def _zip(target: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def _with_sheet(book: Path, target: Path, sheet_xml: bytes) -> Path:
    with zipfile.ZipFile(book) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    return _zip(target, parts)


def test_a_zip_bomb_workbook_is_refused_fast(base_plan: Path, tmp_path: Path) -> None:
    import resource

    book = export(base_plan, tmp_path / "x.xlsx")
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
    bomb = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' \
           b"<sheetData>" + row * 1_200_000 + b"</sheetData></worksheet>"
    target = _with_sheet(book, tmp_path / "bomb.xlsx", bomb)
    assert target.stat().st_size < 2_000_000 < len(bomb)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    _refused(base_plan, target, "expands to")
    assert time.process_time() - started < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 50_000  # KB


def test_a_workbook_claiming_the_last_cell_is_refused(base_plan: Path, tmp_path: Path) -> None:
    book = export(base_plan, tmp_path / "x.xlsx")
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c>'
             b"</row></sheetData></worksheet>")
    _refused(base_plan, _with_sheet(book, tmp_path / "huge.xlsx", sheet), "declares 1,048,576 rows")


def test_a_cell_far_away_without_a_dimension_is_refused(base_plan: Path, tmp_path: Path) -> None:
    book = export(base_plan, tmp_path / "x.xlsx")
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'
             b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
             b"</sheetData></worksheet>")
    _refused(base_plan, _with_sheet(book, tmp_path / "far.xlsx", sheet), "more than 100000 rows")


@pytest.mark.parametrize("sheet,message", [
    (b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"', "not a readable XLSX workbook"),
    (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
     b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="2"><c r=',
     "not a readable XLSX workbook"),
])
def test_corrupt_sheet_xml_is_a_located_refusal(base_plan: Path, tmp_path: Path, sheet: bytes, message: str) -> None:
    book = export(base_plan, tmp_path / "x.xlsx")
    _refused(base_plan, _with_sheet(book, tmp_path / "corrupt.xlsx", sheet), message)


def test_a_workbook_declaring_too_many_cells_is_refused(base_plan: Path, tmp_path: Path) -> None:
    book = export(base_plan, tmp_path / "x.xlsx")
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<dimension ref="A1:ALL99999"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c>'
             b"</row></sheetData></worksheet>")  # 1,000 columns × 99,999 rows: each bound alone is kept
    _refused(base_plan, _with_sheet(book, tmp_path / "wide.xlsx", sheet), "declares 99,999 rows × 1,000 columns")
