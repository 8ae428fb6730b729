"""The site's view per classification dimension, and the values on element pages."""

from __future__ import annotations

from pathlib import Path

from tests.diffplans import BASE, write_edition
from tests.site.sitecheck import broken_links, build, links_of, text_of

CLASSIFIED = {"a-fibra": {"pilastro": ["p-digitale"]}, "a-dati": {"pilastro": ["p-digitale"], "driver": ["d-dati"]},
              "a-bosco": {"pilastro": ["p-verde"]}, "asse-b": {"driver": ["d-dati"]}}
REGISTRY = """kind: classifications
dimensions:
  - id: pilastro
    singular: pilastro
    levels: [action]
    values:
      - {id: p-verde, code: P1, label: Transizione ecologica}
      - {id: p-digitale, code: P2, label: Transizione digitale}
      - {id: p-vuoto, code: P3, label: Nessuno la usa}
  - id: driver
    singular: driver
    values:
      - {id: d-dati, label: Dati aperti}
"""


def classified_site(tmp_path: Path) -> Path:
    elements = [{**e, **({"classifications": CLASSIFIED[e["id"]]} if e["id"] in CLASSIFIED else {})} for e in BASE]
    plan = write_edition(tmp_path / "plan", "2024-2026", elements)
    (plan / "registries" / "classifications.yaml").write_text(REGISTRY, "utf-8")
    return build(plan, tmp_path / "site")


def test_a_view_per_dimension_with_a_page_per_value(tmp_path: Path) -> None:
    site = classified_site(tmp_path)
    edition = site / "2024-2026"
    home = text_of(edition / "index.html")
    assert "Pilastri" in home and "Driver" in home
    index = edition / "per-pilastro" / "index.html"
    assert "P1 – Transizione ecologica (1 elemento, di cui 1 azione)" in text_of(index)
    assert "P2 – Transizione digitale (2 elementi, di cui 2 azioni)" in text_of(index)
    assert "Nessuno la usa" not in text_of(index)  # a value no element takes has no page
    digital = text_of(edition / "per-pilastro" / "p-digitale" / "index.html")
    assert "Fibra nelle aree montane" in digital and "Dati aperti del territorio" in digital
    assert "Grande bosco metropolitano" not in digital
    driver = text_of(edition / "per-driver" / "d-dati" / "index.html")
    assert "Asse del verde" in driver and "Dati aperti del territorio" in driver
    assert broken_links(site) == []


def test_an_element_page_links_its_values(tmp_path: Path) -> None:
    site = classified_site(tmp_path)
    page = site / "2024-2026" / "azioni" / "a-dati" / "index.html"
    text = text_of(page)
    assert "Pilastro Transizione digitale" in text and "Driver Dati aperti" in text
    assert any(link.endswith("per-pilastro/p-digitale/index.html") for link in links_of(page))


def test_no_registry_no_dimension_view(tmp_path: Path) -> None:
    site = build(write_edition(tmp_path / "plan", "2024-2026", BASE), tmp_path / "site")
    assert not any(p.name.startswith("per-") for p in (site / "2024-2026").iterdir())
    assert "Pilastr" not in text_of(site / "2024-2026" / "index.html")
