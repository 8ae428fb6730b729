"""`psmctl diff` end to end: every format, options, sides from folders and git, the shipped plan."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.diffplans import BASE, action, write_edition
from typer.testing import CliRunner

from psmctl.cli import app

PLAN = Path(__file__).resolve().parents[2] / "plan"
runner = CliRunner()


def changed_plan(tmp_path: Path) -> Path:
    new = [{**e, "title": "Sostenere le micro imprese"} if e["id"] == "s-imprese" else e for e in BASE
           if e["id"] != "a-bosco"]
    new.append(action("a-orti", "1.2.2", "s-imprese", "Orti urbani | condivisi *subito*"))
    root = write_edition(tmp_path / "plan", "2030-2032", BASE)
    return write_edition(root, "2033-2035", new, predecessor="2030-2032")


def invoke(*args: str) -> Any:
    return runner.invoke(app, ["diff", *args])


def test_json_contract(tmp_path: Path) -> None:
    result = invoke("2030-2032", "2033-2035", "--plan", str(changed_plan(tmp_path)), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["version"], doc["old"]["edition"], doc["new"]["edition"]) == (1, "2030-2032", "2033-2035")
    assert doc["summary"]["changes"] == 3
    assert doc["summary"]["levels"]["action"]["added"] == 1
    assert [(c["kind"], c["level"], c["old"] and c["old"]["id"], c["new"] and c["new"]["id"]) for c in doc["changes"]] == [
        ("renamed", "strategy", "s-imprese", "s-imprese"),
        ("added", "action", None, "a-orti"),
        ("removed", "action", "a-bosco", None),
    ]
    renamed = doc["changes"][0]
    assert renamed["old"] == {"id": "s-imprese", "code": "1.2", "title": "Sostenere le piccole imprese"}
    assert renamed["fields"] == [{"field": "title", "old": "Sostenere le piccole imprese",
                                  "new": "Sostenere le micro imprese",
                                  "diff": [["=", "Sostenere le"], ["-", "piccole"], ["+", "micro"], ["=", "imprese"]]}]
    assert (renamed["score"], renamed["match"], renamed["inferred"]) == (None, "id", False)


def test_text_groups_by_axis_with_summary(tmp_path: Path) -> None:
    result = invoke("2030-2032", "2033-2035", "--plan", str(changed_plan(tmp_path)))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "asse 1 Asse della innovazione" in lines  # levels named as the plan names them
    assert "  strategia  renamed  1.2 Sostenere le piccole imprese  →  1.2 Sostenere le micro imprese" in lines
    assert "      title: Sostenere le [-piccole-] {+micro+} imprese " in lines
    assert "  azione     removed  2.1.1 Grande bosco metropolitano" in lines
    assert any(line.split() == ["renamed", "│", "0", "│", "1", "│", "0"] for line in lines)


def test_markdown_escapes_plan_text(tmp_path: Path) -> None:
    result = invoke("2030-2032", "2033-2035", "--plan", str(changed_plan(tmp_path)), "--format", "md")
    assert result.exit_code == 0, result.output
    assert "**Azione 1\\.2\\.2** – Orti urbani \\| condivisi \\*subito\\*" in result.stdout
    assert "*Nuovo elemento.*" in result.stdout
    assert "| Ridenominazioni | 0 |1 |0 |" in result.stdout
    assert "### Asse 2. Asse del verde" in result.stdout


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_document_report_reads_back(tmp_path: Path, fmt: str) -> None:
    import pypandoc

    out = tmp_path / f"relazione.{fmt}"
    result = invoke("2030-2032", "2033-2035", "--plan", str(changed_plan(tmp_path)), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    text = pypandoc.convert_file(str(out), "plain", format=fmt, extra_args=["--wrap=none"])
    assert "Relazione di aggiornamento del Piano Strategico Metropolitano" in text
    assert "Tabella di raffronto" in text
    assert "Orti urbani | condivisi *subito*" in text
    assert "piccole" in text and "micro" in text
    assert "Elementi soppressi" in text


def test_docx_needs_output() -> None:
    result = invoke("2030-2032", "2033-2035", "--format", "docx")
    assert result.exit_code == 2
    assert "add -o relazione.docx" in result.stderr


def test_filters_and_exit_code(tmp_path: Path) -> None:
    root = str(changed_plan(tmp_path))
    only_actions = json.loads(invoke("2030-2032", "2033-2035", "--plan", root, "-f", "json", "--level", "action").stdout)
    assert [c["level"] for c in only_actions["changes"]] == ["action", "action"]
    axis_two = json.loads(invoke("2030-2032", "2033-2035", "--plan", root, "-f", "json", "--axis", "2").stdout)
    assert [c["kind"] for c in axis_two["changes"]] == ["removed"]
    ignored = json.loads(invoke("2030-2032", "2033-2035", "--plan", root, "-f", "json", "--ignore-field", "title").stdout)
    assert [c["kind"] for c in ignored["changes"]] == ["added", "removed"]
    assert invoke("2030-2032", "2033-2035", "--plan", root, "--exit-code").exit_code == 1
    assert invoke("2030-2032", "2030-2032", "--plan", root, "--exit-code").exit_code == 0


def test_side_with_errors_stops_with_located_findings(tmp_path: Path) -> None:
    root = changed_plan(tmp_path)
    (root / "editions/2033-2035/actions/a-orti.yaml").write_text("kind: action\nid: a-orti\n", "utf-8")
    result = invoke("2030-2032", "2033-2035", "--plan", str(root))
    assert result.exit_code == 1
    assert "a-orti.yaml:1:1: error missing-key" in result.stderr
    assert "new side 2033-2035: the edition has" in result.stderr


def test_unknown_edition_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("2030-2032", "1999-2001", "--plan", str(changed_plan(tmp_path)))
    assert result.exit_code == 2
    assert "no edition '1999-2001'" in result.stderr


def test_two_edition_folders(tmp_path: Path) -> None:
    root = changed_plan(tmp_path)
    result = invoke(str(root / "editions/2030-2032"), str(root / "editions/2033-2035"), "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["changes"] == 3


def test_git_revision_with_uncommitted_changes(tmp_path: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True, text=True).stdout

    git("init", "-q", "-b", "main")
    git("config", "user.email", "prova@example.org")
    git("config", "user.name", "Prova")
    root = write_edition(tmp_path / "plan", "2030-2032", BASE)
    git("add", "-A")
    git("commit", "-q", "-m", "first")
    edited = root / "editions/2030-2032/strategies/s-parchi.yaml"
    edited.write_text(edited.read_text("utf-8").replace("Rete dei parchi", "Rete verde dei parchi"), "utf-8")
    (root / "editions/2030-2032/actions/nuova.yaml").write_text("non ancora aggiunto\n", "utf-8")
    result = invoke("2030-2032@HEAD", str(root / "editions/2030-2032"), "--plan", str(root), "-f", "json")
    # The untracked file is not a valid action: the working-tree side stops with its findings.
    assert result.exit_code == 1 and "nuova.yaml" in result.stderr
    (root / "editions/2030-2032/actions/nuova.yaml").unlink()
    before = (git("status", "--porcelain"), edited.read_bytes())
    result = invoke("2030-2032@HEAD", str(root / "editions/2030-2032"), "--plan", str(root), "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["old"]["source"] == "HEAD:plan"
    assert [(c["kind"], c["new"]["title"]) for c in doc["changes"]] == [("renamed", "Rete verde dei parchi metropolitani")]
    assert (git("status", "--porcelain"), edited.read_bytes()) == before
    assert invoke("2030-2032@nope", "2030-2032", "--plan", str(root)).exit_code == 2


def test_shipped_plan_reports_strategy_1_1_as_inferred_rename() -> None:
    result = invoke("2021-2023", "2024-2026", "--plan", str(PLAN), "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    one_one = [c for c in doc["changes"] if c["level"] == "strategy" and (c["old"] or {}).get("code") == "1.1"]
    assert [(c["kind"], c["inferred"], c["match"], c["old"]["title"], c["new"]["title"]) for c in one_one] == [
        ("renamed", True, "lineage", "Costruire capacità 4.0",
         "Garantire una diffusa digitalizzazione del territorio e delle sue attività")]
    assert doc["old"]["incomplete"] is True


def test_shipped_plan_marks_inferred_matches_in_text_and_markdown() -> None:
    text = invoke("2021-2023", "2024-2026", "--plan", str(PLAN)).stdout
    assert ("  strategia  renamed, modified  1.1 Costruire capacità 4.0  →  1.1 Garantire una diffusa digitalizzazione "
            "del territorio e delle sue attività  [inferred: link marked uncertain]") in text.splitlines()
    markdown = invoke("2021-2023", "2024-2026", "--plan", str(PLAN), "-f", "md").stdout
    row = markdown.split("Costruire capacità 4\\.0", 1)[1].split("::::", 1)[1]
    assert "*Nuova denominazione; contenuto modificato.* **Corrispondenza dedotta:** da un collegamento che i file " \
           "segnano come incerto, da verificare." in row


def test_misspelt_axis_or_field_is_a_usage_error() -> None:
    from tests.conftest import REPO

    for extra in (["--axis", "nope"], ["--ignore-field", "stauts"]):
        result = CliRunner().invoke(app, ["diff", "2021-2023", "2024-2026", "--plan", str(REPO / "plan"), *extra])
        assert result.exit_code == 2, result.output
