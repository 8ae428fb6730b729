"""`psmctl schema` writes one JSON Schema per file kind."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from psmctl.cli import app
from psmctl.model import FILE_MODELS


def test_schema_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(f"{kind}.schema.json" for kind in [*FILE_MODELS, "chapter"])
    action = json.loads((tmp_path / "action.schema.json").read_text("utf-8"))
    assert action["additionalProperties"] is False
    assert {"id", "code", "parent", "title", "funding", "scope", "status", "progress"} <= set(action["properties"])
    # `code` is not required: an edition with `numbering: none` gives its elements an `order` instead
    assert set(action["required"]) >= {"kind", "id", "title", "parent"} and "order" in action["properties"]


def test_committed_schemas_are_current(tmp_path: Path) -> None:
    # Editors read schemas/ through the modeline at the top of each plan file.
    from tests.conftest import REPO

    CliRunner().invoke(app, ["schema", "--out", str(tmp_path)])
    for fresh in tmp_path.iterdir():
        committed = REPO / "schemas" / fresh.name
        assert committed.read_text("utf-8") == fresh.read_text("utf-8"), f"run `psmctl schema` ({fresh.name})"


def test_plan_files_point_editors_at_the_schemas() -> None:
    from tests.conftest import REPO

    for path in (REPO / "plan").rglob("*.yaml"):
        first = path.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {target}"


def test_the_classifications_registry_and_field_have_schemas(tmp_path: Path) -> None:
    CliRunner().invoke(app, ["schema", "--out", str(tmp_path)])
    registry = json.loads((tmp_path / "classifications.schema.json").read_text("utf-8"))
    dimension = registry["$defs"]["Dimension"]
    assert {"id", "singular", "plural", "gender", "levels", "multiple", "values"} <= set(dimension["properties"])
    assert set(registry["$defs"]["DimensionValue"]["required"]) == {"id", "label"}
    for kind in ("axis", "strategy", "action"):
        field = json.loads((tmp_path / f"{kind}.schema.json").read_text("utf-8"))["properties"]["classifications"]
        assert field["additionalProperties"]["type"] == "array", kind
