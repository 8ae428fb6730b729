"""check_plan: advisory editorial checks can be skipped; errors never are."""

from __future__ import annotations

from pathlib import Path

from psmctl.loading.tree import DirectorySource, load_plan
from psmctl.validate import check_plan
from tests.conftest import FIXTURES, build_case


def test_without_advisory_checks_only_errors_remain(tmp_path: Path) -> None:
    root = build_case(FIXTURES / "invalid" / "editorial", tmp_path / "plan")
    plan, loading = load_plan(DirectorySource(root))
    full = check_plan(plan, loading)
    quick = check_plan(plan, loading, advisory=False)
    assert {d.code for d in full} >= {"timeline-order", "progress-status", "numbering-gap", "declared-counts"}
    assert [(d.code, d.line) for d in quick] == [("timeline-order", 11)]
    assert [d for d in full if d.severity.value == "error"] == quick
