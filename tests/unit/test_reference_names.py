"""What the files name by key (zones, comuni, bodies, DUP objectives, indicators) by name, in every output."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from psmctl.cli import app
from psmctl.model.elements import Scope
from psmctl.rendering.names import Names
from psmctl.validate import validate_path
from tests.conftest import write_files

ZONES = """kind: zones
comuni_complete: true
zones:
  - id: torino
    number: 1
    name: Torino
    comuni:
      - {name: Torino, istat: "001272"}
  - id: amt-ovest
    number: 2
    name: AMT Ovest
    comuni:
      - {name: Collegno, istat: "001090"}
      - {name: Grugliasco, istat: "001120"}
  - id: "3"
    name: Zona Tre
"""
COMUNI = ["001272", "001090", "001120", "001156", "001219", "001171"]
COMUNI_REGISTRY = "kind: comuni\ncomuni:\n" + "".join(
    f"  - {{istat: \"{code}\", name: {name}}}\n"
    for code, name in zip(COMUNI, ["Torino", "Collegno", "Grugliasco", "Moncalieri", "Rivoli", "Nichelino"]))
SCOPED = """kind: action
id: corridoi
code: "1.1.1"
parent: rete-verde
title: Corridoi ecologici
summary: Collegare le aree protette.
status: in_progress
competence: own
lead_body: cm
scope:
  zones: [{zones}]
  comuni: [{comuni}]
sources: [S1]
"""


def names_of(plan: Path) -> Names:
    write_files(plan, {"registries/zones.yaml": ZONES, "registries/comuni.yaml": COMUNI_REGISTRY})
    scoped(plan, "2024-2026", '"amt-ovest"', '"001090"')  # the shipped fixture names zones this registry lacks
    loaded, report = validate_path(plan)
    assert [d.message for d in report.diagnostics if d.severity.value == "error"] == []
    return Names.of(loaded)


def test_zones_by_number_and_name_whatever_key_the_files_use(base_plan: Path) -> None:
    names = names_of(base_plan)
    assert names.zone("amt-ovest") == names.zone("2") == "zona 2 «AMT Ovest»"
    assert names.zone("3") == "Zona Tre"  # no number, and a name that says zona already
    assert names.zone("99") == "zona 99"  # unknown: as written (validate reports it)


def test_a_scope_names_a_few_known_comuni_and_counts_the_rest(base_plan: Path) -> None:
    names = names_of(base_plan)
    few = Scope(zones=["torino"], comuni=["001090", "001120"])
    assert names.scope(few) == "zona 1 «Torino»; comuni di Collegno e Grugliasco"
    assert names.summed_up(few) == []
    many = Scope(comuni=COMUNI)
    assert names.scope(many) == "6 comuni"
    assert names.summed_up(many)[:2] == ["Torino (001272)", "Collegno (001090)"]
    unknown = Scope(comuni=["001090", "009999"])
    assert names.scope(unknown) == "2 comuni"  # never a bare code in a sentence
    assert names.summed_up(unknown) == ["Collegno (001090)", "009999"]
    assert names.scope(Scope(whole_territory=True)) == "intero territorio metropolitano"
    assert names.scope(Scope(comuni=["001090", "001120", "001156"])) == "comuni di Collegno, Grugliasco e Moncalieri"
    assert names.scope(Scope(comuni=["001090"])) == "comune di Collegno"


def scoped(plan: Path, edition: str, zones: str, comuni: str) -> None:
    write_files(plan, {f"editions/{edition}/actions/corridoi.yaml": SCOPED.format(zones=zones, comuni=comuni)})
    (plan / "editions" / edition / "actions" / "parchi.yaml").unlink(missing_ok=True)  # it holds code 1.1.1 there


def test_the_documents_and_the_revision_report_name_zones_and_comuni(base_plan: Path, tmp_path: Path) -> None:
    names_of(base_plan)
    scoped(base_plan, "2021-2023", '"amt-ovest"', '"001090"')
    earlier = base_plan / "editions" / "2021-2023" / "actions" / "corridoi.yaml"
    earlier.write_text(earlier.read_text("utf-8").replace("lead_body: cm", "lead_body: ateneo"), "utf-8")
    scoped(base_plan, "2024-2026", '"amt-ovest", "torino"', ", ".join(f'"{c}"' for c in COMUNI))
    runner = CliRunner()
    annex, document, report = tmp_path / "annex.md", tmp_path / "plan.md", tmp_path / "revision.md"
    for args in (["render", "annex", "--plan", str(base_plan), "-f", "md", "-o", str(annex)],
                 ["render", "plan", "--plan", str(base_plan), "-f", "md", "-o", str(document)],
                 ["diff", "2021-2023", "2024-2026", "--plan", str(base_plan), "-f", "md", "-o", str(report)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.stdout + result.stderr
    annex_text = annex.read_text("utf-8")
    assert "zona 2 «AMT Ovest»; zona 1 «Torino»; 6 comuni" in annex_text.replace("\\", "")
    # the plan document's card of the action lists the comuni its one line counts
    assert "Rivoli (001219)" in document.read_text("utf-8").replace("\\", "")
    revision = report.read_text("utf-8").replace("\\", "")
    assert "zone omogenee: zona 2 «AMT Ovest» → zona 2 «AMT Ovest», zona 1 «Torino»" in revision
    assert "comuni: Collegno (001090) → Torino (001272), Collegno (001090)" in revision
    assert "amt-ovest" not in revision
    # bodies, DUP objectives and indicators by name too, never by the ids the files use
    assert "soggetto attuatore: Università di Prova → Città metropolitana di Prova" in revision
    assert "obiettivi DUP: — → Obiettivo strategico uno" in revision
    assert "indicatori: — → Superficie di verde urbano per abitante" in revision
    assert "dup-1" not in revision and "superficie-verde" not in revision


def test_site_pages_name_the_comuni_of_a_scope(base_plan: Path, tmp_path: Path) -> None:
    from tests.site.sitecheck import build

    names_of(base_plan)
    scoped(base_plan, "2024-2026", '"amt-ovest"', '"001090", "001120"')
    site = build(base_plan, tmp_path / "site")
    page = (site / "2024-2026" / "azioni" / "corridoi" / "index.html").read_text("utf-8")
    assert "zona 2 «AMT Ovest»; comuni di Collegno e Grugliasco" in page
    assert "Collegno (001090), Grugliasco (001120)" in page


def test_monitoring_zone_tables_and_zone_extracts_never_show_a_zone_id(base_plan: Path, tmp_path: Path) -> None:
    from psmctl.monitoring.rollup import rollup

    names_of(base_plan)
    scoped(base_plan, "2024-2026", '"torino", "amt-ovest", "3"', '"001090"')
    loaded, _ = validate_path(base_plan)
    labels = {group.label for group in rollup(loaded, loaded.editions["2024-2026"], None).zones}
    assert {"zona 1 «Torino»", "zona 2 «AMT Ovest»", "Zona Tre"} <= labels
    extract = tmp_path / "extract.md"
    result = CliRunner().invoke(app, ["render", "annex", "--plan", str(base_plan), "--zone", "3", "-f", "md",
                                      "-o", str(extract)])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Estratto per la zona omogenea «Zona Tre»" in extract.read_text("utf-8").replace("\\", "")
