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
    assert set(action["required"]) >= {"kind", "id", "code", "title", "parent"}
