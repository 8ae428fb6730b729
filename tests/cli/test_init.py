"""`psmctl init`: a new plan for any Città metropolitana, valid at once, extended by `new` at every level."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from psmctl.authoring.newplan import PRESETS, shared_registry
from psmctl.cli import app
from psmctl.loading.tree import DirectorySource, load_plan
from psmctl.validate import validate_path

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def init(folder: Path, levels: str, *extra: str) -> None:
    code, _, err = run("init", str(folder), "--body", "Città metropolitana di Bari", "--levels", levels,
                       "--edition", "2025-2027", *extra)
    assert code == 0, err


def test_a_new_plan_validates_clean_and_new_creates_every_level(tmp_path: Path) -> None:
    init(tmp_path / "bari", "ambito/progetto")
    code, out, err = run("validate", str(tmp_path / "bari"))  # the repository: the plan is its plan/ folder
    assert code == 0, out + err
    assert "0 errors, 0 warnings" in out
    plan = tmp_path / "bari" / "plan"
    code, out, err = run("new", "ambito", "--plan", str(plan), "--title", "Reti e mobilità sostenibile")
    assert code == 0, err
    code, out, err = run("new", "progetto", "--plan", str(plan), "--parent", "reti-e-mobilita-sostenibile",
                         "--title", "Porto di Bari")
    assert code == 0, err
    assert Path(out.strip()).name == "porto-di-bari.yaml"
    assert 'code: "1.1"' in Path(out.strip()).read_text("utf-8")
    _, report = validate_path(plan)
    assert not report.failed()


@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_preset_takes_an_element_at_every_level(tmp_path: Path, preset: str) -> None:
    init(tmp_path, preset)
    plan = tmp_path / "plan"
    parent: list[str] = []
    for name in PRESETS[preset]:
        code, out, err = run("new", name, "--plan", str(plan), "--title", f"Primo elemento {name}", *parent)
        assert code == 0, err
        parent = ["--parent", Path(out.strip()).stem]
    _, report = validate_path(plan)
    assert not report.failed()
    assert run("fmt", "--check", str(plan))[0] == 0  # the CI workflow init writes runs this too
    edition = load_plan(DirectorySource(plan))[0].editions["2025-2027"].edition
    assert edition is not None and [lv.singular for lv in edition.levels] == list(PRESETS[preset])


def test_shared_registries_come_from_the_package(tmp_path: Path) -> None:
    init(tmp_path, "visione/strategia/azione")
    assert (tmp_path / "plan/registries/pnrr.yaml").read_text("utf-8") == shared_registry("pnrr")
    plan = load_plan(DirectorySource(tmp_path / "plan"))[0]
    pnrr, sdg = plan.registry("pnrr"), plan.registry("sdg")
    assert len(getattr(sdg, "goals")) == 17
    missions = getattr(pnrr, "missions")
    assert len(missions) == 6 and sum(len(m.components) for m in missions) == 16
    assert getattr(plan.registry("zones"), "zones") == []
    assert (tmp_path / "schemas/action.schema.json").is_file()  # the modelines point at these
    assert "psmctl validate plan" in (tmp_path / ".pre-commit-config.yaml").read_text("utf-8")
    assert "psmctl validate plan" in (tmp_path / ".github/workflows/plan.yml").read_text("utf-8")


def test_explicit_levels_and_names_from_flags(tmp_path: Path) -> None:
    init(tmp_path, "linea di intervento/progetto bandiera", "--plan-name", "Piano Strategico 2030",
         "--short-name", "CMBa")
    project = load_plan(DirectorySource(tmp_path / "plan"))[0].project_model
    assert project is not None and project.plan_name == "Piano Strategico 2030" and project.short_name == "CMBa"
    edition = (tmp_path / "plan/editions/2025-2027/edition.yaml").read_text("utf-8")
    assert 'plural: "linee di intervento", gender: f' in edition
    assert 'plural: "progetti bandiera", gender: m' in edition


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("il mio testo\n", "utf-8")
    code, _, err = run("init", str(tmp_path), "--body", "Città metropolitana di Bari", "--levels", "ambito/progetto")
    assert code == 1 and "README.md already exists; nothing was written" in err
    assert (tmp_path / "README.md").read_text("utf-8") == "il mio testo\n"
    assert not (tmp_path / "plan").exists()


@pytest.mark.parametrize("args, message", [
    (["--levels", "ambito/progetto"], "init needs a value for: --body"),
    (["--body", "Città metropolitana di Bari"], "init needs a value for: --levels"),
    (["--body", "X", "--levels", "ambito"], "expected two or three level names"),
    (["--body", "X", "--levels", "a/b", "--edition", "2027-2025"], "expected START-END years, start first"),
])
def test_scripts_get_a_usage_error_for_what_is_missing(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = run("init", str(tmp_path / "p"), *args)
    assert code == 2 and message in err
    assert not (tmp_path / "p").exists()


def test_a_missing_shared_registry_says_how_to_get_it(base_plan: Path) -> None:
    (base_plan / "registries/sdg.yaml").unlink()
    code, out, _ = run("validate", str(base_plan))
    assert "registries/sdg.yaml is missing" in out and f"psmctl init {base_plan} --shared-registries" in out
    code, out, err = run("init", str(base_plan), "--shared-registries")
    assert code == 0 and "added to" in out and "sdg" in out, err
    assert (base_plan / "registries/sdg.yaml").read_text("utf-8") == shared_registry("sdg")
    assert (base_plan / "registries/pnrr.yaml").read_text("utf-8") != shared_registry("pnrr")  # the plan's own stays
    code, out, _ = run("validate", str(base_plan))
    assert "missing-registry" not in out


def test_on_a_terminal_init_asks_for_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import psmctl.cli.init as command

    monkeypatch.setattr(command, "_on_terminal", lambda: True)
    result = runner.invoke(app, ["init", str(tmp_path)], input="Città metropolitana di Bari\nambito/progetto\n2025-2027\n")
    assert result.exit_code == 0, result.output
    assert "--body: the institution" in result.output and "--levels:" in result.output
    project = load_plan(DirectorySource(tmp_path / "plan"))[0].project_model
    assert project is not None and project.body == "Città metropolitana di Bari"
    assert (tmp_path / "plan/editions/2025-2027/edition.yaml").is_file()


def test_the_classifications_registry_is_empty_and_its_commented_example_works(tmp_path: Path) -> None:
    init(tmp_path, "ambito/progetto")
    plan = tmp_path / "plan"
    registry = plan / "registries/classifications.yaml"
    text = registry.read_text("utf-8")
    assert text.endswith("kind: classifications\ndimensions: []\n")
    example = text.split("# Per esempio, al posto di `dimensions: []`:\n")[1].split("kind:")[0]
    registry.write_text("kind: classifications\n" + "".join(line[2:] + "\n" for line in example.splitlines()),
                        "utf-8")
    code, out, err = run("new", "ambito", "--plan", str(plan), "--title", "Reti")
    code, out, err = run("new", "progetto", "--plan", str(plan), "--parent", "reti", "--title", "Porto")
    element = Path(out.strip())
    element.write_text(element.read_text("utf-8") + "classifications: {pilastro: [p2]}\n", "utf-8")
    code, out, err = run("validate", str(plan))
    assert code == 0 and "0 errors" in out, out + err
    element.write_text(element.read_text("utf-8").replace("[p2]", "[p3]"), "utf-8")
    code, out, err = run("validate", str(plan))
    assert code == 1 and "'p3' is not a value of dimension 'pilastro'" in out
