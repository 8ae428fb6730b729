"""`psmctl site build` end to end on the shipped plan: every element has its pages, every link resolves."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from psmctl.cli import app
from psmctl.loading.tree import DirectorySource, load_plan
from tests.site.sitecheck import broken_links

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "plan"


def test_the_shipped_plan_builds_with_a_page_for_every_element(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(app, ["site", "build", str(PLAN), "-o", str(out), "--no-documents"])
    assert result.exit_code == 0, result.output
    plan, _ = load_plan(DirectorySource(PLAN))
    count = 0
    for tree in plan.editions.values():
        assert tree.edition is not None
        plural = {level.kind: level.plural for level in tree.edition.levels}
        for item in tree.elements:
            ident = item.model.id  # type: ignore[attr-defined]
            assert (out / tree.id / plural[item.kind] / ident / "index.html").is_file(), (tree.id, ident)
            assert (out / "elementi" / ident / "index.html").is_file(), ident
            count += 1
    assert count > 20
    assert broken_links(out) == []
    assert (out / "sitemap.xml").is_file() and (out / "pagefind" / "pagefind-entry.json").is_file()


def test_a_plan_with_errors_builds_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "plan.yaml").write_text("kind: project\nbody: [unclosed\n", "utf-8")
    result = CliRunner().invoke(app, ["site", "build", str(plan), "-o", str(tmp_path / "site")])
    assert result.exit_code == 1, result.output
    assert "plan.yaml:" in result.output and "the site was not built" in result.output
    assert not (tmp_path / "site").exists()


def test_a_folder_that_is_not_a_site_is_refused_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    result = CliRunner().invoke(app, ["site", "build", str(PLAN), "-o", str(tmp_path), "--no-documents"])
    assert result.exit_code == 2, result.output
    assert (tmp_path / "notes.txt").read_text("utf-8") == "mine"


def test_the_sites_documents_are_the_ones_psmctl_render_writes(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(app, ["site", "build", str(PLAN), "-o", str(out), "--no-search"])
    assert result.exit_code == 0, result.output
    for what, name in (("annex", "allegato"), ("plan", "piano")):
        alone = tmp_path / f"{what}.docx"
        assert CliRunner().invoke(app, ["render", what, "--plan", str(PLAN), "-e", "2024-2026", "-o", str(alone)]).exit_code == 0
        assert (out / "2024-2026" / "dati" / f"{name}-2024-2026.docx").read_bytes() == alone.read_bytes()
    data = out / "2024-2026" / "dati"
    assert {p.name for p in data.glob("relazione-aggiornamento-*")} == {
        f"relazione-aggiornamento-2021-2023-2024-2026.{fmt}" for fmt in ("pdf", "docx", "odt")}
    import zipfile

    with zipfile.ZipFile(data / "psm-2024-2026.zip") as archive:
        names = archive.namelist()
    assert names == sorted(names) and "opendata/datapackage.json" in names and "piano-2024-2026.pdf" in names
