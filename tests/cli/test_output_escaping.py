"""Plan text never forges a line or sends an escape sequence in validate's output, whatever the format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from psmctl.cli import app
from tests.conftest import write_files

STRATEGY = "editions/2024-2026/strategies/casa.yaml"
FORGED = "Abitare\\nplan.yaml:1:1: error fake-code forged\\e[2J\\u202e"
runner = CliRunner()


@pytest.fixture
def hostile(base_plan: Path) -> Path:
    # no summary: the recommended-field warning quotes the title
    write_files(base_plan, {STRATEGY: f'kind: strategy\nid: casa\ncode: "1.2"\nparent: asse-verde\ntitle: "{FORGED}"\n'})
    return base_plan


@pytest.mark.parametrize("fmt", ["parsable", "github", "text"])
def test_a_title_cannot_forge_a_finding_or_an_escape(hostile: Path, fmt: str) -> None:
    result = runner.invoke(app, ["validate", str(hostile), "-f", fmt, "--verbose"])
    assert result.exit_code == 1
    output = result.stdout
    assert "\x1b" not in output and "\u202e" not in output
    assert "fake-code" in output  # shown, as text
    lines = [line for line in output.splitlines() if "fake-code" in line]
    assert lines and all("forged" in line and "Abitare" in line for line in lines)
    if fmt == "parsable":
        assert not any(line.startswith("plan.yaml:1:1") for line in output.splitlines())


def test_json_keeps_the_text_exact(hostile: Path) -> None:
    result = runner.invoke(app, ["validate", str(hostile), "-f", "json"])
    messages = [d["message"] for d in json.loads(result.stdout)["diagnostics"]]
    assert any("\x1b[2J" in m for m in messages)  # JSON escapes it itself; a machine reads it back exactly


def test_render_refuses_and_says_so_on_one_line(hostile: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", "annex", "--plan", str(hostile), "-o", str(tmp_path / "a.docx")])
    assert result.exit_code == 1 and "\x1b" not in result.stderr
    assert not (tmp_path / "a.docx").exists()
