"""The third shape of issue 9: visione › azione, no codes, no zone omogenee, a 13-year plan, two editions.

The plan is built as a new city would build it — `init --numbering none`,
then `new` for every element, then `new edition` — and is validated,
rendered in every format, diffed across its two editions and round-tripped
through the exchange formats, with the text checked for agreement errors and
leftover Torino words.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from psmctl.cli import app
from psmctl.model.grammar import noun
from tests.agreement import agreement_errors, torino_words
from tests.cli.test_render import read_back

runner = CliRunner()
BODY = "Città metropolitana di Genova"
NOUNS = [noun("visione"), noun("azione")]
FIRST, SECOND = "2017-2030", "2021-2030"


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def element(text: str) -> str:
    return Path(text.strip()).stem


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return build_plan(tmp_path)


def build_plan(tmp_path: Path) -> Path:
    """Two visions with actions in the first edition; the second reorders, renames and adds."""
    run("init", str(tmp_path), "--body", BODY, "--levels", "visione/azione", "--numbering", "none",
        "--edition", FIRST, "--title", "Genova 2030", "--plan-name", "Piano Strategico 2030")
    root = tmp_path / "plan"
    edition = root / "editions" / FIRST / "edition.yaml"
    text = edition.read_text("utf-8")
    edition.write_text(text.replace("status: draft\n", "status: draft\nhorizon: 2030\n"), "utf-8")
    green = element(run("new", "visione", "--plan", str(root), "--title", "Metropoli sostenibile"))
    linked = element(run("new", "visione", "--plan", str(root), "--title", "Metropoli connessa"))
    for title in ("Parchi urbani", "Boschi di collina", "Orti sociali"):
        run("new", "azione", "--plan", str(root), "--parent", green, "--title", title)
    run("new", "azione", "--plan", str(root), "--parent", linked, "--title", "Porto digitale")
    run("new", "edition", SECOND, "--from", FIRST, "--plan", str(root))
    actions = root / "editions" / SECOND / "actions"
    for name, order in (("orti-sociali", 1), ("parchi-urbani", 2), ("boschi-di-collina", 3)):
        path = actions / f"{name}.yaml"
        text = path.read_text("utf-8")
        path.write_text(text.replace(next(line for line in text.splitlines() if line.startswith("order:")),
                                     f"order: {order}"), "utf-8")
    run("new", "visione", "--plan", str(root), "--edition", SECOND, "--title", "Metropoli solidale")
    return root


def test_it_validates_clean_and_keeps_the_order_of_its_files(plan: Path) -> None:
    result = runner.invoke(app, ["validate", str(plan), "--format", "json"])
    assert result.exit_code == 0, result.stdout
    errors = [d for d in json.loads(result.stdout)["diagnostics"] if d["severity"] == "error"]
    assert errors == []
    text = (plan / "editions" / FIRST / "actions" / "orti-sociali.yaml").read_text("utf-8")
    assert "order: 3\n" in text and "code:" not in text  # `new` put it last, with no code
    # init, new and new edition write files as fmt would
    assert runner.invoke(app, ["fmt", "--check", str(plan)]).exit_code == 0


@pytest.mark.parametrize("fmt", ["md", "docx", "odt", "html", "pdf"])
def test_the_annex_renders_in_every_format_without_codes(plan: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"annex.{fmt}"
    run("render", "annex", "--plan", str(plan), "--edition", SECOND, "--format", fmt, "-o", str(out))
    text = out.read_text("utf-8") if fmt == "md" else read_back(out)
    flat = " ".join(text.replace("\\", "").split())
    if fmt == "pdf":
        flat = flat.replace("- ", "")
    assert "Azioni della visione «Metropoli sostenibile»" in flat
    assert "Nessuna azione riportata per questa visione" in flat  # the new vision has none yet
    assert agreement_errors(flat, NOUNS) == [] and torino_words(flat) == []
    assert "Zone omogenee" not in flat and "N." not in flat.split("Visioni e azioni", 1)[-1]
    if fmt == "md":
        sections = text.split("### ")
        assert [s.split("\n", 1)[0] for s in sections[1:]] == [
            "Visione – Metropoli sostenibile", "Visione – Metropoli connessa", "Visione – Metropoli solidale"]
        green = sections[1]
        assert green.index("Orti sociali") < green.index("Parchi urbani") < green.index("Boschi di collina")


def test_the_plan_document_reads_naturally(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    run("render", "plan", "--plan", str(plan), "--format", "md", "-o", str(out))
    text = out.read_text("utf-8")
    assert "### Visione – Metropoli sostenibile" in text and "#### Azione – Parchi urbani" in text
    assert "Orizzonte: 2030." in text and "Piano Strategico 2030 2017\\-2030" in text
    assert agreement_errors(text, NOUNS) == [] and torino_words(text) == []


def test_the_diff_reports_the_reorder_in_italian_and_names_elements_by_title(plan: Path, tmp_path: Path) -> None:
    report = run("diff", FIRST, SECOND, "--plan", str(plan), "--format", "md")
    assert agreement_errors(report, NOUNS) == [] and torino_words(report) == []
    # one action moved up; the others kept their order
    assert re.search(r"\| Cambi di posizione \| 0 \| *1 \|", report)
    assert "Nuova posizione nell'ordine del piano" in report
    assert "**Azione** – Orti sociali" in report and "### Visione – Metropoli sostenibile" in report
    assert "Raffronto della visione «Metropoli sostenibile»" in report
    assert "Invariati (azioni): «Parchi urbani», «Boschi di collina»." in report
    changes = json.loads(run("diff", FIRST, SECOND, "--plan", str(plan), "--format", "json"))["changes"]
    kinds = {c["new"]["id"]: c["kind"] for c in changes if c["new"]}
    assert kinds["orti-sociali"] == "reordered" and "parchi-urbani" not in kinds  # unchanged
    assert kinds["metropoli-solidale"] == "added"
    terminal = run("diff", FIRST, SECOND, "--plan", str(plan))
    assert "  azione     reordered  Orti sociali  →  Orti sociali" in terminal.splitlines()
    out = tmp_path / "relazione.docx"
    run("diff", FIRST, SECOND, "--plan", str(plan), "--format", "docx", "-o", str(out))
    assert "Cambi di posizione" in read_back(out)


def test_exports_and_imports_round_trip(plan: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in plan.rglob("*.yaml")}
    for fmt, out in (("xlsx", tmp_path / "piano.xlsx"), ("csv", tmp_path / "dati")):
        run("export", "--plan", str(plan), "--edition", SECOND, "--format", fmt, "-o", str(out))
    run("import", str(tmp_path / "piano.xlsx"), "--plan", str(plan))
    assert {p: p.read_bytes() for p in plan.rglob("*.yaml")} == before  # an unedited sheet changes nothing
    with (tmp_path / "dati" / "actions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["id"], r["code"], r["full_code"], r["order"]) for r in rows[:3]] == [
        ("orti-sociali", "", "", "1"), ("parchi-urbani", "", "", "2"), ("boschi-di-collina", "", "", "3")]
    package = json.loads((tmp_path / "dati" / "datapackage.json").read_text("utf-8"))
    actions = next(r for r in package["resources"] if r["name"] == "actions")
    assert actions["schema"]["foreignKeys"] == [{"fields": "parent", "reference": {"resource": "axes", "fields": "id"}}]


def test_the_monitoring_report_names_elements_by_title(plan: Path, tmp_path: Path) -> None:
    rounds = plan / "editions" / FIRST / "monitoring"
    rounds.mkdir()
    (rounds / "2020-12-31.yaml").write_text(
        "kind: monitoring\ntitle: Stato di attuazione al 31 dicembre 2020\nas_of: 2020-12-31\nactions:\n"
        "  parchi-urbani: {status: in_progress, progress: 40}\n  orti-sociali: {status: completed, progress: 100}\n",
        "utf-8")
    out = tmp_path / "monitoraggio.md"
    run("render", "monitoring", "--plan", str(plan), "--edition", FIRST, "--format", "md", "-o", str(out))
    text = out.read_text("utf-8")
    assert "### Visione – Metropoli sostenibile" in text
    assert "| Azione | Stato precedente | Stato attuale |" in text  # no empty N. column
    assert "Visione Metropoli sostenibile\\: 1 programmata, 1 in corso, 1 conclusa" in text  # the chart's text
    prose = "\n".join(line for line in text.splitlines() if not line.startswith("!["))
    assert agreement_errors(prose, NOUNS) == [] and torino_words(prose) == []
