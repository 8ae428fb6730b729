"""Comuni: registries/comuni.yaml decides which ISTAT codes exist, in actions and in zones."""

from __future__ import annotations

import re
from pathlib import Path

from psmctl.diagnostics import Diagnostic
from psmctl.loading.tree import DirectorySource, load_plan
from psmctl.validate import check_plan

COMUNI = """kind: comuni
complete: {complete}
comuni:
  - {{istat: "001272", name: Capoluogo}}
  - {{istat: "001100", name: Borgo}}
  - {{istat: "001200", name: Villa}}
"""


def _findings(root: Path, code: str) -> list[Diagnostic]:
    plan, loading = load_plan(DirectorySource(root))
    return [d for d in check_plan(plan, loading) if d.code == code]


def _scope_comune(root: Path, istat: str) -> None:
    action = root / "editions" / "2024-2026" / "actions" / "corridoi.yaml"
    text = re.sub(r'comuni: \["\d+"\]', f'comuni: ["{istat}"]', action.read_text("utf-8"))
    action.write_text(text, "utf-8")


def test_unknown_istat_code_is_an_error_when_the_comuni_registry_is_complete(base_plan: Path) -> None:
    (base_plan / "registries" / "comuni.yaml").write_text(COMUNI.format(complete="true"), "utf-8")
    _scope_comune(base_plan, "001200")  # known to comuni.yaml, though in no zone
    assert _findings(base_plan, "unknown-comune") == []
    _scope_comune(base_plan, "001999")
    [finding] = _findings(base_plan, "unknown-comune")
    assert (finding.severity.value, finding.path) == ("error", "scope.comuni[0]")
    assert "registries/comuni.yaml" in finding.message


def test_unknown_istat_code_is_a_warning_when_the_comuni_registry_is_partial(base_plan: Path) -> None:
    (base_plan / "registries" / "comuni.yaml").write_text(COMUNI.format(complete="false"), "utf-8")
    _scope_comune(base_plan, "001999")
    assert [d.severity.value for d in _findings(base_plan, "unknown-comune")] == ["warning"]


def test_zone_members_are_checked_against_the_comuni_registry(base_plan: Path) -> None:
    (base_plan / "registries" / "comuni.yaml").write_text(COMUNI.format(complete="true"), "utf-8")
    zones = base_plan / "registries" / "zones.yaml"
    zones.write_text(zones.read_text("utf-8").replace(
        '      - {name: Borgo, istat: "001100"}',
        '      - {name: Borgo San Pietro, istat: "001100"}\n'
        '      - {name: Nessuno, istat: "001998"}\n'
        '      - {name: Capoluogo, istat: "001272"}'), "utf-8")
    [unknown] = _findings(base_plan, "unknown-comune")
    assert (unknown.severity.value, unknown.path) == ("error", "zones[1].comuni[1].istat")
    [name] = _findings(base_plan, "comune-name")
    assert (name.severity.value, name.path) == ("warning", "zones[1].comuni[0].name")
    assert "'Borgo'" in name.message
    [twice] = _findings(base_plan, "comune-in-two-zones")
    assert (twice.severity.value, twice.path) == ("error", "zones[1].comuni[2].istat")
    assert "zone 1" in twice.message
