"""Documents as a secretariat and an archivist check them: page size, metadata, layout, the raffronto."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from psmctl.cli import app
from tests.diffplans import BASE, action, write_edition

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "plan"
runner = CliRunner()
A4_POINTS = (595.28, 841.89)
# the margins of templates/psm.typ, in points
LEFT, RIGHT, TOP, BOTTOM = 2.5 * 28.3465, 2 * 28.3465, 2.5 * 28.3465, 2.2 * 28.3465


def make(kind: str, fmt: str, out: Path, *extra: str) -> Path:
    if kind == "revision":
        args = ["diff", "2021-2023", "2024-2026", "--plan", str(PLAN), "-f", fmt, "-o", str(out), *extra]
    else:
        args = ["render", kind, "--plan", str(PLAN), "-f", fmt, "-o", str(out), *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


KINDS = ["annex", "plan", "deliberation", "revision"]


@pytest.mark.parametrize("kind", KINDS)
def test_docx_is_a4_with_metadata_from_the_plan(tmp_path: Path, kind: str) -> None:
    out = make(kind, "docx", tmp_path / f"{kind}.docx")
    body = part(out, "word/document.xml")
    size = re.search(r"<w:pgSz ([^>]*)/>", body)
    assert size and 'w:w="11906"' in size.group(1) and 'w:h="16838"' in size.group(1)  # A4, in twips
    core = part(out, "docProps/core.xml")
    title = re.search(r"<dc:title>([^<]+)</dc:title>", core)
    assert title and ("Piano Strategico Metropolitano" in title.group(1) or "Deliberazione" in title.group(1))
    assert "<dc:creator>Città metropolitana di Torino</dc:creator>" in core
    assert "<dc:language>it-IT</dc:language>" in core
    created = re.search(r"<dcterms:created[^>]*>(\d{4}-\d\d-\d\d)", core)
    assert created and created.group(1) == {"annex": "2024-07-19", "plan": "2024-07-19", "deliberation": "2023-05-10",
                                            "revision": "2024-07-19"}[kind]
    header = part(out, "word/header1.xml")
    assert "Riferimento dell" not in header and ("Piano Strategico" in header or "n. " in header)


@pytest.mark.parametrize("kind", KINDS)
def test_odt_is_a4_with_metadata_from_the_plan(tmp_path: Path, kind: str) -> None:
    out = make(kind, "odt", tmp_path / f"{kind}.odt")
    styles = part(out, "styles.xml")
    layout = re.search(r"<style:page-layout-properties ([^>]*)>", styles)
    assert layout and 'fo:page-width="21cm"' in layout.group(1) and 'fo:page-height="29.7cm"' in layout.group(1)
    meta = part(out, "meta.xml")
    assert re.search(r"<dc:title>[^<]*(Piano Strategico Metropolitano|Deliberazione)[^<]*</dc:title>", meta)
    assert "<dc:creator>Città metropolitana di Torino</dc:creator>" in meta
    assert "<dc:language>it-IT</dc:language>" in meta
    assert re.search(r"<dc:date>20(23|24)-\d\d-\d\dT", meta)


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_is_a4_pdfa_with_title(tmp_path: Path, kind: str) -> None:
    from pypdf import PdfReader

    reader = PdfReader(make(kind, "pdf", tmp_path / f"{kind}.pdf"))
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4_POINTS
    info = reader.metadata
    assert info is not None and info.title and info.author == "Città metropolitana di Torino"
    xmp = reader.xmp_metadata
    assert xmp is not None and info.title in xmp.dc_title.values()
    assert xmp.pdfaid_part == "2" and xmp.pdfaid_conformance == "B"
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged
    assert root["/Lang"] in ("it-IT", "it")
    assert info.creation_date is not None and info.creation_date.year in (2023, 2024)


def test_html_titles_are_distinct_and_carry_the_metadata(tmp_path: Path) -> None:
    titles = {}
    for kind in KINDS:
        html = make(kind, "html", tmp_path / f"{kind}.html").read_text(encoding="utf-8")
        found = re.search(r"<title>(.*?)</title>", html, re.S)
        assert found
        titles[kind] = " ".join(found.group(1).split())
        assert '<html lang="it-IT">' in html
        assert '<meta name="author" content="Città metropolitana di Torino">' in html
        assert re.search(r'<meta name="dcterms.date" content="20\d\d-\d\d-\d\d">', html)
        assert len(re.findall(r"<h1[ >]", html)) == 1
        assert 'href="#contenuto"' in html
        # printed: A4 with the act reference and page numbers in the margins (a CSS string: one line)
        running = re.search(r'@top-right \{ content: "([^"\n]+)";', html)
        assert "size: A4" in html and running and "counter(pages)" in html
        assert running.group(1) in html.split("<body>", 1)[1]
    assert len(set(titles.values())) == len(KINDS)


def test_raffronto_in_docx_has_old_and_new_text_in_one_row(tmp_path: Path) -> None:
    out = make("revision", "docx", tmp_path / "relazione.docx")
    rows = re.findall(r"<w:tr>.*?</w:tr>", part(out, "word/document.xml"), re.S)

    def text(row: str) -> str:
        return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", row))

    row = next(text(r) for r in rows if "Costruire capacità 4.0" in text(r))
    assert "Garantire una diffusa digitalizzazione" in text(row) or "digitalizzazione" in row
    cells = re.findall(r"<w:tc>.*?</w:tc>", next(r for r in rows if "Costruire capacità 4.0" in text(r)), re.S)
    assert len(cells) == 2 and "Costruire capacità 4.0" in text(cells[0]) and "digitalizzazione" in text(cells[1])


def test_revision_report_shows_declared_totals_and_never_soppresso_for_an_incomplete_edition(tmp_path: Path) -> None:
    markdown = runner.invoke(app, ["diff", "2021-2023", "2024-2026", "--plan", str(PLAN), "-f", "md"]).stdout
    assert "| Strategie | 24 | 10 | 25 | 4 |" in markdown
    assert "| Azioni | 111 | 10 | 113 | 9 |" in markdown
    assert "soppresso" not in markdown.split("## 3. Tabella di raffronto")[1].lower()
    assert "Non presente nei file dell'edizione 2024\\-2026" in markdown
    assert "(plan)" not in markdown and "denominazione breve" not in markdown
    assert "Corrispondenze dedotte, da verificare | 0 |4 |4 |" in markdown


def test_a_complete_edition_calls_removed_elements_soppressi(tmp_path: Path) -> None:
    root = write_edition(tmp_path / "plan", "2030-2032", BASE)
    write_edition(root, "2033-2035", [e for e in BASE if e["id"] != "a-bosco"], predecessor="2030-2032")
    markdown = runner.invoke(app, ["diff", "2030-2032", "2033-2035", "--plan", str(root), "-f", "md"]).stdout
    assert "*Elemento soppresso.*" in markdown and "non presente nei file" not in markdown


def test_paraphrased_titles_are_not_a_new_name(tmp_path: Path) -> None:
    old = [dict(e, title_is_paraphrase=True) if e["id"] == "s-imprese" else e for e in BASE]
    new = [dict(e, title="Sostenere le micro imprese", title_is_paraphrase=True) if e["id"] == "s-imprese" else e
           for e in BASE]
    root = write_edition(tmp_path / "plan", "2030-2032", old)
    write_edition(root, "2033-2035", new, predecessor="2030-2032")
    markdown = runner.invoke(app, ["diff", "2030-2032", "2033-2035", "--plan", str(root), "-f", "md"]).stdout
    assert "*Titolo redazionale.*" in markdown and "Nuova denominazione" not in markdown
    assert "~~piccole~~" not in markdown  # two paraphrases are not word-diffed
    assert "Sostenere le micro imprese^R^" in markdown and "Nota sui testi" in markdown


def synthetic_plan(root: Path) -> tuple[Path, list[str]]:
    """A synthetic edition: one strategy of 60 actions with long titles, citing 80 sources with long URLs."""
    sources = [{"key": f"SYN{i:03d}", "title": f"Fonte sintetica numero {i} sul piano di prova, con un titolo lungo",
                "publisher": "Ente sintetico di prova", "date": "2024-03-01",
                "url": f"https://www.example.org/documenti/piano-strategico/allegati/fonte-sintetica-{i}/"
                       f"versione-definitiva-approvata-dal-consiglio-metropolitano-{i}.pdf"} for i in range(80)]
    actions = [action(f"a-{i}", f"1.1.{i + 1}", "s-digitale",
                      f"Azione sintetica {i + 1} con un titolo volutamente lungo per riempire la colonna "
                      f"della tabella delle azioni del piano di prova",
                      status="in_progress", sources=[f"SYN{i:03d}"] + ([f"SYN{i + 60:03d}"] if i < 20 else []))
               for i in range(60)]
    elements = [e for e in BASE if e["kind"] != "action"] + actions
    write_edition(root, "2030-2032", elements)
    (root / "registries").mkdir(exist_ok=True)
    (root / "registries" / "sources.yaml").write_text(json.dumps({"kind": "sources", "sources": sources}), "utf-8")
    return root, [a["title"] for a in actions] + [s["title"] for s in sources]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils: apt-get install poppler-utils")
def test_sixty_actions_and_eighty_sources_stay_inside_the_text_area(tmp_path: Path) -> None:
    root, titles = synthetic_plan(tmp_path / "plan")
    out = tmp_path / "annex.pdf"
    result = runner.invoke(app, ["render", "annex", "--plan", str(root), "-e", "2030-2032", "-o", str(out)])
    assert result.exit_code == 0, result.output
    xml = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S)
    assert len(pages) > 3
    words = 0
    for width, height, body in pages:
        w, h = float(width), float(height)
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body):
            words += 1
            assert LEFT - 1 <= float(x0) and float(x1) <= w - RIGHT + 1, f"{word!r} outside the text width"
            if float(y1) > h - BOTTOM:  # only the page number lives below the text area
                assert re.fullmatch(r"Pagina|di|\d+", word), f"{word!r} runs into the footer"
    assert words > 2000
    text = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"[\s\u00ad\u200b-]", "", text)
    for title in titles:
        assert re.sub(r"[\s-]", "", title) in flat, title


def test_an_edition_without_recorded_dates_is_dated_by_its_period(tmp_path: Path) -> None:
    from pypdf import PdfReader

    root = write_edition(tmp_path / "plan", "2030-2032", BASE)  # no adoption, no milestones
    docx, pdf = tmp_path / "annex.docx", tmp_path / "annex.pdf"
    for out in (docx, pdf):
        result = runner.invoke(app, ["render", "annex", "--plan", str(root), "-e", "2030-2032", "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert re.search(r"<dcterms:created[^>]*>2030-01-01T", part(docx, "docProps/core.xml"))
    info = PdfReader(pdf).metadata
    assert info is not None and info.creation_date is not None and info.creation_date.year == 2030


@pytest.mark.parametrize("kind", ["annex", "plan", "revision"])
def test_docx_indice_is_a_toc_field_word_fills_in_on_opening(tmp_path: Path, kind: str) -> None:
    out = make(kind, "docx", tmp_path / f"{kind}.docx")
    assert 'TOC \\o &quot;1-3&quot;' in part(out, "word/document.xml")
    # without this setting Word shows the Indice without page numbers until someone updates the field
    assert re.search(r'<w:updateFields w:val="true" ?/>', part(out, "word/settings.xml"))
