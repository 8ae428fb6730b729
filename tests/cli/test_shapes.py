"""Plans of other cities' shapes, rendered, diffed and exchanged: correct Italian, no Torino word.

Every preset `psmctl init` offers is built in tmp_path from its level names,
with a top-level element that has children and one that has none (so the
"Nessun…" sentences are printed), then rendered, diffed against a second
edition and round-tripped through the exchange formats.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from psmctl.authoring.newplan import PRESETS
from psmctl.cli import app
from psmctl.model.grammar import noun
from tests.agreement import agreement_errors, count_errors, internal_values, participle_errors, torino_words
from tests.cli.test_render import read_back

runner = CliRunner()
BODY = "Città metropolitana di Bari"


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def shaped_plan(folder: Path, preset: str, *extra: str) -> Path:
    """A plan in `preset`'s levels: element 1 with a child at every level below, element 2 with none."""
    run("init", str(folder), "--body", BODY, "--levels", preset, "--edition", "2025-2027",
        "--title", "Terra di mezzo", *extra)
    plan = folder / "plan"
    parent: list[str] = []
    for name in PRESETS[preset] if preset in PRESETS else preset.split("/"):
        out = run("new", name, "--plan", str(plan), "--title", f"Primo elemento ({name})", *parent)
        parent = ["--parent", Path(out.strip()).stem]
    top = PRESETS[preset][0] if preset in PRESETS else preset.split("/")[0]
    run("new", top, "--plan", str(plan), "--title", "Secondo elemento senza figli")
    return plan


def nouns(preset: str) -> list:  # type: ignore[type-arg]
    return [noun(name) for name in PRESETS[preset]]


@pytest.mark.parametrize("preset", list(PRESETS))
def test_documents_of_every_preset_read_grammatically(tmp_path: Path, preset: str) -> None:
    plan = shaped_plan(tmp_path, preset)
    _fill_first_action(plan, "2025-2027", ONE_COMUNE)
    for what in ("annex", "plan"):
        out = tmp_path / f"{what}.md"
        run("render", what, "--plan", str(plan), "--format", "md", "-o", str(out))
        text = out.read_text("utf-8")
        assert agreement_errors(text, nouns(preset)) == [], what
        assert count_errors(text, nouns(preset)) == [], what
        assert internal_values(text) == [], what
        assert torino_words(text) == [], what
        assert BODY.upper() in text and "Piano Strategico Metropolitano 2025\\-2027" in text
    levels = PRESETS[preset]
    annex = (tmp_path / "annex.md").read_text("utf-8")
    assert f"| N. | {levels[-1].capitalize()} |" in annex  # the action table is named after the bottom level
    assert "Zone omogenee" not in (tmp_path / "plan.md").read_text("utf-8")  # no zones, no zone annex
    assert "1 comune" in annex  # the bottom-level table's scope counts its one comune


# An action's facts in the files' keys; the documents print the annex's words for them.
ONE_COMUNE = "scope: {comuni: [\"072006\"]}\n"
FACTS_BEFORE = ("status: planned\ncompetence: own\ncm_role: [implementer]\n"
                "funding: [{source: own, amount: 1000}]\n")
FACTS_AFTER = ("status: completed\ncompetence: others\ncm_role: [coordinator, support]\n"
               "funding: [{source: eu_other, amount: 2000}]\n")


def _fill_first_action(plan: Path, edition: str, facts: str) -> None:
    """Give the edition's first bottom-level element `facts` (its own status line replaced)."""
    first = sorted((plan / "editions" / edition / "actions").glob("*.yaml"))[0]
    text = first.read_text("utf-8").replace("status: planned\n", "")
    first.write_text(text + facts, "utf-8")


@pytest.mark.parametrize("preset", list(PRESETS))
def test_revision_report_of_every_preset_reads_grammatically(tmp_path: Path, preset: str) -> None:
    plan = shaped_plan(tmp_path, preset)
    run("new", "edition", "2028-2030", "--from", "2025-2027", "--plan", str(plan))
    top = PRESETS[preset][0]
    run("new", top, "--plan", str(plan), "--edition", "2028-2030", "--title", "Terzo elemento")
    _fill_first_action(plan, "2025-2027", FACTS_BEFORE)
    _fill_first_action(plan, "2028-2030", FACTS_AFTER)
    report = run("diff", "2025-2027", "2028-2030", "--plan", str(plan), "--format", "md")
    assert agreement_errors(report, nouns(preset)) == []
    assert count_errors(report, nouns(preset)) == []
    assert internal_values(report) == []  # «competenza: Città metropolitana → altri soggetti», never «own → others»
    action = noun(PRESETS[preset][-1])
    report = re.sub(r"\\(.)", r"\1", report)  # Markdown escapes away, for the phrases below
    # the status words agree with the bottom level («nuovo elemento» elsewhere is the element's, not the level's)
    status = {"m": "programmato → concluso", "f": "programmata → conclusa"}[action.gender]
    assert f"stato di attuazione: {status}" in report
    assert "competenza: Città metropolitana → altri soggetti" in report
    assert "ruolo della CM: attuatore → coordinamento, supporto" in report
    assert "finanziamenti: fondi propri € 1.000,00 → altri fondi UE € 2.000,00" in report
    assert torino_words(report) == []
    assert "strategy" not in report.lower() and "axis" not in report.lower()
    header = next(line for line in report.splitlines() if line.startswith("| Variazione"))
    assert header.count("|") == len(PRESETS[preset]) + 2  # one column per level the plan has
    terminal = run("diff", "2025-2027", "2028-2030", "--plan", str(plan))
    assert f"  {top:<10} added  3 Terzo elemento" in terminal.splitlines()
    assert not {"axis", "strategy", "action"} & set(terminal.split())


def test_two_level_headings_go_one_step_at_a_time(tmp_path: Path) -> None:
    plan = shaped_plan(tmp_path, "ambito/progetto")
    out = tmp_path / "plan.md"
    run("render", "plan", "--plan", str(plan), "--format", "md", "-o", str(out))
    lines = out.read_text("utf-8").splitlines()
    assert "### Ambito 1 – Primo elemento \\(ambito\\)" in lines
    assert "#### Progetto 1\\.1 – Primo elemento \\(progetto\\)" in lines
    assert not any(line.startswith("##### ") for line in lines)


def test_plan_name_and_letterhead_from_plan_yaml(tmp_path: Path) -> None:
    plan = shaped_plan(tmp_path, "visione/strategia/azione", "--plan-name", "Piano Strategico 2030")
    project = plan / "plan.yaml"
    text = project.read_text("utf-8").replace('edition_name: "{plan_name} {start}-{end}"',
                                              'edition_name: "{plan_name}"')
    project.write_text(text + 'letterhead: "Ufficio di Piano"\n', "utf-8")
    out = tmp_path / "annex.docx"
    run("render", "annex", "--plan", str(plan), "--format", "docx", "-o", str(out))
    back = read_back(out)
    assert "Piano Strategico 2030 «Terra di mezzo»" in back and "Ufficio di Piano" in back
    assert "Piano Strategico Metropolitano" not in back


def test_the_open_data_package_is_titled_with_the_plan_name(tmp_path: Path) -> None:
    import json

    plan = shaped_plan(tmp_path, "ambito/progetto", "--plan-name", "Piano Strategico Triennale del Territorio Metropolitano")
    run("export", "--plan", str(plan), "--format", "csv", "-o", str(tmp_path / "od"))
    title = json.loads((tmp_path / "od" / "datapackage.json").read_text("utf-8"))["title"]
    assert title == "Piano Strategico Triennale del Territorio Metropolitano 2025-2027 «Terra di mezzo»"


@pytest.mark.parametrize("fmt", ["docx", "odt", "html", "pdf"])
def test_a_two_level_plan_renders_in_every_format(tmp_path: Path, fmt: str) -> None:
    plan = shaped_plan(tmp_path, "ambito/progetto")
    out = tmp_path / f"annex.{fmt}"
    run("render", "annex", "--plan", str(plan), "--format", fmt, "-o", str(out))
    back = read_back(out)
    if fmt == "pdf":
        back = back.replace("- ", "")
    assert "Progetti dell'ambito 1" in back and "Nessun progetto riportato per questo ambito" in back


def test_a_shaped_plan_survives_export_and_import(tmp_path: Path) -> None:
    plan = shaped_plan(tmp_path, "ambito/progetto")
    sheet = tmp_path / "piano.xlsx"
    run("export", "--plan", str(plan), "--format", "xlsx", "-o", str(sheet))
    before = {p: p.read_bytes() for p in plan.rglob("*.yaml")}
    run("import", str(sheet), "--plan", str(plan))
    assert {p: p.read_bytes() for p in plan.rglob("*.yaml")} == before  # an unedited sheet changes nothing


def _orphan(plan: Path, flag: str) -> None:
    folder = next((plan / "editions").iterdir()) / "actions"
    folder.mkdir(exist_ok=True)
    (folder / "orfana.yaml").write_text(
        "kind: action\nid: orfana\ncode: \"1.?\"\nparent: primo-elemento-missione\n"
        f"title: Azione di obiettivo ignoto\nstatus: planned\n{flag}", "utf-8")


def test_an_unknown_middle_level_is_recorded_counted_and_shown(tmp_path: Path) -> None:
    plan = shaped_plan(tmp_path, "missione/obiettivo/azione")
    _orphan(plan, "")
    result = runner.invoke(app, ["validate", str(plan)])
    assert result.exit_code == 1 and "add `strategy_unknown: true`" in result.stdout  # never silently allowed
    _orphan(plan, "strategy_unknown: true\n")
    assert runner.invoke(app, ["validate", str(plan)]).exit_code == 0
    for what in ("annex", "plan"):
        run("render", what, "--plan", str(plan), "--format", "md", "-o", str(tmp_path / f"{what}.md"))
    annex = " ".join((tmp_path / "annex.md").read_text("utf-8").split())
    assert "Per 1 azione le fonti non indicano l'obiettivo: è elencata sotto la missione di appartenenza." in annex
    assert "Azioni della missione 1 senza obiettivo indicato" in annex
    assert "**Obiettivo:** non indicato nelle fonti" in (tmp_path / "plan.md").read_text("utf-8")
    assert agreement_errors(annex, nouns("missione/obiettivo/azione")) == []


def test_a_two_level_plan_has_no_middle_level_to_be_unknown(tmp_path: Path) -> None:
    plan = shaped_plan(tmp_path, "ambito/progetto")
    folder = next((plan / "editions").iterdir()) / "actions"
    (folder / "x.yaml").write_text("kind: action\nid: x\ncode: \"1.2\"\nparent: primo-elemento-ambito\n"
                                   "title: X\nstrategy_unknown: true\n", "utf-8")
    result = runner.invoke(app, ["validate", str(plan)])
    assert result.exit_code == 1 and "has no middle level to be unknown" in result.stdout


@pytest.mark.parametrize("levels", [("visione", "obiettivo", "progetto"), ("asse", "strategia", "azione")])
def test_the_monitoring_report_speaks_the_plan_levels(tmp_path: Path, levels: tuple[str, str, str]) -> None:
    import shutil

    from tests.conftest import REPO

    plan = tmp_path / "plan"
    shutil.copytree(REPO / "examples" / "synthetic-plan", plan)
    edition = plan / "editions/2024-2026/edition.yaml"
    edition.write_text(edition.read_text("utf-8") + "levels:\n" + "".join(
        f"  - {{kind: {kind}, singular: {name}}}\n" for kind, name in zip(("axis", "strategy", "action"), levels)),
        "utf-8")
    out = tmp_path / "monitoraggio.md"
    run("render", "monitoring", "--plan", str(plan), "--format", "md", "-o", str(out))
    # chart descriptions come from the monitoring charts, not from the template
    text = "\n".join(line for line in out.read_text("utf-8").splitlines() if not line.startswith("!["))
    assert agreement_errors(text, [noun(name) for name in levels]) == []
    if levels[2] == "progetto":
        assert not re.search(r"\bazion[ei]\b", text, re.IGNORECASE) and "avviati" in text and "| N. | Progetto |" in text


def test_a_deliberation_record_leaves_unknown_facts_blank(tmp_path: Path) -> None:
    plan = shaped_plan(tmp_path, "ambito/progetto")
    folder = plan / "editions/2025-2027/deliberations"
    folder.mkdir()
    (folder / "dcm-adozione.yaml").write_text(
        "kind: deliberation\nid: dcm-adozione\nrole: adoption\norgan: Consiglio metropolitano\n"
        "date: \"2025-07-10\"\nvote:\n  in_favour: {count: 12}\n", "utf-8")
    assert runner.invoke(app, ["validate", str(plan)]).exit_code == 0
    out = tmp_path / "delibera.md"
    run("render", "deliberation", "--plan", str(plan), "--format", "md", "-o", str(out))
    text = out.read_text("utf-8")
    assert "**OGGETTO:** " + "\\_" * 40 in text
    assert "Presenti: \\_\\_\\_\\_" in text and "Votanti: \\_\\_\\_\\_" in text and "Favorevoli 12" in text
    assert "Contrari 0" not in text and "Astenuti 0" not in text


def test_adoption_in_steps_each_fact_only_if_known(tmp_path: Path) -> None:
    plan = shaped_plan(tmp_path, "visione/strategia/azione")
    edition = plan / "editions/2025-2027/edition.yaml"
    edition.write_text(edition.read_text("utf-8") + (
        "horizon: 2030\nlegal_basis: \"L. 56/2014, art. 1 c. 44\"\nadoption_steps:\n"
        "  - {organ: Sindaco metropolitano, step: proposta}\n"
        "  - {organ: Conferenza metropolitana, step: parere, date: \"2025-06\"}\n"
        "  - {organ: Consiglio metropolitano, step: adozione, number: \"12/2025\", date: \"2025-07-10\","
        " vote: unanimità}\n"), "utf-8")
    assert runner.invoke(app, ["validate", str(plan)]).exit_code == 0
    for what in ("annex", "plan"):
        run("render", what, "--plan", str(plan), "--format", "md", "-o", str(tmp_path / f"{what}.md"))
    document = (tmp_path / "plan.md").read_text("utf-8")
    assert "| — | Sindaco metropolitano | proposta | — | — |" in document  # nothing invented
    assert "| giugno 2025 | Conferenza metropolitana | parere | — | — |" in document
    assert "| 10 luglio 2025 | Consiglio metropolitano | adozione | n\\. 12/2025 | unanimità |" in document
    assert "Orizzonte: 2030." in document and "Riferimenti normativi: L\\. 56/2014, art\\. 1 c\\. 44." in document
    annex = (tmp_path / "annex.md").read_text("utf-8")
    assert "deliberazione del Consiglio metropolitano n. 12/2025 del 10 luglio 2025" in annex


ROUND = "kind: monitoring\nas_of: 2026-06-30\nactions:\n"
INDICATOR = """kind: indicator
id: verde
name: Verde urbano
unit: m²/ab
polarity: positive
baseline: {year: 2024, value: 20}
target: {year: 2027, value: 24}
series:
  - {year: 2025, value: 21, source: ISTAT}
  - {year: 2026, value: 21.5, source: ISTAT}
"""


def monitored_plan(folder: Path, preset: str) -> Path:
    """The shaped plan with six bottom-level elements in every status, one overdue, one never reported,
    a round and an indicator: every sentence, column and chart of the monitoring report is printed."""
    plan = shaped_plan(folder, preset)
    actions = plan / "editions" / "2025-2027" / "actions"
    first = sorted(actions.glob("*.yaml"))[0]
    parent = re.search(r"^parent: (\S+)$", first.read_text("utf-8"), re.MULTILINE)
    assert parent is not None
    more = [run("new", PRESETS[preset][-1], "--plan", str(plan), "--title", f"Altro elemento {n}",
                "--parent", parent.group(1)) for n in range(5)]
    ids = [first.stem, *(Path(out.strip()).stem for out in more)]
    first.write_text(first.read_text("utf-8") + "timeline: {start: 2025-01, end: 2025-12}\n", "utf-8")
    silent = actions / f"{ids[-1]}.yaml"
    silent.write_text(silent.read_text("utf-8").replace("status: planned\n", ""), "utf-8")
    states = ["in_progress, progress: 40", "completed, progress: 100", "suspended, note: fermo",
              "cancelled, note: revocato"]
    body = "".join(f"  {ident}: {{status: {state}}}\n" for ident, state in zip(ids, states))
    (plan / "editions" / "2025-2027" / "monitoring").mkdir()
    (plan / "editions" / "2025-2027" / "monitoring" / "2026-06-30.yaml").write_text(ROUND + body, "utf-8")
    (plan / "editions" / "2025-2027" / "indicators").mkdir(exist_ok=True)
    (plan / "editions" / "2025-2027" / "indicators" / "verde.yaml").write_text(INDICATOR, "utf-8")
    return plan


def chart_texts(markdown: str) -> str:
    """The words drawn in the report's SVG charts (legend, axis labels, titles)."""
    svgs = [base64.b64decode(data).decode("utf-8")
            for data in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", markdown)]
    return "\n".join(html.unescape(t) for svg in svgs for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))


@pytest.mark.parametrize("preset", list(PRESETS))
def test_monitoring_report_of_every_preset_reads_grammatically(tmp_path: Path, preset: str) -> None:
    plan = monitored_plan(tmp_path, preset)
    out = tmp_path / "monitoraggio.md"
    run("render", "monitoring", "--plan", str(plan), "--format", "md", "-o", str(out))
    report = out.read_text("utf-8")
    alts = "\n".join(re.findall(r"!\[([^\]]*)\]\(data:", report))
    captions = "\n".join(line for line in report.splitlines() if line.startswith(": "))
    charts = chart_texts(report)
    action = noun(PRESETS[preset][-1])
    assert len(re.findall(r"!\[", report)) == 3 and "Dati del grafico: Verde urbano" in captions  # 2 status, 1 series
    for what, text in (("report", report), ("alt texts", alts), ("captions", captions), ("charts", charts)):
        assert agreement_errors(text, nouns(preset)) == [], what
        assert participle_errors(text, action) == [], what
        assert torino_words(text) == [], what
        # the bottom level is named by its own noun only: no «azioni» in a plan of progetti, and back
        other = {"azione": r"\bazion[ei]\b", "progetto": r"\bprogett[oi]\b"}
        assert [w for n, w in other.items() if n != action.singular and re.search(w, text, re.IGNORECASE)] == [], what
    assert f"numero di {action.plural}" in charts
    assert f"il piano conta 6 {action.plural}" in report
    # a plan without zone omogenee has no breakdown by zone, not even a row of actions without one
    assert "zona omogenea" not in report.lower() and "non indicato" not in report
