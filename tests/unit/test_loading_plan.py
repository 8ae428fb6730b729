"""The loaded plan (psmctl.loading.plan): each file typed by its kind, views in code order, computed once."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from psmctl.loading.tree import DirectorySource, load_file, load_plan
from psmctl.model import Action, Axis, Chapter, Deliberation, Edition, Indicator, Project, Strategy
from psmctl.model.registries import SdgRegistry, ZoneRegistry
from tests.conftest import REPO, write_files

EDITION = "2024-2026"
ACTIONS = f"editions/{EDITION}/actions"


def _action(ident: str, code: str) -> str:
    return f"kind: action\nid: {ident}\ncode: \"{code}\"\nparent: rete-verde\ntitle: Azione {ident}\n"


def test_each_file_is_typed_by_its_kind(base_plan: Path) -> None:
    plan, _ = load_plan(DirectorySource(base_plan))
    tree = plan.editions[EDITION]
    assert isinstance(plan.project_model, Project) and isinstance(tree.edition, Edition)
    assert [type(f.model) for f in tree.axis_files] == [Axis]
    assert {type(f.model) for f in tree.strategy_files} == {Strategy}
    assert {type(f.model) for f in tree.action_files} == {Action}
    assert [type(f.model) for f in tree.indicators] == [Indicator]
    assert [type(f.model) for f in tree.chapters] == [Chapter]
    assert isinstance(plan.registry("zones"), ZoneRegistry) and isinstance(plan.registry("sdg"), SdgRegistry)
    assert plan.registry("comuni") is None  # the base plan has none
    assert plan.registry("no-such-kind") is None


def test_views_are_in_code_order_and_computed_once(base_plan: Path) -> None:
    write_files(base_plan, {f"{ACTIONS}/z{n}.yaml": _action(f"z{n}", f"1.1.{n}") for n in (10, 9, 2)})
    plan, _ = load_plan(DirectorySource(base_plan))
    tree = plan.editions[EDITION]
    assert [a.code for a in tree.actions if a.id.startswith("z")] == ["1.1.2", "1.1.9", "1.1.10"]  # 1.10 after 1.9
    assert [f.model for f in tree.of_kind("action")] == tree.actions
    assert tree.of_kind("action") is tree.of_kind("action") and tree.actions is tree.actions
    assert tree.of_kind("indicator") == ()  # of_kind covers the three levels only


def test_adding_a_file_forgets_every_view(base_plan: Path) -> None:
    plan, _ = load_plan(DirectorySource(base_plan))
    tree = plan.editions[EDITION]
    assert "nuova" not in tree.by_id and all(a.id != "nuova" for a in tree.actions)
    rel = f"{ACTIONS}/nuova.yaml"
    loaded, findings = load_file(rel, rel, _action("nuova", "1.1.0").encode())
    assert loaded is not None and not findings
    assert tree.add(loaded)
    assert tree.actions[0].id == "nuova" and tree.of_kind("action")[0] is loaded
    assert tree.by_id["nuova"] is loaded and loaded in tree.children["rete-verde"]


def test_a_file_out_of_its_place_is_not_added(base_plan: Path) -> None:
    plan, _ = load_plan(DirectorySource(base_plan))
    tree = plan.editions[EDITION]
    edition_rel = f"editions/{EDITION}/edition.yaml"
    moved = f"editions/{EDITION}/axes/edition.yaml"  # an edition file is editions/<id>/edition.yaml only
    loaded, _ = load_file(moved, moved, (base_plan / edition_rel).read_bytes())
    assert loaded is not None and not tree.add(loaded)
    assert tree.file is not None and tree.file.rel == edition_rel


def test_a_deliberation_outside_its_folder_is_misplaced(base_plan: Path) -> None:
    shipped = next((REPO / "plan").glob("editions/*/deliberations/*.yaml"))
    write_files(base_plan, {f"editions/{EDITION}/chapters/atto.yaml": shipped.read_text("utf-8")})
    plan, _ = load_plan(DirectorySource(base_plan))
    assert [type(f.model) for f in plan.misplaced] == [Deliberation]
    assert plan.editions[EDITION].deliberations == []


CHECKED = '''
    from psmctl.loading.plan import Plan
    from psmctl.model import Action
    from psmctl.model.registries import ZoneRegistry


    def fine(plan: Plan) -> list[str]:
        tree = plan.editions["2024-2026"]
        action: Action = tree.action_files[0].model
        zones: ZoneRegistry | None = plan.registry("zones")
        return [action.status or "", *(zone.id for zone in (zones.zones if zones else []))]


    def wrong(plan: Plan) -> object:
        return plan.editions["2024-2026"].axis_files[0].model.parent  # an axis has no parent
'''


def test_the_type_checker_knows_each_kinds_fields(tmp_path: Path) -> None:
    from mypy import api

    snippet = tmp_path / "reads_a_plan.py"
    snippet.write_text(textwrap.dedent(CHECKED), "utf-8")
    cwd = os.getcwd()
    os.chdir(REPO)  # the project's mypy settings (strict) and cache
    try:
        out, _, _ = api.run(["--config-file", "pyproject.toml", str(snippet)])
    finally:
        os.chdir(cwd)
    # By file name: mypy's cache may name the module's file as a previous run wrote it.
    errors = [line.split(".py:", 1)[1] for line in out.splitlines() if line.split(":", 1)[0].endswith(snippet.name)]
    assert errors == ['15: error: "Axis" has no attribute "parent"  [attr-defined]'], out
