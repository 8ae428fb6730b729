"""`psmctl validate` end to end: formats, exit codes, the shipped plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from psmctl.cli import app
from tests.conftest import REPO, write_files

runner = CliRunner()


def test_shipped_plan_is_valid_and_reports_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, ["validate", "plan", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["status"] == "ok" and report["summary"]["errors"] == 0
    editions = {e["id"]: e for e in report["summary"]["editions"]}
    levels = {k: {lv["kind"]: (lv["encoded"], lv["declared"]) for lv in e["levels"]} for k, e in editions.items()}
    assert levels["2021-2023"]["strategy"][1] == 24 and levels["2021-2023"]["action"][1] == 111
    assert levels["2024-2026"]["strategy"][1] == 25 and levels["2024-2026"]["action"][1] == 113
    assert editions["2018-2020"]["levels"][0]["label"] == "piattaforme"


def test_text_summary_names_declared_and_encoded(base_plan: Path) -> None:
    write_files(base_plan, {"editions/2024-2026/actions/terza.yaml":
                            "kind: action\nid: terza\ncode: '1.1.2'\nparent: rete-verde\ntitle: Terza\n"})
    result = runner.invoke(app, ["validate", str(base_plan), "--format", "text"])
    assert result.exit_code == 0, result.output
    assert "assi 1/1 · strategie 2/2 · azioni 3/2 (encoded/declared)" in result.output  # declared_counts: 2
    assert "strategie 1/? · azioni 1/?" in result.output  # 2021-2023 declares no counts


def test_json_contract(base_plan: Path) -> None:
    write_files(base_plan, {"editions/2024-2026/strategies/casa.yaml": "kind: strategy\nid: casa\n"})
    result = runner.invoke(app, ["validate", str(base_plan), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["version"] == 1 and report["status"] == "failed"
    first = report["diagnostics"][0]
    assert set(first) == {"code", "severity", "file", "line", "column", "path", "message", "hint"}
    assert {d["code"] for d in report["diagnostics"]} >= {"missing-key"}
    assert report["summary"]["errors"] == sum(d["severity"] == "error" for d in report["diagnostics"])


def test_github_annotations_escape_and_auto(base_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(base_plan, {"editions/2024-2026/strategies/casa.yaml": "kind: strategy\nid: casa\ntitolo: a, b\n"})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = runner.invoke(app, ["validate", str(base_plan)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "unknown-key" in line]
    assert len(lines) == 1
    assert lines[0].startswith("::error file=") and ",line=3,col=1,title=unknown-key::unknown key 'titolo' — did you mean 'title'?" in lines[0]


def test_strict_fails_on_warnings(base_plan: Path) -> None:
    write_files(base_plan, {"editions/2024-2026/strategies/casa.yaml":
                            "kind: strategy\nid: casa\ncode: '1.2'\nparent: asse-verde\ntitle: Casa\n"})
    assert runner.invoke(app, ["validate", str(base_plan)]).exit_code == 0
    result = runner.invoke(app, ["validate", str(base_plan), "--strict", "-f", "parsable"])
    assert result.exit_code == 1
    assert "warning recommended-field 1.2 «Casa»: recommended fields missing: summary" in result.output


def test_edition_filter(base_plan: Path) -> None:
    write_files(base_plan, {"editions/2021-2023/strategies/rete-verde.yaml": "kind: strategy\n"})
    whole = runner.invoke(app, ["validate", str(base_plan), "-f", "parsable"])
    only = runner.invoke(app, ["validate", str(base_plan), "-e", "2024-2026", "-f", "parsable"])
    assert whole.exit_code == 1 and "2021-2023" in whole.output
    assert only.exit_code == 0 and only.output == ""
    folder = runner.invoke(app, ["validate", str(base_plan / "editions" / "2024-2026"), "-f", "json"])
    assert [e["id"] for e in json.loads(folder.output)["summary"]["editions"]] == ["2024-2026"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "/nonexistent/plan"], "not a plan"),
        (["validate", "--edition", "1999-2001", "PLAN"], "no edition '1999-2001'"),
        (["validate", "--format", "xml", "PLAN"], "unknown format 'xml'"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, base_plan: Path) -> None:
    result = runner.invoke(app, [str(base_plan) if a == "PLAN" else a for a in args])
    assert result.exit_code == 2
    assert message in result.output


def test_internal_error_exit_3_without_traceback(base_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("psmctl.validate.validate_path", broken)
    result = runner.invoke(app, ["validate", str(base_plan)])
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom" in result.output and "please report" in result.output
    assert "Traceback" not in result.output
    debug = runner.invoke(app, ["--debug", "validate", str(base_plan)])
    assert isinstance(debug.exception, RuntimeError)


def test_interrupt_exit_130(base_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("psmctl.validate.validate_path", interrupted)
    assert runner.invoke(app, ["validate", str(base_plan)]).exit_code == 130


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["validate", "--help"])
    assert result.exit_code == 0 and "Example: psmctl validate" in result.output


def test_no_color_when_piped(base_plan: Path) -> None:
    write_files(base_plan, {"editions/2024-2026/strategies/casa.yaml": "kind: strategy\nid: casa\n"})
    result = runner.invoke(app, ["validate", str(base_plan), "-f", "text"])
    assert "\x1b[" not in result.output and "hint:" in result.output


def test_github_escaping() -> None:
    from psmctl.escaping import github_data, github_property

    assert github_property("a,b:c%\n") == "a%2Cb%3Ac%25\\n"
    assert github_data("50%\nnext\x1b[2J") == "50%25\\nnext\\x1b[2J"


def test_a_period_that_ends_before_it_starts_is_a_located_error(base_plan: Path) -> None:
    edition = base_plan / "editions/2024-2026/edition.yaml"
    edition.write_text(edition.read_text("utf-8").replace("period: {start: 2024, end: 2026}",
                                                          "period: {start: 2031, end: 2030}"), "utf-8")
    result = runner.invoke(app, ["validate", str(base_plan), "--format", "parsable"])
    assert result.exit_code == 1
    assert "edition.yaml:4:9: error invalid-value period:" in result.stdout and "ends (2030) before it starts (2031)" in result.stdout


def test_a_non_numeric_code_says_what_numbering_allows(base_plan: Path) -> None:
    action = base_plan / "editions/2024-2026/actions/corridoi.yaml"
    text = action.read_text("utf-8")
    code_line = next(line for line in text.splitlines() if line.startswith("code:"))
    action.write_text(text.replace(code_line, 'code: "M1"'), "utf-8")
    result = runner.invoke(app, ["validate", str(base_plan)])
    assert result.exit_code == 1
    assert "code 'M1' is not a number counted from 1" in result.stdout and "numbering: free" in result.stdout


def test_a_non_numeric_per_parent_code_says_what_numbering_allows(base_plan: Path) -> None:
    edition = base_plan / "editions/2024-2026/edition.yaml"
    edition.write_text(edition.read_text("utf-8") + "numbering: per_parent\n", "utf-8")
    for rel, code in (("strategies/rete-verde.yaml", "1"), ("strategies/casa.yaml", "2"),
                      ("actions/corridoi.yaml", "M1"), ("actions/piani-urbani.yaml", "1")):
        path = base_plan / "editions/2024-2026" / rel
        text = path.read_text("utf-8")
        path.write_text(text.replace(next(line for line in text.splitlines() if line.startswith("code:")),
                                     f'code: "{code}"'), "utf-8")
    result = runner.invoke(app, ["validate", str(base_plan)])
    assert result.exit_code == 1
    assert "code 'M1' is not a number counted from 1 (expected N: 1, 2, 3… under each parent)" in result.stdout
    assert "numbering: per_parent" in result.stdout and "`numbering: free`" in result.stdout
    assert "1.1.M1 «Corridoi ecologici»" in result.stdout  # named by its full code


def test_an_empty_code_is_refused_even_where_numbering_is_free(base_plan: Path) -> None:
    edition = base_plan / "editions/2024-2026/edition.yaml"
    edition.write_text(edition.read_text("utf-8") + "numbering: free\n", "utf-8")
    action = base_plan / "editions/2024-2026/actions/corridoi.yaml"
    text = action.read_text("utf-8")
    code_line = next(line for line in text.splitlines() if line.startswith("code:"))
    action.write_text(text.replace(code_line, 'code: ""'), "utf-8")
    result = runner.invoke(app, ["validate", str(base_plan), "--format", "parsable"])
    assert result.exit_code == 1
    assert "corridoi.yaml" in result.stdout and "error invalid-value code: a code cannot be empty" in result.stdout
