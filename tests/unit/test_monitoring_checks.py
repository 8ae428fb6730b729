"""Validation of monitoring rounds and indicator series: located findings."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_files

from psmctl.validate import validate_path

ROUNDS = "editions/2024-2026/monitoring"


def findings(root: Path) -> list[tuple[str, int, int, str, str]]:
    _, report = validate_path(root)
    return [(Path(d.file).name, d.line, d.column, d.code, d.severity.value) for d in report.diagnostics]


def test_unknown_id_paid_above_committed_and_bad_cup_are_located_errors(base_plan: Path) -> None:
    write_files(base_plan, {f"{ROUNDS}/2025-08-31.yaml": (
        "kind: monitoring\n"
        "as_of: 2025-08-31\n"
        "actions:\n"
        "  corridoi:\n"
        "    status: in_progress\n"
        "    progress: 50\n"
        "    funding:\n"
        "      - cup: J11B2100000000\n"
        "        allocated: 100\n"
        "  piani-urbani:\n"
        "    status: in_progress\n"
        "    funding:\n"
        "      - {allocated: 100, committed: 80, paid: 90}\n"
        "  corridoio:\n"
        "    status: planned\n")})
    found = findings(base_plan)
    assert ("2025-08-31.yaml", 8, 14, "invalid-value", "error") in found  # the CUP is one digit short
    _, report = validate_path(base_plan)
    cup = next(d for d in report.diagnostics if d.code == "invalid-value")
    assert cup.path == "actions.corridoi.funding[0].cup" and "15 characters" in cup.message


def test_round_checks_after_the_schema(base_plan: Path) -> None:
    write_files(base_plan, {f"{ROUNDS}/2025-08-31.yaml": (
        "kind: monitoring\n"
        "as_of: 2025-08-31\n"
        "actions:\n"
        "  piani-urbani:\n"
        "    status: in_progress\n"
        "    funding:\n"
        "      - {allocated: 100, committed: 80, paid: 90}\n"
        "      - {allocated: 100, committed: 120}\n"
        "  corridoio:\n"
        "    status: planned\n"
        "  corridoi:\n"
        "    status: completed\n"
        "    progress: 90\n")})
    found = findings(base_plan)
    assert ("2025-08-31.yaml", 7, 47, "funding-triad", "error") in found
    assert ("2025-08-31.yaml", 8, 37, "funding-triad", "error") in found
    assert ("2025-08-31.yaml", 9, 3, "unknown-action", "error") in found
    assert ("2025-08-31.yaml", 13, 15, "progress-status", "error") in found
    # the hint names the fields as the file does, with the Italian term beside it
    hints = {d.hint for d in validate_path(base_plan)[1].diagnostics if d.code == "funding-triad"}
    assert hints == {"the paid amount (pagato) cannot exceed the committed one: check both figures",
                     "the committed amount (impegnato) cannot exceed the allocated one: check both figures"}


def test_regressions_without_a_note_warn_and_a_note_silences_them(base_plan: Path) -> None:
    first = "kind: monitoring\nas_of: 2024-08-31\nactions:\n  corridoi: {status: completed, progress: 100}\n"
    second = "kind: monitoring\nas_of: 2025-08-31\nactions:\n  corridoi: {status: in_progress, progress: 60}\n"
    write_files(base_plan, {f"{ROUNDS}/2024-08-31.yaml": first, f"{ROUNDS}/2025-08-31.yaml": second})
    found = findings(base_plan)
    assert ("2025-08-31.yaml", 4, 45, "progress-backwards", "warning") in found
    assert ("2025-08-31.yaml", 4, 22, "status-regression", "warning") in found
    noted = second.replace("progress: 60}", "progress: 60, note: collaudo non superato}")
    write_files(base_plan, {f"{ROUNDS}/2025-08-31.yaml": noted})
    assert not [f for f in findings(base_plan) if f[3] in ("progress-backwards", "status-regression")]


def test_round_dates_and_file_names(base_plan: Path) -> None:
    write_files(base_plan, {f"{ROUNDS}/2023-08-31.yaml": "kind: monitoring\nas_of: 2023-08-31\n",
                            f"{ROUNDS}/ultimo.yaml": "kind: monitoring\nas_of: 2027-08-31\n",
                            f"{ROUNDS}/2027-08-31.yaml": "kind: monitoring\nas_of: 2027-08-31\n"})
    found = findings(base_plan)
    assert ("2023-08-31.yaml", 2, 8, "round-date", "error") in found
    assert ("2027-08-31.yaml", 2, 8, "round-date", "warning") in found
    assert ("ultimo.yaml", 2, 8, "round-file-name", "warning") in found
    assert ("ultimo.yaml", 2, 8, "duplicate-round", "error") in found


def test_indicator_duplicate_years_target_before_baseline_and_missing_source(base_plan: Path) -> None:
    write_files(base_plan, {"editions/2024-2026/indicators/superficie-verde.yaml": (
        "kind: indicator\n"
        "id: superficie-verde\n"
        "name: Verde\n"
        "baseline: {year: 2022, value: 25.4}\n"
        "target: {year: 2020, value: 28}\n"
        "series:\n"
        "  - {year: 2022, value: 25.4, source: ISTAT}\n"
        "  - {year: 2022, value: 25.9}\n")})
    found = findings(base_plan)
    assert ("superficie-verde.yaml", 5, 16, "target-before-baseline", "error") in found
    assert ("superficie-verde.yaml", 8, 12, "duplicate-year", "error") in found
    assert ("superficie-verde.yaml", 8, 5, "observation-source", "warning") in found


def test_the_synthetic_example_is_clean_and_canonical() -> None:
    from typer.testing import CliRunner

    from psmctl.cli import app

    root = Path(__file__).resolve().parents[2] / "examples" / "synthetic-plan"
    _, report = validate_path(root)
    assert report.diagnostics == []
    assert CliRunner().invoke(app, ["fmt", "--check", str(root)]).exit_code == 0
