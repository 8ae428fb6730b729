"""Every fixture case: its plan validates to exactly the findings in expected.txt.

Cases live in tests/fixtures/plans/{valid,invalid}/<case>/: files laid over the
base plan, an optional remove.txt, and expected.txt in the parsable format.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from psmctl.cli import app
from tests.conftest import FIXTURES, build_case

CASES = sorted(p for group in ("valid", "invalid") for p in (FIXTURES / group).iterdir() if p.is_dir())


def run_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    root = build_case(case, tmp_path / "plan")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["validate", ".", "--format", "parsable", "--verbose"])
    return result.exit_code, result.output


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_fixture_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run_case(case, tmp_path, monkeypatch)
    expected = (case / "expected.txt").read_text("utf-8")
    assert output == expected
    assert code == (0 if case.parent.name == "valid" else 1)
