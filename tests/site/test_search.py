"""The Pagefind index of a built site: element pages indexed in Italian, with their facets."""

from __future__ import annotations

import json
from pathlib import Path

from tests.diffplans import BASE, action, write_edition
from tests.site.pagefindindex import fragments, filters
from tests.site.sitecheck import build

ZONES = """kind: zones
zones:
  - {id: "1", number: 1, name: "Torino"}
  - {id: "10", number: 10, name: "Chivassese"}
"""
MAPPED = action("a-mappata", "2.1.2", "s-parchi", "Corridoi ecologici lungo la Dora", status="in_progress",
                scope={"zones": ["10"]}, sdg=[11, 15],
                funding=[{"source": "pnrr", "pnrr": "M2C4", "amount": "250000.00"}])


def indexed_site(tmp_path: Path) -> Path:
    plan = write_edition(tmp_path / "plan", "2024-2026", [*BASE, MAPPED])
    (plan / "registries" / "zones.yaml").write_text(ZONES, "utf-8")
    return build(plan, tmp_path / "site", search=True)


def test_the_index_is_italian_and_holds_the_element_pages_only(tmp_path: Path) -> None:
    site = indexed_site(tmp_path)
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["it"]
    urls = {f["url"] for f in fragments(site)}
    assert len(urls) == len(BASE) + 1  # axes, strategies, actions; no views, no home, no pointer pages
    assert "/2024-2026/azioni/a-mappata/" in urls


def test_every_facet_is_in_the_index(tmp_path: Path) -> None:
    facets = filters(indexed_site(tmp_path))
    page = {"/2024-2026/azioni/a-mappata/"}
    assert facets["asse"]["2 Asse del verde"] >= page
    assert facets["strategia"]["2.1 Rete dei parchi metropolitani"] >= page
    assert facets["stato"]["in corso"] == page | {"/2024-2026/azioni/a-dati/"}
    assert facets["zona"]["zona 10 «Chivassese»"] == page
    assert facets["finanziamento"]["PNRR"] == page
    assert facets["sdg"]["15"] == page and facets["sdg"]["11"] == page
    assert facets["edizione"]["2024-2026"] >= page


def test_an_action_title_finds_its_page(tmp_path: Path) -> None:
    site = indexed_site(tmp_path)
    found = [f for f in fragments(site) if "Corridoi ecologici lungo la Dora" in f["meta"]["title"]]
    assert [f["url"] for f in found] == ["/2024-2026/azioni/a-mappata/"]
    assert "Corridoi ecologici lungo la Dora" in found[0]["content"]
    assert "Piano Strategico Metropolitano 2024-2026" not in found[0]["content"]  # the act line is not indexed
