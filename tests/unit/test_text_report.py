"""The text report: the lines rich styles on a terminal, written without rich anywhere else."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from psmctl.diagnostics import Diagnostic, Severity
from psmctl.report import text
from psmctl.validate import validate_path
from tests.conftest import FIXTURES, REPO, build_case

CASES = sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.glob("*/*") if p.is_dir())


def both(report: object, verbose: bool) -> tuple[str, str]:
    """(written without rich, written by rich to a stream that is not a terminal)."""
    plain, by_rich = io.StringIO(), io.StringIO()
    text.write_text(report, plain, verbose)  # type: ignore[arg-type]
    text._write_styled(text._lines(report, verbose), by_rich)  # type: ignore[arg-type]
    return plain.getvalue(), by_rich.getvalue()


@pytest.mark.parametrize("verbose", [False, True])
@pytest.mark.parametrize("case", CASES)
def test_every_fixture_report_is_what_rich_writes(tmp_path: Path, case: str, verbose: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TTY_COMPATIBLE", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    _, report = validate_path(build_case(FIXTURES / case, tmp_path / "plan"))
    plain, by_rich = both(report, verbose)
    assert plain == by_rich and plain.splitlines()[-1][:2] in ("✓ ", "✗ ")


def test_odd_text_is_what_rich_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    _, report = validate_path(REPO / "plan")
    odd = "tab\there, bell\a, cr\r, wide 漢字, combining e\u0301, emoji :smile: [bold]markup[/bold] \u200b end"
    report.diagnostics.append(Diagnostic(file=odd, line=1, column=2, severity=Severity.ERROR, code="x", message=odd,
                                         path=odd, hint=odd))
    plain, by_rich = both(report, True)
    assert plain == by_rich and ":smile:" in plain and "[bold]" in plain


@pytest.mark.parametrize(("environment", "terminal", "expected"), [
    ({}, False, False), ({}, True, True), ({"FORCE_COLOR": "1"}, False, True), ({"FORCE_COLOR": ""}, True, False),
    ({"TTY_COMPATIBLE": "1"}, False, True), ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, True, False),
])
def test_styles_where_rich_would(monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], terminal: bool,
                                 expected: bool) -> None:
    from rich.console import Console

    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return terminal

    for name in ("TTY_COMPATIBLE", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert text.styled(Stream()) is expected is Console(file=Stream()).is_terminal


def test_validate_into_a_pipe_imports_no_rich(base_plan: Path) -> None:
    probe = ("import sys; from psmctl.cli import quick; code = quick.run(['validate', sys.argv[1]]); "
             "sys.stderr.write(repr((code, sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))))")
    child = subprocess.run([sys.executable, "-c", probe, str(base_plan)], capture_output=True, timeout=180)
    assert eval(child.stderr.decode("utf-8").splitlines()[-1]) == (0, [])  # noqa: S307 - the probe's own repr
    assert b"0 errors" in child.stdout
