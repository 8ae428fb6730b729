"""Writing a workbook: every row is plain values, and the cost grows with the rows, not their square."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from psmctl.exchange.sheetio import write_xlsx


def test_every_row_of_a_long_sheet_keeps_formula_text_as_text() -> None:
    table = [[f"a{n}", f"=1+{n}"] for n in range(300)]
    sheet = load_workbook(io.BytesIO(write_xlsx({"actions": (["id", "title"], table)}, {"actions": {}})))["actions"]
    assert [(c.value, c.data_type) for c in sheet["B"][1:]] == [(f"=1+{n}", "s") for n in range(300)]


def test_rows_are_appended_without_scanning_the_sheet_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    scans: list[str] = []
    for name in ("max_row", "max_column"):  # each reads every cell of the sheet
        real = getattr(Worksheet, name)

        def counted(sheet: Worksheet, real: property = real, name: str = name) -> int:
            scans.append(name)
            return real.fget(sheet)  # type: ignore[misc,no-any-return]

        monkeypatch.setattr(Worksheet, name, property(counted))
    write_xlsx({"actions": (["id"], [[f"a{n}"] for n in range(500)])}, {"actions": {}})
    assert len(scans) < 50, scans[:5]  # a scan per appended row made a 10,000-action export quadratic
