"""The stato di attuazione on the site comes from the monitoring core: rounds, roll-ups, assessment, charts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.diffplans import BASE, write_edition
from tests.site.sitecheck import broken_links, build, links_of, text_of

ROUND = """kind: monitoring
as_of: 2025-08-31
actions:
  a-fibra: {status: completed, progress: 100}
  a-dati: {status: in_progress, progress: 70, note: Pubblicati i primi dataset., evidence: ["https://dati.example.it/"]}
  a-bosco: {status: suspended, progress: 10, note: In attesa del finanziamento.}
"""
INDICATOR = {"kind": "indicator", "id": "i-verde", "name": "Verde urbano fruibile per abitante", "unit": "m²/ab",
             "polarity": "positive", "baseline": {"year": 2022, "value": "20.0"},
             "target": {"year": 2026, "value": "24.0"},
             "series": [{"year": 2023, "value": "20.6"}, {"year": 2024, "value": "21.7"}]}


def monitored(tmp_path: Path) -> Path:
    plan = write_edition(tmp_path / "plan", "2024-2026", BASE)
    (plan / "editions" / "2024-2026" / "monitoring").mkdir()
    (plan / "editions" / "2024-2026" / "monitoring" / "2025-08-31.yaml").write_text(ROUND, "utf-8")
    (plan / "editions" / "2024-2026" / "indicators").mkdir()
    (plan / "editions" / "2024-2026" / "indicators" / "i-verde.yaml").write_text(json.dumps(INDICATOR), "utf-8")
    return build(plan, tmp_path / "site")


def test_an_action_page_shows_its_state_at_the_latest_round(tmp_path: Path) -> None:
    page = text_of(monitored(tmp_path) / "2024-2026" / "azioni" / "a-dati" / "index.html")
    assert "Stato di attuazione al 31 agosto 2025 in corso, avanzamento 70%. Pubblicati i primi dataset." in page


def test_the_status_page_and_the_home_read_the_rollup(tmp_path: Path) -> None:
    site = monitored(tmp_path)
    status = text_of(site / "2024-2026" / "stato" / "index.html")
    assert "al 31 agosto 2025" in status
    # four actions: one completed, one in progress, one suspended, one no round reports (its file has no status)
    assert "Concluse: 25% · avviate (in corso o concluse): 50%" in status
    assert "sospesa 1 25%" in status and "non rilevata 1 25%" in status
    home = text_of(site / "index.html")
    assert "ultima rilevazione del monitoraggio: 31 agosto 2025" in home


def test_an_indicator_page_has_the_monitoring_chart_and_its_table(tmp_path: Path) -> None:
    site = monitored(tmp_path)
    folder = site / "2024-2026" / "indicatori" / "i-verde"
    assert (folder / "andamento.svg").read_bytes().lstrip().startswith((b"<?xml", b"<svg"))
    page = text_of(folder / "index.html")
    assert "Valutazione:" in page and "2024 21,70" in page
    assert "andamento.svg" in links_of(folder / "index.html")
    assert broken_links(site) == []


def test_badges_lists_and_the_search_facet_show_the_latest_rounds_status(tmp_path: Path) -> None:
    # a-fibra's own file says planned; the round of 2025-08-31 says completed: the site says conclusa
    # everywhere it shows a status, as its status page counts it (a-bosco has no status in its file).
    site = monitored(tmp_path)
    page = (site / "2024-2026" / "azioni" / "a-fibra" / "index.html").read_text("utf-8")
    assert '<span class="badge psm-status">conclusa</span>' in page
    assert 'data-pagefind-filter="stato[data-value]" data-value="conclusa"' in page
    assert "programmata" not in page
    strategy = (site / "2024-2026" / "strategie" / "s-digitale" / "index.html").read_text("utf-8")
    assert "programmata" not in strategy and strategy.count('<span class="badge psm-status">') == 2
    bosco = (site / "2024-2026" / "azioni" / "a-bosco" / "index.html").read_text("utf-8")
    assert '<span class="badge psm-status">sospesa</span>' in bosco
