"""`psmctl new`: scaffolded elements and the next edition."""

from __future__ import annotations

from pathlib import Path

import pytest

from typer.testing import CliRunner

from psmctl.authoring.scaffold import PROVENANCE, slugify, unique_id
from psmctl.cli import app
from psmctl.loading.tree import DirectorySource, load_plan
from psmctl.validate import validate_path

runner = CliRunner()


def new(plan: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["new", *args, "--plan", str(plan)])
    return result.exit_code, result.stdout, result.stderr


def test_slug_and_unique_id() -> None:
    assert slugify("Città più verde: «boschi» e parchi!") == "citta-piu-verde-boschi-e-parchi"
    assert unique_id("corridoi", {"corridoi", "corridoi-2"}) == "corridoi-3"
    # cut at the limit, never on a linking word
    assert slugify("Reti infrastrutturali, informazione e mobilità sostenibile", 40) == \
        "reti-infrastrutturali-informazione"


def test_new_action_has_next_code_fresh_id_and_required_fields(base_plan: Path) -> None:
    code, out, err = new(base_plan, "action", "--parent", "rete-verde", "--title", "Corridoi ecologici")
    assert code == 0, err
    path = base_plan / "editions/2024-2026/actions/corridoi-ecologici.yaml"
    assert out == f"{path}\n"
    assert path.read_text("utf-8") == (
        "# yaml-language-server: $schema=../../../../schemas/action.schema.json\n" + PROVENANCE +
        "kind: action\nid: corridoi-ecologici\ncode: \"1.1.2\"\nparent: rete-verde\n"
        "title: Corridoi ecologici\nstatus: planned\n")
    _, report = validate_path(base_plan)
    assert not report.failed()


def test_new_axis_strategy_indicator(base_plan: Path) -> None:
    assert new(base_plan, "axis", "--title", "Asse due")[0] == 0
    assert new(base_plan, "strategy", "--parent", "asse-due", "--title", "Yes")[0] == 0
    strategy = (base_plan / "editions/2024-2026/strategies/yes.yaml").read_text("utf-8")
    assert 'code: "2.1"\nparent: asse-due\ntitle: "Yes"\n' in strategy  # quoted: other loaders read yes as true
    assert new(base_plan, "indicator", "--title", "Superficie verde")[0] == 0
    assert "name: Superficie verde\n" in (base_plan / "editions/2024-2026/indicators/superficie-verde-2.yaml"
                                          ).read_text("utf-8")
    _, report = validate_path(base_plan)
    assert not report.failed()


def test_new_refuses_missing_or_wrong_parent(base_plan: Path) -> None:
    code, _, err = new(base_plan, "action", "--title", "X")
    assert code == 2 and "a new azione needs --parent <id of its strategia>" in err and "rete-verde" in err
    code, _, err = new(base_plan, "action", "--parent", "asse-verde", "--title", "X")
    assert code == 2 and "no strategia with id 'asse-verde' in edition 2024-2026" in err
    assert f"psmctl export --plan {base_plan} " in err  # the hint repeats the plan given


def elements(plan: Path, edition: str) -> dict[str, tuple[str, str, str | None, str]]:
    tree = load_plan(DirectorySource(plan))[0].editions[edition]
    return {f.model.id: (f.kind, f.model.code, getattr(f.model, "parent", None), f.model.title)  # type: ignore[attr-defined]
            for f in tree.elements}


def test_new_edition_keeps_ids_codes_parents_titles_with_one_link_each(base_plan: Path) -> None:
    code, out, err = new(base_plan, "edition", "2027-2029", "--from", "2024-2026")
    assert code == 0, err
    assert out.startswith(f"created {base_plan / 'editions' / '2027-2029'} (")
    assert elements(base_plan, "2027-2029") == elements(base_plan, "2024-2026")
    plan, report = validate_path(base_plan)
    assert not report.failed(), [d.message for d in report.diagnostics]
    tree = plan.editions["2027-2029"]
    for item in tree.elements:
        assert [link.id for link in item.model.continues] == [item.model.id]  # type: ignore[attr-defined]
        assert item.model.supersedes == []  # type: ignore[attr-defined]
    action = tree.by_id["corridoi"].model
    assert (action.status, action.progress, action.timeline) == ("planned", None, None)  # type: ignore[attr-defined]
    assert action.funding and action.lead_body == "ateneo"  # type: ignore[attr-defined]
    edition = tree.edition
    assert edition is not None
    assert (edition.status, edition.period.start, edition.period.end, edition.predecessor) == (
        "draft", 2027, 2029, "2024-2026")
    assert (edition.adoption, edition.milestones, edition.declared_counts) == (None, [], None)
    chapter = "editions/{}/chapters/01-visione.md"
    assert (base_plan / chapter.format("2027-2029")).read_bytes() == (base_plan / chapter.format("2024-2026")).read_bytes()
    assert (base_plan / "editions/2027-2029/actions/corridoi.yaml").read_text("utf-8").startswith(
        "# Un commento che resta\n")
    assert runner.invoke(app, ["fmt", "--check", str(base_plan / "editions/2027-2029")]).exit_code == 0


def test_new_edition_refusals_leave_nothing(base_plan: Path) -> None:
    code, _, err = new(base_plan, "edition", "2027-2029", "--from", "1999-2001")
    assert code == 2 and "no edition '1999-2001'" in err
    code, _, err = new(base_plan, "edition", "prossima", "--from", "2024-2026")
    assert code == 2 and "'prossima' is not an edition id" in err
    assert sorted(p.name for p in (base_plan / "editions").iterdir()) == ["2021-2023", "2024-2026"]
    code, _, err = new(base_plan, "edition", "2021-2023", "--from", "2024-2026")
    assert code == 2 and "already exists" in err


def test_diff_after_new_edition_shows_only_the_documented_resets(base_plan: Path) -> None:
    import json

    assert new(base_plan, "edition", "2027-2029", "--from", "2024-2026")[0] == 0
    result = runner.invoke(app, ["diff", "2024-2026", "2027-2029", "--plan", str(base_plan), "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    for level, counts in report["summary"]["levels"].items():
        moves = {k: v for k, v in counts.items() if k not in ("modified", "unchanged")}
        assert set(moves.values()) == {0}, (level, counts)
    assert report["summary"]["levels"]["action"]["modified"] == 1  # corridoi: status, progress, timeline
    assert [(c["kind"], c["match"], c["new"]["id"], [f["field"] for f in c["fields"]]) for c in report["changes"]] == [
        ("modified", "id", "corridoi", ["progress", "status", "timeline.start", "timeline.end"])]


def test_new_refuses_an_edition_with_errors(tmp_path: Path) -> None:
    import shutil

    from tests.conftest import REPO

    plan = tmp_path / "plan"
    shutil.copytree(REPO / "plan", plan)
    (plan / "editions" / "2024-2026" / "actions" / "noid.yaml").write_text(
        'kind: action\ncode: "9.9.9"\ntitle: x\n', encoding="utf-8")
    for args in (["new", "edition", "2027-2029", "--from", "2024-2026"],
                 ["new", "action", "--parent", "metropoli-verde", "--title", "Nuova"]):
        result = runner.invoke(app, [*args, "--plan", str(plan)])
        assert result.exit_code == 1 and "noid.yaml:1:1: error missing-key" in result.output
    assert not (plan / "editions" / "2027-2029").exists()
    assert sorted(p.name for p in (plan / "editions" / "2024-2026" / "actions").glob("nuova*")) == []


def test_new_edition_reads_each_yaml_file_at_most_once_with_the_round_trip_parser(
        base_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ruamel.yaml.main import YAML

    loads: list[object] = []
    real = YAML.load

    def counted(self: YAML, stream: object) -> object:
        loads.append(stream)
        return real(self, stream)  # type: ignore[arg-type]

    monkeypatch.setattr(YAML, "load", counted)
    code, _, err = new(base_plan, "edition", "2027-2029", "--from", "2024-2026")
    assert code == 0, err
    carried = [p for p in (base_plan / "editions" / "2027-2029").rglob("*") if p.suffix == ".yaml"]
    # it was two round-trips per file, then one (issue 14); element files are now spliced, and
    # only the blocks of a file not already in canonical form go through one round-trip together
    assert 1 <= len(loads) < len(carried)


def test_usage_hints_repeat_the_plan_given(base_plan: Path) -> None:
    for args, example in ((["new", "action"], f'e.g. psmctl new action --plan {base_plan} --title "..."'),
                          (["new", "edition", "2027-2029"],
                           f"e.g. psmctl new edition 2027-2029 --from 2024-2026 --plan {base_plan}")):
        result = runner.invoke(app, [*args, "--plan", str(base_plan)])
        assert result.exit_code == 2 and example in result.stderr, result.output
