"""The site's page types in headless Chromium: axe-core (WCAG 2.1 AA) and no horizontal scroll.

Same set-up as the documents' audit (tests/browser/test_axe.py): runs when
Chromium and axe-core are present, which `.ci/run` installs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.test_axe import AXE, CHROMIUM, INSTALL, WIDTHS, audit
from tests.diffplans import action, write_edition
from tests.site.sitecheck import build
from tests.site.test_build import RENUMBERED
from tests.site.test_search import ZONES

pytestmark = pytest.mark.skipif(CHROMIUM is None or not AXE.is_file(), reason=f"needs Chromium and axe-core: {INSTALL}")

INDICATOR = {"kind": "indicator", "id": "i-verde", "name": "Superficie di verde urbano per abitante", "unit": "m²",
             "data_source": "ISTAT, Dati ambientali nelle città", "series": [
                 {"year": 2019, "value": "24.5"}, {"year": 2020, "value": "25.1"}, {"year": 2021, "value": "26.0"},
                 {"year": 2022, "value": "26.4"}]}
PAGES = {
    "home": "index.html",
    "axis": "2024-2026/assi/asse-b/index.html",
    "action": "2024-2026/azioni/a-lunga/index.html",
    "indicator": "2024-2026/indicatori/i-verde/index.html",
    "zone": "2024-2026/zone/10/index.html",
    "status": "2024-2026/stato/index.html",
    "search": "cerca/index.html",
    "sdg": "2024-2026/sdg/15/index.html",
    "downloads": "2024-2026/dati/index.html",
    "edition": "2024-2026/index.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site-axe")
    long_title = "Rigenerazione dei corridoi ecologici e delle infrastrutture verdi intercomunali " * 3
    plan = write_edition(root / "plan", "2024-2026", [*RENUMBERED, action(
        "a-lunga", "1.1.3", "s-parchi", long_title.strip(), status="in_progress", scope={"zones": ["10"]},
        sdg=[11, 15], funding=[{"source": "pnrr", "pnrr": "M2C4", "amount": "1250000.00", "year": 2024}],
        summary="Una sintesi con un indirizzo lunghissimo https://www.example.org/" + "percorso/" * 12)])
    (plan / "registries" / "zones.yaml").write_text(ZONES, "utf-8")
    (plan / "editions" / "2024-2026" / "indicators").mkdir()
    (plan / "editions" / "2024-2026" / "indicators" / "i-verde.yaml").write_text(json.dumps(INDICATOR), "utf-8")
    strategy = plan / "editions" / "2024-2026" / "strategies" / "s-parchi.yaml"
    strategy.write_text(strategy.read_text("utf-8").replace('"kind"', '"indicators": ["i-verde"], "kind"', 1), "utf-8")
    return build(plan, root / "out", search=True)


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_site_page_has_no_axe_violation_and_no_horizontal_scroll(site: Path, kind: str) -> None:
    page = site / PAGES[kind]
    assert page.is_file(), page
    results = audit(page, page.parent)
    assert [r["width"] for r in results] == list(WIDTHS)
    for result in results:
        assert result["violations"] == [], f"{kind} at {result['width']} px: {result['violations']}"
        assert int(str(result["scroll"])) <= int(str(result["width"])), f"{kind} scrolls sideways at {result['width']} px"
