"""A plan classified along cross-cutting dimensions (pilastri, driver), end to end.

The fixture `valid/classifications` is the second shape of issue 9: two levels
(ambito › progetto), codes restarting in each ambito, two dimensions. It is
validated (by the fixture walker), rendered in every format, diffed across its
two editions, exported and imported back.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from psmctl.cli import app
from psmctl.model.grammar import noun
from tests.agreement import agreement_errors, torino_words
from tests.cli.test_exchange import set_cell
from tests.cli.test_render import read_back
from tests.conftest import FIXTURES, build_case

runner = CliRunner()
NOUNS = [noun("ambito"), noun("progetto"), noun("pilastro"), noun("driver")]
DIMENSION_NOUN_FORMS = ("per pilastro", "per driver")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return build_case(FIXTURES / "valid" / "classifications", tmp_path / "plan")


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def rendered(plan: Path, what: str, fmt: str = "md") -> str:
    out = plan.parent / f"{what}.{fmt}"
    run("render", what, "--plan", str(plan), "--format", fmt, "-o", str(out))
    return out.read_text("utf-8") if fmt == "md" else read_back(out)


def test_the_annex_shows_values_by_label_and_a_table_per_dimension(plan: Path) -> None:
    annex = rendered(plan, "annex")
    assert "Gli elementi del piano sono inoltre classificati per pilastro e per driver" in annex
    assert "| Codice | Pilastro | Progetti |" in annex  # pilastri apply to progetti only
    assert "| P1 | Transizione ecologica | 2 |" in annex and "| P3 | Competitività e innovazione | 0 |" in annex
    assert "| Driver | Ambiti | Progetti |" in annex and "| Partecipazione | 1 | 2 |" in annex
    assert ": Tabella 2 – Elementi del piano per pilastro" in annex
    assert ": Tabella 3 – Elementi del piano per driver" in annex
    assert ": Tabella 4 – Progetti dell'ambito 1" in annex  # the level tables are numbered after them
    row = next(line for line in annex.splitlines() if line.startswith("| 1 | Corridoi ecologici"))
    assert row.startswith("| 1 | Corridoi ecologici – *Pilastro:* Transizione ecologica; "
                          "*Driver:* Digitalizzazione, Partecipazione | altri soggetti")
    assert "- **Driver:** Partecipazione" in annex  # the ambito's own value
    assert agreement_errors(annex, NOUNS) == [] and torino_words(annex) == []


def test_the_plan_shows_each_element_values_and_an_annex_per_dimension(plan: Path) -> None:
    document = rendered(plan, "plan")
    block = document.split("#### Progetto 1 – Corridoi ecologici")[1].split("####")[0]
    assert "- **Pilastro:** Transizione ecologica" in block
    assert "- **Driver:** Digitalizzazione, Partecipazione" in block  # "driver" is the same in the plural
    assert "### Allegato C – Elementi del piano per pilastro" in document
    assert "I tre pilastri che attraversano gli ambiti del piano\\." in document  # the dimension's description
    assert "### Allegato D – Elementi del piano per driver" in document
    assert agreement_errors(document, NOUNS) == [] and torino_words(document) == []


def test_several_values_are_named_with_the_plural(plan: Path) -> None:
    registry = plan / "registries/classifications.yaml"
    registry.write_text(registry.read_text("utf-8").replace("multiple: false", "multiple: true"), "utf-8")
    action = plan / "editions/2024-2026/actions/energia.yaml"
    action.write_text(action.read_text("utf-8").replace("[p-ambiente]", "[p-ambiente, p-coesione]"), "utf-8")
    assert "- **Pilastri:** Transizione ecologica, Coesione sociale e territoriale" in rendered(plan, "plan")


def test_no_dimension_no_classification_text(plan: Path) -> None:
    (plan / "registries/classifications.yaml").write_text("kind: classifications\ndimensions: []\n", "utf-8")
    for path in (plan / "editions").rglob("*.yaml"):
        lines = path.read_text("utf-8").splitlines(keepends=True)
        kept, skipping = [], False
        for line in lines:
            skipping = line.startswith("classifications:") or (skipping and line.startswith("  "))
            if not skipping:
                kept.append(line)
        path.write_text("".join(kept), "utf-8")
    annex, document = rendered(plan, "annex"), rendered(plan, "plan")
    assert "classificati" not in annex and "Pilastro" not in annex and "| Stato |\n" in annex
    assert "per pilastro" not in document and "Allegato C" not in document


@pytest.mark.parametrize("fmt", ["docx", "odt", "html", "pdf"])
def test_every_format_carries_the_labels(plan: Path, fmt: str) -> None:
    for what in ("annex", "plan"):
        text = rendered(plan, what, fmt)
        if fmt == "pdf":
            text = text.replace("- ", "")
        assert "Coesione sociale e territoriale" in text and "Elementi del piano per driver" in text, what
        assert torino_words(text) == [], what


def test_the_diff_names_dimension_and_labels_in_every_format(plan: Path) -> None:
    args = ("diff", "2021-2023", "2024-2026", "--plan", str(plan))
    assert "      driver: aggiunto «Partecipazione»" in run(*args).splitlines()
    report = run(*args, "--format", "md")
    assert "driver\\: aggiunto «Partecipazione»" in report
    assert agreement_errors(report, NOUNS) == [] and torino_words(report) == []
    changes = json.loads(run(*args, "--format", "json"))["changes"]
    fields = [f for c in changes for f in c["fields"] if f["field"].startswith("classifications.")]
    assert fields == [{"field": "classifications.driver", "old": ["d-digitale"],
                       "new": ["d-digitale", "d-partecipazione"], "dimension": "driver",
                       "text": "driver: aggiunto «Partecipazione»", "added": [
                           {"id": "d-partecipazione", "label": "Partecipazione"}], "removed": []}]
    out = plan.parent / "relazione.docx"
    run(*args, "--format", "docx", "-o", str(out))
    assert "driver: aggiunto «Partecipazione»" in read_back(out).replace("\\", "")


def test_a_removed_value_and_a_reordered_list(plan: Path) -> None:
    old = plan / "editions/2021-2023/actions/parchi.yaml"
    old.write_text(old.read_text("utf-8").replace("[p-ambiente]", "[p-coesione]")
                   .replace("driver: [d-digitale]", "driver: [d-partecipazione, d-digitale]"), "utf-8")
    lines = run("diff", "2021-2023", "2024-2026", "--plan", str(plan)).splitlines()
    assert "      pilastro: aggiunto «Transizione ecologica»; rimosso «Coesione sociale e territoriale»" in lines
    assert not any("driver:" in line for line in lines)  # the same values in another order are no change


def sheet_cells(book: Path, sheet: str) -> dict[str, dict[str, object]]:
    ws = load_workbook(book)[sheet]
    header = [c.value for c in ws[1]]
    return {str(row[0].value): dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2)}


def exported(plan: Path) -> Path:
    sheet = plan.parent / "piano.xlsx"
    run("export", "--plan", str(plan), "--format", "xlsx", "-o", str(sheet))
    return sheet


def test_the_sheet_has_a_column_per_dimension_and_round_trips(plan: Path) -> None:
    sheet = exported(plan)
    actions = sheet_cells(sheet, "actions")
    assert actions["corridoi"]["classification_driver"] == "d-digitale, d-partecipazione"
    assert actions["corridoi"]["classification_pilastro"] == "p-ambiente"
    assert actions["energia"]["classification_driver"] is None
    assert sheet_cells(sheet, "axes")["abitare"]["classification_driver"] == "d-partecipazione"
    before = {p: p.read_bytes() for p in plan.rglob("*.yaml")}
    run("import", str(sheet), "--plan", str(plan))
    assert {p: p.read_bytes() for p in plan.rglob("*.yaml")} == before


def test_a_value_set_in_the_sheet_is_written_as_a_list(plan: Path) -> None:
    sheet = exported(plan)
    set_cell(sheet, "actions", "energia", "classification_driver", "d-digitale , d-partecipazione")
    set_cell(sheet, "axes", "asse-verde", "classification_driver", "d-digitale")
    run("import", str(sheet), "--plan", str(plan))
    energia = (plan / "editions/2024-2026/actions/energia.yaml").read_text("utf-8")
    assert "classifications: {pilastro: [p-ambiente], driver: [d-digitale, d-partecipazione]}" in energia
    axis = (plan / "editions/2024-2026/axes/asse-verde.yaml").read_text("utf-8")
    assert "classifications:\n  driver: [d-digitale]\n" in axis
    assert runner.invoke(app, ["validate", str(plan)]).exit_code == 0


@pytest.mark.parametrize(("value", "refusal"), [
    (None, "the cell was emptied"),
    ("d-digitle", "'d-digitle' is not a value of dimension 'driver'"),
])
def test_the_sheet_refuses_an_emptied_cell_and_an_unknown_value(plan: Path, value: object, refusal: str) -> None:
    sheet = exported(plan)
    set_cell(sheet, "actions", "corridoi", "classification_driver", value)
    before = {p: p.read_bytes() for p in plan.rglob("*.yaml")}
    result = runner.invoke(app, ["import", str(sheet), "--plan", str(plan)])
    assert result.exit_code != 0 and refusal in result.stdout + result.stderr
    assert {p: p.read_bytes() for p in plan.rglob("*.yaml")} == before


def test_open_data_has_the_link_table_and_the_registry(plan: Path) -> None:
    folder = plan.parent / "opendata"
    run("export", "--plan", str(plan), "--format", "csv", "-o", str(folder))
    links = (folder / "element_classifications.csv").read_text("utf-8").splitlines()
    assert links[0] == "element_id,kind,dimension_id,value_id"
    assert "corridoi,action,driver,d-partecipazione" in links and "abitare,axis,driver,d-partecipazione" in links
    values = (folder / "classification_values.csv").read_text("utf-8").splitlines()
    assert "pilastro,p-ambiente,P1,Transizione ecologica," in values
    dimensions = (folder / "classification_dimensions.csv").read_text("utf-8").splitlines()
    assert "pilastro,pilastro,pilastri,m,I tre pilastri che attraversano gli ambiti del piano.,action,false" in dimensions
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert {"element_classifications", "classification_dimensions", "classification_values"} <= set(resources)
    assert resources["element_classifications"]["schema"]["foreignKeys"] == [
        {"fields": "dimension_id", "reference": {"resource": "classification_dimensions", "fields": "id"}}]


def test_new_takes_classification_values_checked_by_the_validate_rule(plan: Path) -> None:
    out = run("new", "progetto", "--plan", str(plan), "--parent", "abitare", "--title", "Case popolari",
              "--classify", "pilastro=p-coesione", "-c", "driver=d-digitale", "-c", "driver=d-partecipazione")
    text = Path(out.strip()).read_text("utf-8")
    assert "title: Case popolari\nclassifications: {pilastro: [p-coesione], driver: [d-digitale, d-partecipazione]}\n" \
           "status: planned\n" in text
    assert runner.invoke(app, ["validate", str(plan)]).exit_code == 0
    for flag, refusal in (("pilastro=p-coesion", "did you mean 'p-coesione'?"),
                          ("pilastro=p-coesione,p-ambiente", "dimension 'pilastro' allows one value, 2 are given"),
                          ("pilastri=p-coesione", "dimension 'pilastri' is not in registries/classifications.yaml"),
                          ("pilastro", "expected DIMENSION=VALUE")):
        result = runner.invoke(app, ["new", "progetto", "--plan", str(plan), "--parent", "abitare", "--title", "Y",
                                     "--classify", flag])
        assert result.exit_code == 2 and refusal in result.stderr, flag
    result = runner.invoke(app, ["new", "ambito", "--plan", str(plan), "--title", "Z", "-c", "pilastro=p-coesione"])
    assert result.exit_code == 2 and "dimension 'pilastro' does not apply to ambiti (axis)" in result.stderr
    assert not list(plan.rglob("y.yaml")) and not list(plan.rglob("z.yaml"))  # nothing written
