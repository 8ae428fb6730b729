"""`psmctl export` / `psmctl import`: the spreadsheet round-trip and its refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from psmctl.cli import app
from tests.conftest import write_files

runner = CliRunner()
CORRIDOI = "editions/2024-2026/actions/corridoi.yaml"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def export(plan: Path, target: Path, fmt: str = "xlsx") -> Path:
    result = runner.invoke(app, ["export", "--plan", str(plan), "-f", fmt, "-e", "2024-2026", "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


def run_import(plan: Path, sheet: Path, *extra: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["import", str(sheet), "--plan", str(plan), *extra])
    return result.exit_code, result.stdout, result.stderr


def set_cell(book_path: Path, sheet: str, ident: str, column: str, value: object) -> None:
    book = load_workbook(book_path)
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == ident:
            row[header.index(column)].value = value
    book.save(book_path)


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_unedited_export_imports_as_no_change(base_plan: Path, tmp_path: Path, fmt: str) -> None:
    before = snapshot(base_plan)
    sheet = export(base_plan, tmp_path / f"out.{fmt}", fmt)
    code, out, _ = run_import(base_plan, sheet)
    assert (code, out) == (0, "no changes\n")
    assert snapshot(base_plan) == before


def test_edited_progress_changes_that_value_in_one_file(base_plan: Path, tmp_path: Path) -> None:
    before = snapshot(base_plan)
    sheet = export(base_plan, tmp_path / "out.xlsx")
    set_cell(sheet, "actions", "corridoi", "progress", 65)
    code, out, err = run_import(base_plan, sheet)
    assert code == 0, err
    assert out.endswith("corridoi progress: 40 → 65\napplied 1 change(s) to 1 file(s)\n")
    after = snapshot(base_plan)
    changed = [rel for rel in before if before[rel] != after[rel]]
    assert changed == [CORRIDOI]
    old_lines, new_lines = before[CORRIDOI].decode().split("\n"), after[CORRIDOI].decode().split("\n")
    assert [(a, b) for a, b in zip(old_lines, new_lines) if a != b] == [("progress: 40", "progress: 65")]
    assert new_lines[0] == "# Un commento che resta"


def test_dry_run_shows_changes_and_writes_nothing(base_plan: Path, tmp_path: Path) -> None:
    before = snapshot(base_plan)
    sheet = export(base_plan, tmp_path / "out.xlsx")
    set_cell(sheet, "actions", "piani-urbani", "status", "in_progress")
    code, out, _ = run_import(base_plan, sheet, "--dry-run")
    assert code == 0
    assert "piani-urbani status: planned → in_progress" in out and "not written" in out
    assert snapshot(base_plan) == before


def test_new_key_goes_where_fmt_puts_it_and_new_series_year_is_added(base_plan: Path, tmp_path: Path) -> None:
    sheet = export(base_plan, tmp_path / "out.json", "json")
    document = json.loads(sheet.read_text("utf-8"))
    row = next(r for r in document["sheets"]["actions"] if r["id"] == "piani-urbani")
    row["progress"] = "10"
    sheet.write_text(json.dumps(document), "utf-8")
    code, _, err = run_import(base_plan, sheet)
    assert code == 0, err
    text = (base_plan / "editions/2024-2026/actions/piani-urbani.yaml").read_text("utf-8")
    assert "status: planned\nprogress: 10\n" in text
    assert runner.invoke(app, ["fmt", "--check", str(base_plan / "editions/2024-2026/actions")]).exit_code == 0


def refusal(base_plan: Path, tmp_path: Path, edit: object) -> str:
    """Export, apply `edit` to the workbook, import: must fail and touch nothing."""
    sheet = export(base_plan, tmp_path / "out.xlsx")
    edit(sheet)  # type: ignore[operator]
    before = snapshot(base_plan)
    code, out, err = run_import(base_plan, sheet)
    assert code == 1 and "no file was changed" in err
    assert "applied" not in out
    assert snapshot(base_plan) == before
    return err


def test_invalid_value_is_refused_with_sheet_row_column(base_plan: Path, tmp_path: Path) -> None:
    def edit(sheet: Path) -> None:
        set_cell(sheet, "actions", "piani-urbani", "progress", 50)  # valid alone...
        set_cell(sheet, "actions", "corridoi", "progress", 140)  # ...but one bad row refuses all

    err = refusal(base_plan, tmp_path, edit)
    assert "sheet 'actions', row 2, column H (progress): '140' is not valid: progress:" in err
    assert "less than or equal to 100" in err


def test_not_a_number_is_refused(base_plan: Path, tmp_path: Path) -> None:
    err = refusal(base_plan, tmp_path, lambda s: set_cell(s, "actions", "corridoi", "funding_1_amount", "molti"))
    assert "sheet 'actions', row 2, column L (funding_1_amount): 'molti' is not a number" in err


def test_unknown_id_is_refused(base_plan: Path, tmp_path: Path) -> None:
    err = refusal(base_plan, tmp_path, lambda s: set_cell(s, "actions", "corridoi", "id", "sconosciuta"))
    assert "sheet 'actions', row 2: unknown id 'sconosciuta'" in err


def test_duplicate_row_is_refused(base_plan: Path, tmp_path: Path) -> None:
    def edit(sheet: Path) -> None:
        book = load_workbook(sheet)
        ws = book["actions"]
        ws.append([c.value for c in ws[2]])
        book.save(sheet)

    err = refusal(base_plan, tmp_path, edit)
    assert "sheet 'actions', row 4: a second row for 'corridoi' (first at sheet 'actions', row 2)" in err


def test_stale_row_is_refused(base_plan: Path, tmp_path: Path) -> None:
    def edit(sheet: Path) -> None:
        set_cell(sheet, "actions", "corridoi", "progress", 50)
        path = base_plan / CORRIDOI
        path.write_text(path.read_text("utf-8") + "# modificato dopo l'esportazione\n", "utf-8")

    err = refusal(base_plan, tmp_path, edit)
    assert "sheet 'actions', row 2: " in err and "corridoi.yaml changed since the export" in err


def test_read_only_and_emptied_cells_are_refused(base_plan: Path, tmp_path: Path) -> None:
    def edit(sheet: Path) -> None:
        set_cell(sheet, "actions", "corridoi", "title", "Altro titolo")
        set_cell(sheet, "actions", "corridoi", "lead_body", None)

    err = refusal(base_plan, tmp_path, edit)
    assert "sheet 'actions', row 2, column F (title): read-only column edited" in err
    assert "sheet 'actions', row 2, column I (lead_body): the cell was emptied" in err


def test_change_that_breaks_a_reference_is_refused(base_plan: Path, tmp_path: Path) -> None:
    err = refusal(base_plan, tmp_path, lambda s: set_cell(s, "actions", "corridoi", "lead_body", "nessuno"))
    assert "lead_body" in err and "nessuno" in err


def test_not_an_export_is_a_usage_error(base_plan: Path, tmp_path: Path) -> None:
    write_files(tmp_path, {"x.json": "{}"})
    code, _, err = run_import(base_plan, tmp_path / "x.json")
    assert code == 2 and "not a psmctl export" in err


def test_level_csv_from_open_data_imports(base_plan: Path, tmp_path: Path) -> None:
    folder = export(base_plan, tmp_path / "od", "csv")
    table = folder / "actions.csv"
    table.write_text(table.read_text("utf-8").replace("in_progress,40,", "in_progress,45,"), "utf-8")
    code, out, err = run_import(base_plan, table)
    assert code == 0, err
    assert "corridoi progress: 40 → 45" in out
    assert "progress: 45\n" in (base_plan / CORRIDOI).read_text("utf-8")


def test_indicator_sheet_adds_next_year_of_the_series(base_plan: Path, tmp_path: Path) -> None:
    sheet = export(base_plan, tmp_path / "out.xlsx")
    header = [c.value for c in load_workbook(sheet)["indicators"][1]]
    assert header[6:] == ["baseline_year", "baseline_value", "target_year", "target_value",
                          "value_2022", "value_2023", "value_2024", "full_code", "order", "fingerprint"]
    set_cell(sheet, "indicators", "superficie-verde", "value_2024", 26.3)
    code, out, err = run_import(base_plan, sheet)
    assert code == 0, err
    assert "superficie-verde value_2024: (none) → 26.3" in out
    text = (base_plan / "editions/2024-2026/indicators/superficie-verde.yaml").read_text("utf-8")
    assert text.endswith("  - {year: 2023, value: 25.9, source: ISTAT}\n  - year: 2024\n    value: 26.3\n")


def test_semicolon_csv_saved_by_an_italian_spreadsheet_imports(base_plan: Path, tmp_path: Path) -> None:
    import csv

    folder = export(base_plan, tmp_path / "od", "csv")
    with (folder / "actions.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table[1][table[0].index("progress")] = "50"
    with (tmp_path / "azioni.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(table)
    (tmp_path / "actions.csv").write_bytes((tmp_path / "azioni.csv").read_bytes())
    code, out, err = run_import(base_plan, tmp_path / "actions.csv")
    assert code == 0, err
    assert "corridoi progress: 40 → 50" in out


SUPERFICIE = "editions/2024-2026/indicators/superficie-verde.yaml"


def test_a_revised_series_value_keeps_the_previous_one_under_revisions(base_plan: Path, tmp_path: Path) -> None:
    indicator = base_plan / SUPERFICIE
    indicator.write_text(indicator.read_text("utf-8") + "  - year: 2024   # dato provvisorio\n    value: 26.10\n"
                         "    source: ISTAT\n    notes: stima provvisoria\n", "utf-8")
    before = snapshot(base_plan)
    sheet = export(base_plan, tmp_path / "out.xlsx")
    set_cell(sheet, "indicators", "superficie-verde", "value_2023", 26.0)
    set_cell(sheet, "indicators", "superficie-verde", "value_2024", 26.4)
    code, out, err = run_import(base_plan, sheet)
    assert code == 0, err
    assert "superficie-verde value_2024: 26.10 → 26.4 (the previous value is kept under revisions:)" in out
    head = before[SUPERFICIE].decode("utf-8").split("  - {year: 2023")[0]
    assert indicator.read_text("utf-8") == head + (
        "  - {year: 2023, value: 26, source: ISTAT, revisions: [{value: 25.9, source: ISTAT}]}\n"
        "  - year: 2024   # dato provvisorio\n"
        "    value: 26.4\n"
        "    source: ISTAT\n"
        "    revisions:\n"
        "      - {value: 26.10, source: ISTAT, notes: stima provvisoria}\n")
    after = snapshot(base_plan)
    assert {rel for rel in after if after[rel] != before[rel]} == {SUPERFICIE}
    assert runner.invoke(app, ["validate", str(base_plan)]).exit_code == 0


def test_a_second_revision_goes_first_and_an_unchanged_value_gets_none(base_plan: Path, tmp_path: Path) -> None:
    sheet = export(base_plan, tmp_path / "out.xlsx")
    set_cell(sheet, "indicators", "superficie-verde", "value_2023", 26.0)
    assert run_import(base_plan, sheet)[0] == 0
    sheet = export(base_plan, tmp_path / "again.xlsx")
    set_cell(sheet, "indicators", "superficie-verde", "value_2023", "26.2")
    set_cell(sheet, "indicators", "superficie-verde", "value_2022", "25.40")  # the same value, written otherwise
    code, out, err = run_import(base_plan, sheet)
    assert code == 0, err
    assert "value_2022" not in out
    lines = (base_plan / SUPERFICIE).read_text("utf-8").splitlines()
    assert lines[-2:] == ["  - {year: 2022, value: 25.4, source: ISTAT}",
                          "  - {year: 2023, value: 26.2, source: ISTAT, revisions: [{value: 26, source: ISTAT}, "
                          "{value: 25.9, source: ISTAT}]}"]


def test_a_dry_run_of_a_revised_value_writes_nothing(base_plan: Path, tmp_path: Path) -> None:
    before = snapshot(base_plan)
    sheet = export(base_plan, tmp_path / "out.xlsx")
    set_cell(sheet, "indicators", "superficie-verde", "value_2023", 26.0)
    code, out, _ = run_import(base_plan, sheet, "--dry-run")
    assert code == 0 and "kept under revisions" in out
    assert snapshot(base_plan) == before


def test_an_edited_full_code_is_refused_with_what_to_change_instead(base_plan: Path, tmp_path: Path) -> None:
    sheet = export(base_plan, tmp_path / "out.xlsx")
    set_cell(sheet, "actions", "corridoi", "full_code", "9.9.9")
    code, _, err = run_import(base_plan, sheet)
    assert code == 1
    assert "sheet 'actions', row 2, column M (full_code): full_code disagrees with the element's code and parent " \
           "(they give 1.1.1)" in err
    assert "change `code` or `parent` in" in err


def test_a_sheet_without_the_full_code_column_still_imports(base_plan: Path, tmp_path: Path) -> None:
    sheet = export(base_plan, tmp_path / "out.xlsx")
    book = load_workbook(sheet)
    header = [c.value for c in book["actions"][1]]
    book["actions"].delete_cols(header.index("full_code") + 1, 2)  # a sheet exported before full_code existed
    book.save(sheet)
    set_cell(sheet, "actions", "corridoi", "progress", 45)
    code, out, err = run_import(base_plan, sheet)
    assert code == 0, err
    assert "corridoi progress: 40 → 45" in out
