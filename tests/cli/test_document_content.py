"""What the documents say: provenance marks, the Fonti, blanks, quotes, ODT tables, stable bytes."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from psmctl.cli import app
from psmctl.rendering.quotes import it_quotes
from tests.diffplans import BASE, write_edition

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "plan"
runner = CliRunner()
NOTE = "nota interna per i manutentori, mai stampata"


def sourced_plan(root: Path) -> Path:
    """A small edition: one uncertain action, paraphrased summaries, sources cited from a milestone and an action."""
    elements: list[dict[str, Any]] = []
    for element in BASE:
        if element["id"] == "a-fibra":
            element = {**element, "uncertain": True, "sources": ["EN1"]}
        elements.append(element)
    write_edition(root, "2030-2032", elements)
    edition = root / "editions" / "2030-2032" / "edition.yaml"
    head = json.loads(edition.read_text("utf-8"))
    head.update({"paraphrased_texts": ["summary"],
                 "milestones": [{"date": "2031-05-10", "event": "Linee di indirizzo", "sources": ["IT1"]}]})
    edition.write_text(json.dumps(head, ensure_ascii=False), "utf-8")
    sources = [
        {"key": "IT1", "title": "Linee di indirizzo del piano", "publisher": "Città metropolitana di prova",
         "date": "2031-05-10", "url": "https://example.org/atti/linee-di-indirizzo.pdf", "notes": NOTE},
        {"key": "EN1", "title": "Metropolitan broadband survey", "language": "en", "author": "Rossi, Anna",
         "date": "2030", "url": "https://example.org/reports/broadband", "kind": "secondary", "archived": True},
        {"key": "UNUSED", "title": "Fonte che nessuno cita", "url": "https://example.org/nessuno"},
    ]
    (root / "registries").mkdir(exist_ok=True)
    (root / "registries" / "sources.yaml").write_text(json.dumps({"kind": "sources", "sources": sources}), "utf-8")
    return root


def render(root: Path, kind: str, fmt: str, out: Path, *extra: str) -> Path:
    result = runner.invoke(app, ["render", kind, "--plan", str(root), "-e", "2030-2032", "-f", fmt, "-o", str(out),
                                 *extra])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("kind", ["annex", "plan"])
def test_fonti_lists_every_cited_source_as_a_bibliography_and_nothing_else(tmp_path: Path, kind: str) -> None:
    html = " ".join(render(sourced_plan(tmp_path / "plan"), kind, "html", tmp_path / "doc.html").read_text("utf-8").split())
    fonti = re.split(r">(?:\d\. )?Fonti</h2>", html, maxsplit=1)[1]
    assert "Linee di indirizzo del piano" in fonti and "Città metropolitana di prova" in fonti  # cited by a milestone
    assert '<span lang="en"><em>Metropolitan broadband survey</em></span>' in fonti  # not Italian: marked
    assert "Rossi, Anna" in fonti and "fonte secondaria" in fonti and "copia d’archivio" in fonti
    assert "Fonte che nessuno cita" not in html and NOTE not in html
    # the link goes to the whole URL and shows it as it is: a page wraps it by CSS (the break hints
    # after its slashes are for DOCX, ODT and PDF: tests/cli/test_html_reflow.py)
    assert ('href="https://example.org/atti/linee-di-indirizzo.pdf">https://example.org/atti/linee-di-indirizzo.pdf</a>'
            in fonti)
    assert "\u200b" not in fonti


@pytest.mark.parametrize("fmt", ["docx", "odt", "html", "pdf"])
def test_uncertain_and_paraphrased_texts_are_marked_with_one_legend(tmp_path: Path, fmt: str) -> None:
    from tests.cli.test_render import read_back

    out = render(sourced_plan(tmp_path / "plan"), "plan", fmt, tmp_path / f"plan.{fmt}")
    text = read_back(out)
    if fmt == "pdf":
        text = text.replace("\u00ad", "").replace("- ", "")
    assert "Nota sui testi" in text and "Testo redazionale" in text and "Elemento incerto" in text
    # superscripts read back as ^(I) from DOCX/ODT/HTML, as a plain letter from the PDF
    assert re.search(r"Fibra nelle aree montane ?(\^\()?I", text)  # the uncertain action's title
    assert re.search(r"Portare la banda larga in ogni comune ?(\^\()?R", text)  # a paraphrased summary
    if fmt == "html":
        assert "<sup>I</sup>" in out.read_text("utf-8")


def test_final_document_keeps_blanks_the_act_fills_and_no_maintainer_note(tmp_path: Path) -> None:
    root = sourced_plan(tmp_path / "plan")
    result = runner.invoke(app, ["render", "annex", "--plan", str(root), "-e", "2030-2032", "-f", "md",
                                 "-o", str(tmp_path / "a.md")])
    text = (tmp_path / "a.md").read_text("utf-8")
    assert "n. \\_\\_\\_\\_ del \\_\\_\\_\\_" in text
    assert "non registrati" not in text and "Nota redazionale" not in text
    assert "non registrati nei file del piano" in result.stderr


def test_nested_quotes_become_italian_quotes() -> None:
    assert it_quotes('il documento "Piano 2021-2023 "Torino Metropoli aumentata"- Aggiornamento 2022", approvato') == \
        "il documento «Piano 2021-2023 “Torino Metropoli aumentata”- Aggiornamento 2022», approvato"
    assert it_quotes('«Piano "Torino" – Aggiornamento»') == "«Piano “Torino” – Aggiornamento»"
    assert it_quotes("l'asse e l'azione") == "l'asse e l'azione"
    assert it_quotes('«Torino "metro" montana»') == "«Torino “metro” montana»"


def test_a_quoted_edition_title_nests_inside_the_guillemets(tmp_path: Path) -> None:
    root = write_edition(tmp_path / "plan", "2030-2032", BASE)
    edition = root / "editions" / "2030-2032" / "edition.yaml"
    edition.write_text(edition.read_text("utf-8").replace('"Piano di prova 2030-2032"',
                                                          '"Piano \\"aperto\\" di prova"'), "utf-8")
    html = " ".join(render(root, "plan", "html", tmp_path / "p.html").read_text("utf-8").split())
    assert "«Piano “aperto” di prova»" in html and "<title>Piano Strategico Metropolitano 2030-2032 «Piano “aperto”" in html


def test_nested_quotes_in_the_shipped_plan_reach_every_format_intact(tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    assert runner.invoke(app, ["render", "plan", "--plan", str(PLAN), "-e", "2021-2023", "-f", "html",
                               "-o", str(out)]).exit_code == 0
    html = " ".join(out.read_text("utf-8").split())
    text = re.sub(r"<[^>]+>", "", html)  # the edition's years sit in a nowrap span
    assert "«Piano Strategico Metropolitano 2021-2023 “Torino Metropoli aumentata” – Aggiornamento 2022»" in text
    assert "”Torino" not in html and "»Torino" not in html


def test_odt_tables_have_borders_and_rows_that_do_not_split(tmp_path: Path) -> None:
    out = tmp_path / "annex.odt"
    assert runner.invoke(app, ["render", "annex", "--plan", str(PLAN), "-o", str(out)]).exit_code == 0
    content = zipfile.ZipFile(out).read("content.xml").decode("utf-8")
    cell = re.search(r'<style:style style:name="TableRowCell"[^>]*>\s*<style:table-cell-properties ([^>]*)/>', content)
    assert cell and "fo:border=\"0.5pt solid" in cell.group(1)
    assert "<table:table-row>" not in content and 'table:style-name="PsmRow"' in content
    assert 'fo:keep-together="always"' in content


def test_docx_table_rows_do_not_split_and_headers_repeat(tmp_path: Path) -> None:
    out = tmp_path / "annex.docx"
    assert runner.invoke(app, ["render", "annex", "--plan", str(PLAN), "-o", str(out)]).exit_code == 0
    rows = re.findall(r"<w:tr>(<w:trPr>.*?</w:trPr>)?", zipfile.ZipFile(out).read("word/document.xml").decode("utf-8"))
    assert rows and all("<w:cantSplit />" in properties for properties in rows)
    assert any("tblHeader" in properties for properties in rows)


def test_docx_running_header_is_the_act_reference_in_the_header_style(tmp_path: Path) -> None:
    out = tmp_path / "annex.docx"
    assert runner.invoke(app, ["render", "annex", "--plan", str(PLAN), "-o", str(out)]).exit_code == 0
    header = zipfile.ZipFile(out).read("word/header1.xml").decode("utf-8")
    run = re.search(r"<w:r>(<w:rPr>.*?</w:rPr>)<w:t[^>]*>([^<]*)</w:t></w:r>", header)
    assert run and "Liberation Sans" in run.group(1) and run.group(2).startswith("Allegato alla deliberazione")


@pytest.mark.parametrize("fmt", ["docx", "odt", "pdf", "html"])
def test_revision_report_renders_byte_identical(tmp_path: Path, fmt: str) -> None:
    outputs = []
    for name in ("1", "2"):
        out = tmp_path / f"{name}.{fmt}"
        assert runner.invoke(app, ["diff", "2021-2023", "2024-2026", "--plan", str(PLAN), "-f", fmt,
                                   "-o", str(out)]).exit_code == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_revision_report_takes_templates_from_the_override_folder(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "revision.md.j2").write_text("# Raffronto della segreteria {.unlisted}\n\n{{ new.edition }}\n", "utf-8")
    result = runner.invoke(app, ["diff", "2021-2023", "2024-2026", "--plan", str(PLAN), "-f", "md",
                                 "--templates", str(mine)])
    assert result.exit_code == 0 and result.stdout.startswith("# Raffronto della segreteria")


def test_revision_template_error_is_located_and_writes_nothing(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "revision.md.j2").write_text("# Raffronto\n\n{{ no_such_thing }}\n", "utf-8")
    out = tmp_path / "relazione.docx"
    result = runner.invoke(app, ["diff", "2021-2023", "2024-2026", "--plan", str(PLAN), "-f", "docx", "-o", str(out),
                                 "--templates", str(mine)])
    assert result.exit_code == 1
    assert f"{mine / 'revision.md.j2'}:3" in result.stderr and "no_such_thing" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [mine]


def _chapter_plan(root: Path, edition_default: list[str], own: str) -> Path:
    write_edition(root, "2030-2032", BASE)
    edition = root / "editions" / "2030-2032" / "edition.yaml"
    edition.write_text(json.dumps({**json.loads(edition.read_text("utf-8")), "paraphrased_texts": edition_default},
                                  ensure_ascii=False), "utf-8")
    chapters = root / "editions" / "2030-2032" / "chapters"
    chapters.mkdir(exist_ok=True)
    (chapters / "01-visione.md").write_text(f"---\ntitle: La visione\n{own}---\n\nUna metropoli policentrica.\n", "utf-8")
    return root


@pytest.mark.parametrize(("default", "own", "marked"), [
    (["chapters"], "", True),                             # the edition says its chapters are paraphrases
    ([], "text_is_paraphrase: true\n", True),             # the chapter says so itself
    (["chapters"], "text_is_paraphrase: false\n", False),  # the act's own words, whatever the default
    ([], "", False),
])
def test_a_paraphrased_chapter_is_marked_and_explained(tmp_path: Path, default: list[str], own: str,
                                                       marked: bool) -> None:
    text = render(_chapter_plan(tmp_path / "plan", default, own), "plan", "md", tmp_path / "p.md").read_text("utf-8")
    assert ("## La visione^R^" in text) is marked
    assert ("capitolo che riformula il testo ufficiale" in text) is marked
