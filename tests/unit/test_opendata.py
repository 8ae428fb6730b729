"""The open data package: tables and a Frictionless descriptor that holds together."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from psmctl.cli import app
from tests.conftest import FIXTURES, REPO, build_case

runner = CliRunner()


def read_table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def check_package(folder: Path) -> dict[str, list[dict[str, str]]]:
    """What a Frictionless validator checks on a tabular package, done by hand."""
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert package["profile"] == "tabular-data-package"
    tables = {}
    for resource in package["resources"]:
        path = folder / resource["path"]
        assert path.is_file() and resource["encoding"] == "utf-8"
        with path.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == [f["name"] for f in resource["schema"]["fields"]]
        rows = read_table(path)
        key = resource["schema"]["primaryKey"]
        keys = [tuple(r[k] for k in key) for r in rows]
        assert len(keys) == len(set(keys)), resource["name"]
        for field in resource["schema"]["fields"]:
            if field["type"] in ("integer", "number"):
                for row in rows:
                    if row[field["name"]]:
                        float(row[field["name"]]) if field["type"] == "number" else int(row[field["name"]])
        tables[resource["name"]] = rows
    for resource in package["resources"]:
        for link in resource["schema"].get("foreignKeys", []):
            target = link["reference"]
            known = {r[target["fields"]] for r in tables[target["resource"]]}
            values = {r[link["fields"]] for r in tables[resource["name"]]} - {""}
            assert values <= known, (resource["name"], values - known)
    return tables


def test_package_of_fixture_plan(base_plan: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--plan", str(base_plan), "-f", "csv", "-e", "2024-2026",
                                 "-o", str(tmp_path / "od")])
    assert result.exit_code == 0, result.output
    tables = check_package(tmp_path / "od")
    assert [r["zone_id"] for r in tables["action_zones"]] == ["1", "2"]
    funding = tables["action_funding"]
    assert [(r["action_id"], r["source"], r["pnrr"], r["amount"]) for r in funding] == [
        ("corridoi", "pnrr", "M5C2I2.2", "1234567.50")]
    package = json.loads((tmp_path / "od" / "datapackage.json").read_text("utf-8"))
    links = {r["name"]: r["schema"].get("foreignKeys") for r in package["resources"]}
    assert links["action_zones"] == [
        {"fields": "action_id", "reference": {"resource": "actions", "fields": "id"}},
        {"fields": "zone_id", "reference": {"resource": "zones", "fields": "id"}}]
    assert (tmp_path / "od" / "actions.csv").read_bytes().decode("utf-8").startswith(
        "id,edition,kind,code,parent,title,status,progress,")


def test_package_of_shipped_plan(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--plan", str(REPO / "plan"), "-f", "csv", "-o", str(tmp_path / "od")])
    assert result.exit_code == 0, result.output
    tables = check_package(tmp_path / "od")
    from psmctl.loading.locate import default_edition
    from psmctl.loading.tree import DirectorySource, load_plan

    plan, _ = load_plan(DirectorySource(REPO / "plan"))
    tree = plan.editions[default_edition(plan)]
    assert (len(tables["actions"]), len(tables["axes"])) == (len(tree.actions), len(tree.axes))


def test_text_cells_never_start_a_formula(base_plan: Path, tmp_path: Path) -> None:
    from psmctl.escaping import FORMULA_START

    action = base_plan / "editions/2024-2026/actions/corridoi.yaml"
    original = action.read_text("utf-8")
    written = {"\t": "\\t", "\r": "\\r"}  # as a YAML double-quoted escape
    for sign in FORMULA_START:
        title = f'"{written.get(sign, sign)}HYPERLINK(1)"'
        action.write_text(original.replace("title: Corridoi ecologici", f"title: {title}", 1), "utf-8")
        out = tmp_path / f"od{ord(sign)}"
        result = runner.invoke(app, ["export", "--plan", str(base_plan), "-f", "csv", "-e", "2024-2026", "-o", str(out)])
        assert result.exit_code == 0, result.output
        csv_text = (out / "actions.csv").read_bytes().decode("utf-8")
        assert f",'{sign}HYPERLINK(1),in_progress,40," in csv_text


def _package(case: str, tmp_path: Path) -> tuple[dict[str, list[dict[str, str]]], dict[str, object]]:
    plan = build_case(FIXTURES / "valid" / case, tmp_path / "plan")
    result = runner.invoke(app, ["export", "--plan", str(plan), "-f", "csv", "-e", "2024-2026",
                                 "-o", str(tmp_path / "od")])
    assert result.exit_code == 0, result.output
    package = json.loads((tmp_path / "od" / "datapackage.json").read_text("utf-8"))
    return check_package(tmp_path / "od"), {r["name"]: r["schema"] for r in package["resources"]}


def test_per_parent_codes_get_a_full_code_column_beside_the_code_the_files_write(tmp_path: Path) -> None:
    tables, schemas = _package("per-parent-numbering", tmp_path)
    assert [(r["id"], r["code"], r["full_code"]) for r in tables["actions"]] == [
        ("corridoi", "1", "1.1.1"), ("piani-urbani", "1", "1.2.1")]  # the bare «1», «1» are told apart
    assert [(r["code"], r["full_code"]) for r in tables["strategies"]] == [("1", "1.1"), ("2", "1.2")]
    fields = {f["name"]: f["type"] for f in schemas["actions"]["fields"]}  # type: ignore[index]
    assert fields["code"] == fields["full_code"] == "string"


def test_a_two_level_plan_links_its_actions_to_the_axes(tmp_path: Path) -> None:
    tables, schemas = _package("two-levels", tmp_path)
    assert tables["strategies"] == [] and {r["parent"] for r in tables["actions"]} == {"asse-verde"}
    assert schemas["actions"]["foreignKeys"] == [  # type: ignore[index]
        {"fields": "parent", "reference": {"resource": "axes", "fields": "id"}}]
