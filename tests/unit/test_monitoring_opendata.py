"""Monitoring tables in the open-data package."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from psmctl.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "synthetic-plan"


def table(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_rounds_funding_observations_and_assessments_are_tables_with_a_schema(tmp_path: Path) -> None:
    folder = tmp_path / "od"
    result = CliRunner().invoke(app, ["export", "--plan", str(EXAMPLE), "-f", "csv", "-o", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert [r["as_of"] for r in table(folder, "monitoring_rounds")] == ["2024-08-31", "2025-08-31", "2026-08-31"]
    states = table(folder, "monitoring_states")
    assert len(states) == 7 + 8 + 7  # actions reported in each round
    line = next(r for r in table(folder, "monitoring_funding")
                if r["as_of"] == "2025-08-31" and r["action_id"] == "boschi-urbani")
    assert (line["cup"], line["allocated"], line["committed"], line["paid"], line["committed_date"]) == (
        "J11B24000000001", "800000", "700000", "320000", "2025-03-31")
    revised = [r for r in table(folder, "indicator_observations") if r["indicator_id"] == "verde-urbano"
               and r["year"] == "2024"]
    assert [(r["revision"], r["value"]) for r in revised] == [("0", "21.7"), ("1", "21.4")]
    assessed = {(r["as_of"], r["indicator_id"]): r for r in table(folder, "indicator_assessments")}
    assert assessed[("2026-08-31", "emissioni-co2")]["class"] == "limited"
    assert assessed[("2026-08-31", "emissioni-co2")]["ratio"] == "0.128121"
    schemas = {r["name"]: r["schema"] for r in json.loads((folder / "datapackage.json").read_text("utf-8"))["resources"]}
    assert schemas["monitoring_funding"]["primaryKey"] == ["as_of", "action_id", "position"]
    assert {"fields": "action_id", "reference": {"resource": "actions", "fields": "id"}} in \
        schemas["monitoring_states"]["foreignKeys"]
