"""The site of a two-level plan (issue 11) and of a plan without codes (issue 9), built as a new city would.

Every element has its page under `<edition>/<level plural>/<id>/`, every link
leads to a page of the site, and the text agrees with the plan's own level
nouns (masculine *progetto* as well as feminine *azione*) with no Torino word
and no dangling dash where an element has no code.
"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from psmctl.cli import app
from psmctl.model.grammar import Noun, noun
from psmctl.site.urls import slug
from tests.agreement import agreement_errors, participle_errors, torino_words
from tests.cli.test_unnumbered_shape import build_plan as build_unnumbered
from tests.site.sitecheck import broken_links, build, text_of

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def build_bari(tmp_path: Path) -> Path:
    """ambito › progetto, numbered per parent; the second ambito has no progetto yet."""
    run("init", str(tmp_path), "--body", "Città metropolitana di Bari", "--levels", "ambito/progetto")
    root = tmp_path / "plan"
    mobility = Path(run("new", "ambito", "--plan", str(root), "--title", "Mobilità sostenibile").strip()).stem
    run("new", "ambito", "--plan", str(root), "--title", "Welfare metropolitano")
    for title in ("Porto", "Ciclovia adriatica"):
        run("new", "progetto", "--plan", str(root), "--parent", mobility, "--title", title)
    return root


def element_ids(edition: Path) -> dict[str, list[str]]:
    return {folder: sorted(p.stem for p in (edition / folder).glob("*.yaml")) for folder in ("axes", "actions")}


def check_site(site: Path, edition: Path, top: Noun, bottom: Noun) -> str:
    """Pages for every element, no broken link, no agreement error; the whole text, for further checks."""
    for folder, level in (("axes", top), ("actions", bottom)):
        for ident in element_ids(edition)[folder]:
            assert (site / edition.name / slug(level.plural) / ident / "index.html").is_file(), (level.plural, ident)
    assert broken_links(site) == []
    text = " ".join(text_of(page) for page in sorted(site.rglob("*.html")) if "pagefind" not in page.parts)
    assert agreement_errors(text, [top, bottom]) == []
    # «Nuovo elemento» (the history line) agrees with «elemento», not with the level
    assert participle_errors(re.sub(r"\bnuovo elemento\b", "", text, flags=re.IGNORECASE), bottom) == []
    assert torino_words(text) == []
    assert re.findall(r"\bstrategi[ae]\b", text, flags=re.IGNORECASE) == []  # no third level the plan lacks
    return text


def test_a_two_level_plan_with_masculine_levels_gets_its_site(tmp_path: Path) -> None:
    plan = build_bari(tmp_path)
    site = build(plan, tmp_path / "site")
    edition = next((plan / "editions").iterdir())
    ambito, progetto = noun("ambito"), noun("progetto")
    text = check_site(site, edition, ambito, progetto)
    home = text_of(site / edition.name / "index.html")
    assert "2 ambiti e 2 progetti nei file del piano" in home
    status = text_of(site / edition.name / "stato" / "index.html")
    assert "Stato di attuazione dei progetti" in status
    assert "Nessun progetto registrato." in status  # the ambito without progetti
    assert "Tutti i progetti" in status and "Conclusi:" in status
    assert "Progetto 1.1 – Porto" in text


def test_a_plan_without_codes_names_its_elements_without_dangling_dashes(tmp_path: Path) -> None:
    plan = build_unnumbered(tmp_path / "genova")
    site = build(plan, tmp_path / "site")
    visione, azione = noun("visione"), noun("azione")
    for edition in sorted((plan / "editions").iterdir()):
        check_site(site, edition, visione, azione)
    text = " ".join(text_of(page) for page in sorted(site.rglob("*.html")) if "pagefind" not in page.parts)
    assert "Visione – Metropoli sostenibile" in text and "Azione – Parchi urbani" in text
    assert "Nuova in questa edizione" in text  # the visione added in the second edition
    assert re.findall(r"\w\s+–\s+–|(?:Visione|Azione)\s{2,}|\s–\s+–", text) == []
    page = (site / "2017-2030" / "visioni").iterdir().__next__() / "index.html"
    assert "<title>Visione – " in page.read_text("utf-8")


def test_a_plan_without_zone_omogenee_offers_no_zone_view(tmp_path: Path) -> None:
    # `init` writes an empty registries/zones.yaml: no navigation entry, home link or search text
    # points to a view by zona omogenea (the synthetic example, which has zones, keeps all three).
    from tests.site.sitecheck import links_of

    def zone_links(site: Path) -> list[str]:
        return [f"{page}: {link}" for page in sorted(site.rglob("*.html")) if "pagefind" not in page.parts
                for link in links_of(page) if "/zone/" in f"/{link}"]

    site = build(build_bari(tmp_path), tmp_path / "site", search=True)
    assert zone_links(site) == []
    assert "zona omogenea" not in text_of(site / "cerca" / "index.html")
    example = build(Path(__file__).parents[2] / "examples" / "synthetic-plan", tmp_path / "example", search=True)
    assert zone_links(example) and "zona omogenea" in text_of(example / "cerca" / "index.html")
