"""The yearly monitoring sheet: export --for-monitoring, import --as-of writes a new round."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.cli.test_exchange import run_import, set_cell
from typer.testing import CliRunner

from psmctl.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "synthetic-plan"
ROUNDS = "editions/2024-2026/monitoring"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "plan"))


def export(plan: Path, target: Path) -> Path:
    result = CliRunner().invoke(app, ["export", "--plan", str(plan), "--for-monitoring", "-f",
                                      target.suffix.lstrip("."), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


def snapshot(plan: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((plan / ROUNDS).iterdir())}


def test_an_edited_sheet_adds_a_round_and_leaves_the_others_byte_identical(plan: Path, tmp_path: Path) -> None:
    before = snapshot(plan)
    sheet = export(plan, tmp_path / "m.xlsx")
    set_cell(sheet, "monitoring", "linea-metro-2", "progress", 70)
    set_cell(sheet, "monitoring", "linea-metro-2", "note", 'Lotto 1 "aggiudicato": tratta nord')
    set_cell(sheet, "monitoring", "linea-metro-2", "line1_paid", 2600000)
    code, out, err = run_import(plan, sheet, "--as-of", "2026-12-31")
    assert code == 0, err
    assert "round 2026-12-31 with 8 actions" in out
    after = snapshot(plan)
    assert {k: v for k, v in after.items() if k in before} == before
    text = (plan / ROUNDS / "2026-12-31.yaml").read_text("utf-8")
    assert '    progress: 70\n    note: "Lotto 1 \\"aggiudicato\\": tratta nord"' in text
    assert "paid: {amount: 2600000, date: 2026-12-31}" in text  # a changed amount takes the round's date
    assert "committed: {amount: 3600000, date: 2026-03-01}" in text  # an unchanged one keeps its own
    result = CliRunner().invoke(app, ["validate", str(plan)])
    assert result.exit_code == 0 and "0 errors, 0 warnings" in result.output
    assert CliRunner().invoke(app, ["fmt", "--check", str(plan / ROUNDS)]).exit_code == 0  # written canonical
    # the round now exists: importing the same sheet again is refused, nothing written
    code, _, err = run_import(plan, sheet, "--as-of", "2026-12-31")
    assert code == 1 and "a round is never overwritten" in err
    assert snapshot(plan) == after


@pytest.mark.parametrize(("column", "value", "message"), [
    ("status", "finita", "Input should be 'planned', 'in_progress'"),
    ("progress", 140, "less than or equal to 100"),
    ("line1_paid", 9000000, "paid (EUR 9,000,000.00) exceeds committed"),
    ("id", "nessuna", "unknown action id 'nessuna'"),
    ("previous_progress", 10, "read-only column(s) previous_progress edited"),
    ("title", "Altro titolo", "read-only column(s) title edited"),
    ("line1_key", "J41E20000100009", "read-only column(s) line1_key edited"),
])
def test_a_bad_row_refuses_the_whole_sheet(plan: Path, tmp_path: Path, column: str, value: object,
                                           message: str) -> None:
    before = snapshot(plan)
    sheet = export(plan, tmp_path / "m.xlsx")
    set_cell(sheet, "monitoring", "linea-metro-2", column, value)
    code, _, err = run_import(plan, sheet, "--as-of", "2026-12-31")
    assert code == 1 and message in err and "no file was written" in err
    assert snapshot(plan) == before


def test_the_read_only_columns_are_greyed(plan: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    ws = load_workbook(export(plan, tmp_path / "m.xlsx"))["monitoring"]
    grey = {str(c.value) for c in ws[1] if c.fill.fgColor.rgb.endswith("DDDDDD")}
    assert {"id", "title", "previous_status", "previous_round", "line1_key", "fingerprint"} <= grey
    assert not grey & {"status", "progress", "note", "evidence", "line1_paid"}


def test_dates_not_after_the_latest_round_and_stale_sheets_are_refused(plan: Path, tmp_path: Path) -> None:
    sheet = export(plan, tmp_path / "m.csv")
    code, _, err = run_import(plan, sheet, "--as-of", "2026-05-31")
    assert code == 1 and "not after the latest round (2026-08-31)" in err
    assert run_import(plan, sheet, "--as-of", "31-12-2026")[0] == 2
    (plan / ROUNDS / "2026-10-31.yaml").write_text("kind: monitoring\nas_of: 2026-10-31\n", "utf-8")
    code, _, err = run_import(plan, sheet, "--as-of", "2026-12-31")
    assert code == 1 and "the rounds changed since the export" in err
    assert not (plan / ROUNDS / "2026-12-31.yaml").exists()
