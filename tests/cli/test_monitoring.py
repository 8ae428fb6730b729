"""`render monitoring` and `diff --monitoring` end to end, on the synthetic example and small plans."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from tests.cli.test_render import read_back
from tests.monitoringplans import write_plan
from typer.testing import CliRunner

from psmctl.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "synthetic-plan"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("docx") / "monitoraggio.docx"
    code, _, err = run("render", "monitoring", "--plan", str(EXAMPLE), "-o", str(target))
    assert code == 0, err
    return target


def test_docx_holds_the_axis_rollup_table(docx: Path) -> None:
    import pypandoc

    text = pypandoc.convert_file(str(docx), "gfm", extra_args=["--wrap=none"])
    rows = [re.sub(r" +", " ", line) for line in text.splitlines() if line.startswith("| 1 Metropoli più verde")]
    # axis 1 at 2026-08-31: 4 actions, 1 in progress, 2 completed, 1 suspended; then 75 % started, 50 % completed
    assert "| 1 Metropoli più verde | 4 | 1 | 2 | 1 |" in rows
    assert "| 1 Metropoli più verde | 75,0 % | 50,0 % | 75,0 % | 1 |" in rows
    assert "Stato di attuazione al 31 agosto 2026" in text


def test_docx_embeds_every_chart_with_its_text_alternative(docx: Path) -> None:
    with zipfile.ZipFile(docx) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        body = package.read("word/document.xml").decode("utf-8")
        parts = b"".join(package.read(n) for n in package.namelist())
    assert b"psmctl-charts" not in parts  # the filter's list of allowed charts stays out of the document
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    # one chart for the plan, one per axis (2), one per indicator (3)
    assert len(media) == 6 and all(name.endswith(".png") for name in media)  # PNG: LibreOffice shows no SVG-only picture
    assert len(descriptions) == 6
    assert any(d.startswith("Stato delle azioni per asse. Asse 1: 1 in corso, 2 concluse, 1 sospesa") for d in descriptions)
    assert any("Valutazione: Progressi limitati" in d for d in descriptions)


def test_two_renders_are_byte_identical(tmp_path: Path, docx: Path) -> None:
    again = tmp_path / "again.docx"
    assert run("render", "monitoring", "--plan", str(EXAMPLE), "-o", str(again))[0] == 0
    assert again.read_bytes() == docx.read_bytes()


@pytest.mark.parametrize("fmt", ["md", "odt", "html", "pdf"])
def test_every_format_renders_the_report_byte_stable(tmp_path: Path, fmt: str) -> None:
    target, again = tmp_path / f"monitoraggio.{fmt}", tmp_path / f"again.{fmt}"
    code, _, err = run("render", "monitoring", "--plan", str(EXAMPLE), "-o", str(target))
    assert code == 0, err
    assert run("render", "monitoring", "--plan", str(EXAMPLE), "-o", str(again))[0] == 0
    assert again.read_bytes() == target.read_bytes()
    text = read_back(target) if fmt != "md" else target.read_text("utf-8")
    assert "Relazione di monitoraggio" in text and "Azioni in ritardo" in text
    assert "Bigliettazione integrata" in text  # overdue at 2026-08-31 (ended 2025-08, in progress)
    if fmt == "odt":
        with zipfile.ZipFile(target) as package:
            pictures = [n for n in package.namelist() if n.startswith("Pictures/")]
        assert len(pictures) == 6 and all(n.endswith(".png") for n in pictures)


def test_html_embeds_the_charts_and_no_other_image(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(EXAMPLE, plan)
    chapter = plan / "editions/2024-2026/chapters/01-nota.md"
    chapter.parent.mkdir()
    svg = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="  # <svg xmlns=…/>
    chapter.write_text(f"---\ntitle: Nota\n---\n\n![intruso](data:image/svg+xml;base64,{svg})\n", "utf-8")
    target = tmp_path / "m.html"
    assert run("render", "monitoring", "--plan", str(plan), "-o", str(target))[0] == 0
    html = target.read_text("utf-8")
    assert len(re.findall(r"<img\s", html)) == 6 and html.count('src="data:image/svg+xml;base64,') == 6
    assert 'alt="Stato delle azioni per asse. Asse 1:' in html
    assert "data:image/png" not in html and "data-png" not in html  # the PNG is for DOCX and ODT only


def test_as_of_an_earlier_round_and_its_changes(tmp_path: Path) -> None:
    target = tmp_path / "m.md"
    assert run("render", "monitoring", "--plan", str(EXAMPLE), "--as-of", "2025-08-31", "-o", str(target))[0] == 0
    text = target.read_text("utf-8")
    assert "Stato di attuazione al 31 agosto 2025" in text and "Variazioni dal 31 agosto 2024" in text
    assert "| 1\\.2\\.2 | Efficienza energetica degli edifici scolastici | in corso | conclusa |" in text


def test_bad_dates_and_editions_without_rounds_are_usage_errors(tmp_path: Path) -> None:
    code, _, err = run("render", "monitoring", "--plan", str(EXAMPLE), "--as-of", "31/08/2025")
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = run("render", "monitoring", "--plan", str(EXAMPLE), "--as-of", "2025-08-30")
    assert code == 2 and "no monitoring round dated 2025-08-30" in err and "2025-08-31" in err
    assert run("render", "monitoring", "--plan", str(EXAMPLE), "--zone", "1")[0] == 2
    assert run("render", "annex", "--plan", str(EXAMPLE), "--as-of", "2025-08-31")[0] == 2
    root = write_plan(tmp_path / "p", [{"id": "x1"}], {})
    code, _, err = run("render", "monitoring", "--plan", str(root), "-o", str(tmp_path / "m.md"))
    assert code == 2 and "has no monitoring round" in err and "monitoring/<as_of>.yaml" in err


def test_diff_lists_every_planted_status_transition(tmp_path: Path) -> None:
    planted = {"x1": ("planned", "in_progress"), "x2": ("in_progress", "completed"),
               "x3": ("in_progress", "suspended"), "x4": ("suspended", "cancelled")}
    progress = {"planned": 0, "in_progress": 50, "completed": 100, "suspended": 50, "cancelled": 50}
    actions = [{"id": k} for k in [*planted, "x5"]]
    old = {k: {"status": a, "progress": progress[a]} for k, (a, _) in planted.items()} | {
        "x5": {"status": "in_progress", "progress": 10}}
    new = {k: {"status": b, "progress": progress[b], "note": "n"} for k, (_, b) in planted.items()} | {
        "x5": {"status": "in_progress", "progress": 10}}
    root = write_plan(tmp_path / "p", actions, {"2031-08-31": old, "2032-08-31": new})
    code, out, err = run("diff", "--monitoring", "2031-08-31", "2032-08-31", "--plan", str(root), "-f", "json")
    assert code == 0, err
    found = {item["action"]: (item["old"], item["new"]) for item in json.loads(out)["status"]}
    assert found == planted
    code, out, _ = run("diff", "--monitoring", "2031-08-31", "2032-08-31", "--plan", str(root), "-f", "md")
    assert "## Cambi di stato (4)" in out and "- 1\\.1\\.4 Azione x4: sospesa → annullata" in out
    assert run("diff", "--monitoring", "2031-08-31", "2032-08-31", "--plan", str(root), "--exit-code")[0] == 1
    code, _, err = run("diff", "--monitoring", "2031-08-31", "2033-08-31", "--plan", str(root))
    assert code == 2 and "rounds: 2031-08-31, 2032-08-31" in err


def test_a_later_round_leaves_an_earlier_report_unchanged(tmp_path: Path) -> None:
    plan = Path(shutil.copytree(EXAMPLE, tmp_path / "plan"))
    before, after = tmp_path / "before.md", tmp_path / "after.md"
    assert run("render", "monitoring", "--plan", str(plan), "--as-of", "2025-08-31", "-o", str(before))[0] == 0
    (plan / "editions/2024-2026/monitoring/2026-12-31.yaml").write_text(
        "kind: monitoring\nas_of: 2026-12-31\nactions:\n  linea-metro-2: {status: completed, progress: 100}\n",
        "utf-8")
    assert run("render", "monitoring", "--plan", str(plan), "--as-of", "2025-08-31", "-o", str(after))[0] == 0
    assert after.read_bytes() == before.read_bytes()


def test_round_text_is_escaped_in_every_output(tmp_path: Path) -> None:
    plan = Path(shutil.copytree(EXAMPLE, tmp_path / "plan"))
    path = plan / "editions/2024-2026/monitoring/2026-08-31.yaml"
    text = path.read_text("utf-8").replace(
        "  bigliettazione:\n    status: in_progress\n    progress: 70\n",
        "  bigliettazione:\n    status: in_progress\n    progress: 70\n"
        "    note: \"<script>alert(1)</script> ![x](file:///etc/passwd) {{ 7*7 }} **y**\"\n")
    path.write_text(text, "utf-8")
    target = tmp_path / "m.html"
    assert run("render", "monitoring", "--plan", str(plan), "-o", str(target))[0] == 0
    html = target.read_text("utf-8")
    assert "<script>" not in html and "file:///etc/passwd" in html and "{{ 7*7 }}" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<strong>y</strong>" not in html


def test_a_two_level_plan_reports_per_top_level_without_strategy_tables(tmp_path: Path) -> None:
    from tests.conftest import FIXTURES, build_case

    root = build_case(FIXTURES / "valid" / "two-levels", tmp_path / "plan")
    (root / "editions/2024-2026/monitoring").mkdir()
    (root / "editions/2024-2026/monitoring/2025-08-31.yaml").write_text(
        "kind: monitoring\nas_of: 2025-08-31\nactions:\n  corridoi: {status: in_progress, progress: 50}\n", "utf-8")
    target = tmp_path / "m.md"
    code, _, err = run("render", "monitoring", "--plan", str(root), "-o", str(target))
    assert code == 0, err
    text = target.read_text("utf-8")
    assert "## 2. Stato di attuazione per ambito" in text and "| Gruppo |" not in text
    assert "| 1 Metropoli più verde | 2 | 1 | 1 |" in text


def test_docx_is_laid_out_as_the_other_documents(docx: Path) -> None:
    import pypandoc

    with zipfile.ZipFile(docx) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert "TOC \\o" in body  # the Indice, a field Word fills in, as in the annex and the plan
    text = pypandoc.convert_file(str(docx), "gfm", extra_args=["--wrap=none"])
    assert text.index("CITTÀ METROPOLITANA DI ESEMPIO") < text.index("Relazione di monitoraggio – Stato di attuazione")
    captions = re.findall(r"Tabella (\d+) – ", text)
    assert captions[:3] == ["1", "2", "3"] and captions == [str(n) for n in range(1, len(captions) + 1)]
    assert "Tabella 1 – Stato di attuazione per asse: azioni per stato" in text
    assert re.findall(r"^#+ (\d+)\. ", text, flags=re.MULTILINE) == [str(n) for n in range(1, 9)]
