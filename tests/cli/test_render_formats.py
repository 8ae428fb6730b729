"""`psmctl render --format docx,odt,pdf`: one document in several formats, read by Pandoc once.

Each format must come out byte for byte as when it is rendered alone, and only
its writer may run again: one Pandoc reader run for the document, one writer
run (from the JSON AST) per format.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from psmctl.cli import app
from psmctl.pandoc import READER
from tests.unit.test_render_safety import HOSTILE_CHAPTER, pandoc_runs

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "plan"
MONITORED = ROOT / "examples" / "synthetic-plan"
ALL = ("docx", "odt", "html", "pdf", "md")
runner = CliRunner()


def render(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["render", *args])
    return result.exit_code, result.stdout, result.stderr


def alone_and_together(what: str, plan: Path, folder: Path) -> None:
    """Render `what` in every format one by one, then all at once, and compare the bytes."""
    for fmt in ALL:
        code, _, stderr = render(what, "--plan", str(plan), "-f", fmt, "-o", str(folder / f"alone.{fmt}"))
        assert code == 0, stderr
    code, stdout, stderr = render(what, "--plan", str(plan), "-f", ",".join(ALL), "-o", str(folder / "together"))
    assert code == 0, stderr
    assert stdout.split() == [str(folder / f"together.{fmt}") for fmt in ALL]
    for fmt in ALL:
        alone, together = (folder / f"alone.{fmt}").read_bytes(), (folder / f"together.{fmt}").read_bytes()
        assert together == alone, f"{what}.{fmt} differs when rendered with the other formats"


def test_every_format_of_the_real_annex_is_the_same_alone_and_together(tmp_path: Path) -> None:
    alone_and_together("annex", PLAN, tmp_path)


def test_the_monitoring_reports_charts_are_the_same_alone_and_together(tmp_path: Path) -> None:
    # PNG charts for DOCX/ODT, SVG for HTML and PDF: two Markdown texts, each read once
    alone_and_together("monitoring", MONITORED, tmp_path)


def test_a_hostile_chapter_is_cleaned_the_same_alone_and_together(base_plan: Path, tmp_path: Path) -> None:
    (base_plan / "editions/2024-2026/chapters/01-visione.md").write_text(HOSTILE_CHAPTER, "utf-8")
    alone_and_together("plan", base_plan, tmp_path)


def test_pandoc_reads_the_document_once_and_each_format_costs_its_writer(monkeypatch: pytest.MonkeyPatch,
                                                                         tmp_path: Path) -> None:
    render("annex", "--plan", str(PLAN), "-f", "md", "-o", str(tmp_path / "warm.md"))  # chapters cached
    seen = pandoc_runs(monkeypatch)
    code, _, stderr = render("annex", "--plan", str(PLAN), "-f", "docx,odt,html,pdf", "-o", str(tmp_path / "a"))
    assert code == 0, stderr
    documents = [run for run in seen if "--version" not in run]
    reads = [run for run in documents if f"--from={READER}" in run]
    writes = [run for run in documents if "--from=json" in run]
    assert len(reads) == 1 and "--to=json" in reads[0] and len(documents) == 5
    assert sorted(next(a for a in run if a.startswith("--to=")) for run in writes) == [
        "--to=docx", "--to=html5", "--to=odt", "--to=typst"]
    assert all("--sandbox" in run for run in documents)
    assert not [a for run in writes for a in run if a.startswith("--metadata")]  # read with the document


def test_one_format_is_one_pandoc_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    render("annex", "--plan", str(PLAN), "-f", "md", "-o", str(tmp_path / "warm.md"))
    seen = pandoc_runs(monkeypatch)
    assert render("annex", "--plan", str(PLAN), "-f", "docx", "-o", str(tmp_path / "a.docx"))[0] == 0
    documents = [run for run in seen if "--version" not in run]
    assert len(documents) == 1 and f"--from={READER}" in documents[0] and "--to=docx" in documents[0]


@pytest.mark.parametrize(("output", "names"), [
    ("out/allegato.docx", ["out/allegato.docx", "out/allegato.odt"]),
    ("out/allegato", ["out/allegato.docx", "out/allegato.odt"]),
    ("out/allegato.2024-2026", ["out/allegato.2024-2026.docx", "out/allegato.2024-2026.odt"]),
    (None, ["annex-2024-2026.docx", "annex-2024-2026.odt"]),
])
def test_each_format_takes_its_own_extension(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str | None,
                                             names: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    code, stdout, stderr = render("annex", "--plan", str(PLAN), "-f", "docx, odt,docx",
                                  *(["-o", output] if output else []))
    assert code == 0, stderr
    assert stdout.split() == names and all((tmp_path / name).is_file() for name in names)


@pytest.mark.parametrize("formats", ["docx,rtf", "docx,", ","])
def test_a_bad_format_in_the_list_is_a_usage_error_and_writes_nothing(tmp_path: Path, formats: str) -> None:
    code, _, stderr = render("annex", "--plan", str(PLAN), "-f", formats, "-o", str(tmp_path / "a"))
    assert code == 2 and "format" in stderr and not list(tmp_path.iterdir())


def test_markdown_cannot_claim_to_be_read_already(tmp_path: Path) -> None:
    # the mark that skips the shared rules is metadata, which only psmctl sets (YAML blocks are off)
    from psmctl.pandoc import convert

    out = tmp_path / "out.html"
    convert("---\npsmctl-read: true\n---\n\n[x](javascript:alert(1)) ![y](file:///etc/passwd)\n", "html", out)
    html = out.read_text(encoding="utf-8")
    assert "javascript:" not in html and "<img" not in html and "psmctl-read: true" in html
