"""psmctl site build on fixture plans: pages, stable URLs, links, badges, escaping, atomic swap."""

from __future__ import annotations

from pathlib import Path

import pytest

from psmctl.errors import UsageError
from psmctl.site import build as site_build
from tests.diffplans import BASE, action, axis, strategy, write_edition
from tests.site.sitecheck import broken_links, build, links_of, text_of

RENUMBERED = [  # the same ids as BASE with shifted codes: axes swapped, a strategy moved
    axis("asse-a", "2", "Asse della innovazione"),
    axis("asse-b", "1", "Asse del verde"),
    strategy("s-digitale", "2.1", "asse-a", "Costruire capacità digitali", summary="Portare la banda larga in ogni comune"),
    strategy("s-imprese", "2.2", "asse-a", "Sostenere le piccole imprese", summary="Reti di impresa e filiere"),
    strategy("s-parchi", "1.1", "asse-b", "Rete dei parchi metropolitani", summary="Collegare le aree protette"),
    action("a-fibra", "2.1.1", "s-digitale", "Fibra nelle aree montane", status="completed", progress="100"),
    action("a-dati", "2.1.2", "s-digitale", "Dati aperti del territorio", status="in_progress", progress="40",
           funding=[{"source": "own", "amount": "100000.00"}]),
    action("a-botteghe", "2.2.1", "s-imprese", "Botteghe digitali nei borghi"),
    action("a-bosco", "1.1.1", "s-parchi", "Grande bosco metropolitano", summary="Piantare alberi lungo i fiumi"),
    action("a-nuova", "1.1.2", "s-parchi", "Orti urbani condivisi"),
]
PLURAL = {"axis": "assi", "strategy": "strategie", "action": "azioni"}


def two_editions(root: Path) -> Path:
    write_edition(root, "2021-2023", BASE)
    return write_edition(root, "2024-2026", RENUMBERED, predecessor="2021-2023")


def test_every_element_has_its_page_and_its_stable_address(tmp_path: Path) -> None:
    site = build(two_editions(tmp_path / "plan"), tmp_path / "site")
    for edition, elements in (("2021-2023", BASE), ("2024-2026", RENUMBERED)):
        for element in elements:
            page = site / edition / PLURAL[element["kind"]] / element["id"] / "index.html"
            assert element["title"] in page.read_text(encoding="utf-8"), page
    for element in RENUMBERED:
        stable = site / "elementi" / element["id"] / "index.html"
        assert f"2024-2026/{PLURAL[element['kind']]}/{element['id']}/index.html" in links_of(stable)[-1]


def test_every_internal_link_resolves(tmp_path: Path) -> None:
    site = build(two_editions(tmp_path / "plan"), tmp_path / "site")
    assert len(list(site.rglob("index.html"))) > 40
    assert broken_links(site) == []


def test_the_link_checker_finds_a_broken_link(tmp_path: Path) -> None:
    site = build(two_editions(tmp_path / "plan"), tmp_path / "site")
    (site / "2024-2026" / "assi" / "asse-a" / "index.html").unlink()
    assert any(link.endswith("assi/asse-a/index.html") for link in broken_links(site))


def test_stable_addresses_survive_a_renumbering(tmp_path: Path) -> None:
    plan = write_edition(tmp_path / "plan", "2021-2023", BASE)
    before = build(plan, tmp_path / "before")
    addresses = sorted(p.relative_to(before).as_posix() for p in (before / "elementi").rglob("index.html"))
    write_edition(plan, "2024-2026", RENUMBERED, predecessor="2021-2023")
    after = build(plan, tmp_path / "after")
    for address in addresses:
        ident = address.split("/")[1]
        target = (after / address).parent / links_of(after / address)[-1]
        assert "2024-2026" in target.as_posix(), address
        title = next(e["title"] for e in RENUMBERED if e["id"] == ident)
        assert title in target.read_text(encoding="utf-8"), address


def test_a_changed_element_carries_the_badge_and_its_changes(tmp_path: Path) -> None:
    site = build(two_editions(tmp_path / "plan"), tmp_path / "site")
    fibra = text_of(site / "2024-2026" / "azioni" / "a-fibra" / "index.html")
    assert "Modificata rispetto all'edizione precedente" in fibra
    assert "stato di attuazione: programmata → conclusa" in fibra
    assert "Nuova in questa edizione" in text_of(site / "2024-2026" / "azioni" / "a-nuova" / "index.html")
    old = text_of(site / "2021-2023" / "azioni" / "a-fibra" / "index.html")
    assert "Modificato" not in old and "Nessuna edizione precedente" in old
    history = links_of(site / "2024-2026" / "azioni" / "a-fibra" / "index.html")
    assert "../../../2021-2023/azioni/a-fibra/index.html" in history


def test_the_edition_selector_leads_to_the_same_element(tmp_path: Path) -> None:
    site = build(two_editions(tmp_path / "plan"), tmp_path / "site")
    links = links_of(site / "2021-2023" / "azioni" / "a-dati" / "index.html")
    assert "../../../2024-2026/azioni/a-dati/index.html" in links


def test_plan_text_is_escaped_in_every_page(tmp_path: Path) -> None:
    hostile = [*BASE[:-1], action("a-bosco", "2.1.1", "s-parchi", "<script>alert(1)</script> bosco",
                                  summary='<img src=x onerror="alert(2)"> {{ 7*7 }}')]
    site = build(write_edition(tmp_path / "plan", "2021-2023", hostile), tmp_path / "site")
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<img src=x" not in html, page
    page = (site / "2021-2023" / "azioni" / "a-bosco" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; bosco" in page and "{{ 7*7 }}" in page


def test_a_failed_build_leaves_the_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = two_editions(tmp_path / "plan")
    site = build(plan, tmp_path / "site")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}

    def broken(folder: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(site_build, "_copy_assets", broken)
    with pytest.raises(OSError, match="disk full"):
        build(plan, site)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan", "site"]  # no staging folder left


def test_a_folder_psmctl_did_not_make_is_never_replaced(tmp_path: Path) -> None:
    plan = two_editions(tmp_path / "plan")
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "tesi.odt").write_bytes(b"not a site")
    with pytest.raises(UsageError, match="no `psmctl site build` wrote"):
        build(plan, mine)
    assert (mine / "tesi.odt").read_bytes() == b"not a site"


def test_sitemap_lists_the_content_pages_at_the_base_url(tmp_path: Path) -> None:
    site = build(two_editions(tmp_path / "plan"), tmp_path / "site", base_url="https://psm.example.it/piano/")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://psm.example.it/piano/2024-2026/azioni/a-fibra/index.html</loc>" in sitemap
    assert "elementi/" not in sitemap


def _built_by_the_command(plan: Path, folder: Path, hash_seed: str) -> Path:
    """`psmctl site build` in a process of its own, with its own PYTHONHASHSEED (set orders vary)."""
    import os
    import subprocess
    import sys

    site = folder / "site"
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-m", "psmctl", "site", "build", str(plan), "-o", str(site)],
                          capture_output=True, text=True, env=env, cwd=folder, timeout=600)
    assert done.returncode == 0, done.stderr
    return site


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """Every file of two builds, Pagefind's index and the documents included, compared as bytes."""
    import tempfile

    plan = two_editions(tmp_path / "plan")
    with tempfile.TemporaryDirectory(prefix="one-") as one, tempfile.TemporaryDirectory(prefix="other-place-") as two:
        first = _built_by_the_command(plan, Path(one), "1")
        second = _built_by_the_command(plan, Path(two), "4242")

        def files(site: Path) -> list[Path]:
            return sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())

        assert files(first) == files(second)
        suffixes = {f.suffix for f in files(first)}
        assert {".zip", ".pdf", ".docx", ".odt", ".pf_fragment", ".pf_filter", ".pf_meta", ".pf_index"} <= suffixes
        assert [f for f in files(first) if (first / f).read_bytes() != (second / f).read_bytes()] == []


def test_chapters_are_pages_of_safe_html(tmp_path: Path) -> None:
    plan = write_edition(tmp_path / "plan", "2021-2023", BASE)
    chapters = plan / "editions" / "2021-2023" / "chapters"
    chapters.mkdir()
    (chapters / "01-visione.md").write_text(
        "---\nkind: chapter\ntitle: La visione\nrole: vision\n---\n\n# La visione\n\n## Una metropoli *policentrica*\n\n"
        "Testo con <script>alert(1)</script> e [un link](javascript:alert(2)).\n", "utf-8")
    site = build(plan, tmp_path / "site")
    page = (site / "2021-2023" / "capitoli" / "la-visione" / "index.html").read_text(encoding="utf-8")
    assert "<h2" in page and "<em>policentrica</em>" in page
    assert "<script>alert(1)" not in page and "javascript:" not in page
    assert "capitoli/la-visione/index.html" in " ".join(links_of(site / "2021-2023" / "index.html"))


def test_against_incomplete_files_an_element_is_not_called_new(tmp_path: Path) -> None:
    plan = two_editions(tmp_path / "plan")
    head = plan / "editions" / "2021-2023" / "edition.yaml"
    head.write_text(head.read_text("utf-8").replace('"status"', '"incomplete": true, "status"'), "utf-8")
    nuova = text_of(build(plan, tmp_path / "site") / "2024-2026" / "azioni" / "a-nuova" / "index.html")
    assert "Non presente nei file dell'edizione 2021-2023" in nuova and "Nuovo" not in nuova


def test_an_edition_without_element_files_is_not_compared(tmp_path: Path) -> None:
    plan = write_edition(tmp_path / "plan", "2018-2020", [])
    write_edition(plan, "2021-2023", BASE, predecessor="2018-2020")
    page = text_of(build(plan, tmp_path / "site") / "2021-2023" / "azioni" / "a-fibra" / "index.html")
    assert "Nuovo" not in page and "Nessuna edizione precedente" in page


def test_every_page_names_the_adopting_act_and_links_it(tmp_path: Path) -> None:
    plan = two_editions(tmp_path / "plan")
    head = plan / "editions" / "2024-2026" / "edition.yaml"
    act = ('"adoption": {"organ": "Consiglio metropolitano", "number": "12", "date": "2024-07-24", '
           '"title": "Approvazione del PSM 2024-2026", "url": "https://albo.example.it/dcm-12-2024"}, "status"')
    head.write_text(head.read_text("utf-8").replace('"status"', act, 1), "utf-8")
    site = build(plan, tmp_path / "site")
    for page in (site / "2024-2026").rglob("index.html"):
        assert "Adottato con deliberazione del Consiglio metropolitano n. 12 del 24 luglio 2024" in text_of(page), page
        assert "https://albo.example.it/dcm-12-2024" in links_of(page), page
    old = text_of(site / "2021-2023" / "azioni" / "a-fibra" / "index.html")
    assert "Estremi dell'atto di adozione non registrati nei file del piano" in old


def test_the_home_page_says_what_the_files_lack(tmp_path: Path) -> None:
    plan = write_edition(tmp_path / "plan", "2021-2023", BASE)
    head = plan / "editions" / "2021-2023" / "edition.yaml"
    extra = ('"incomplete": true, "coverage_note": "Recuperati solo gli assi 1 e 2.", '
             '"declared_counts": {"strategies": 24, "actions": 111}, "status"')
    head.write_text(head.read_text("utf-8").replace('"status"', extra, 1), "utf-8")
    home = text_of(build(plan, tmp_path / "site") / "index.html")
    assert "2 assi, 3 strategie e 4 azioni nei file del piano (il testo ufficiale dichiara 24 strategie, 111 azioni)" in home
    assert "File incompleti" in home and "Recuperati solo gli assi 1 e 2." in home


def test_a_base_url_that_is_not_a_web_address_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not a web address"):
        build(two_editions(tmp_path / "plan"), tmp_path / "site", base_url="javascript:alert(1)")
    assert not (tmp_path / "site").exists()


def test_every_page_has_one_h1_a_main_landmark_a_skip_link_and_italian_language(tmp_path: Path) -> None:
    site = build(two_editions(tmp_path / "plan"), tmp_path / "site")
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        assert html.count("<h1") == 1 and '<html lang="it">' in html and html.count("<main") == 1, page
        if "elementi" not in page.parts:  # the pointer pages are a single link
            assert 'href="#main">Vai al contenuto principale' in html and '<footer' in html, page


def test_a_stable_address_follows_an_id_its_successor_continues(tmp_path: Path) -> None:
    plan = write_edition(tmp_path / "plan", "2021-2023", BASE)
    renamed = [e for e in RENUMBERED if e["id"] != "a-fibra"] + [
        action("a-fibra-ovunque", "2.1.1", "s-digitale", "Fibra in ogni comune", continues=["a-fibra"])]
    write_edition(plan, "2024-2026", renamed, predecessor="2021-2023")
    site = build(plan, tmp_path / "site")
    pointer = site / "elementi" / "a-fibra" / "index.html"
    assert links_of(pointer)[-1] == "../../2024-2026/azioni/a-fibra-ovunque/index.html"
    page = text_of(site / "2024-2026" / "azioni" / "a-fibra-ovunque" / "index.html")
    assert "Nell'edizione 2021-2023: 1.1.1 – Fibra nelle aree montane" in page


def test_no_page_loads_anything_from_another_host(tmp_path: Path) -> None:
    import re

    site = build(two_editions(tmp_path / "plan"), tmp_path / "site", search=True)
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        loaded = re.findall(r'<(?:script|img|link)[^>]*(?:src|href)="([^"]+)"', html)
        assert loaded and not [u for u in loaded if re.match(r"^(?:[a-z]+:)?//", u)], page


def test_summaries_and_descriptions_are_markdown_on_their_pages(tmp_path: Path) -> None:
    marked = [*BASE[:-1], action("a-bosco", "2.1.1", "s-parchi", "Grande bosco metropolitano",
                                 summary="Piantare *alberi* lungo i fiumi:\n\n- Dora\n- Stura\n\n"
                                         "Vedi [il progetto](https://www.example.it/bosco) e [altro](javascript:alert(1)).",
                                 description="## Come\n\nCon i **comuni** della zona.")]
    site = build(write_edition(tmp_path / "plan", "2021-2023", marked), tmp_path / "site")
    page = (site / "2021-2023" / "azioni" / "a-bosco" / "index.html").read_text(encoding="utf-8")
    assert "<p>Piantare <em>alberi</em> lungo i fiumi:</p>\n<ul>\n<li>Dora</li>\n<li>Stura</li>\n</ul>" in page
    assert '<a href="https://www.example.it/bosco">il progetto</a> e altro.' in page and "javascript:" not in page
    assert "<h3>Come</h3>\n<p>Con i <strong>comuni</strong> della zona.</p>" in page
    assert page.count("<h1") == 1


def test_a_source_shows_its_url_as_it_is(tmp_path: Path) -> None:
    url = "https://www.example.it/piano-strategico/asse-2/azioni?anno=2024&tipo=verde"
    plan = write_edition(tmp_path / "plan", "2021-2023",
                         [*BASE[:-1], action("a-bosco", "2.1.1", "s-parchi", "Grande bosco", sources=["S1"])])
    (plan / "registries" / "sources.yaml").write_text(
        f'kind: sources\nsources:\n  - {{key: S1, title: "Piano strategico", url: "{url}"}}\n', "utf-8")
    page = (build(plan, tmp_path / "site") / "2021-2023" / "azioni" / "a-bosco" / "index.html").read_text("utf-8")
    assert f'<a href="{url.replace("&", "&amp;")}">{url.replace("&", "&amp;")}</a>' in page
    assert "\u200b" not in page
