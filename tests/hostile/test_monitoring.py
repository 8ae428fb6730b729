"""Monitoring rounds with hostile text: the report and the comparison of rounds keep it as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_files
from tests.hostile.harness import html_problems, leftovers, package_problems, psmctl, snapshot, yaml_string
from tests.hostile.plans import EDITION, hostile_plan
from tests.hostile.test_markup import MARKUP


def _round(as_of: str, progress: int, text: str, url: str) -> str:
    return (f"kind: monitoring\ntitle: {yaml_string(text)}\nas_of: {as_of}\nactions:\n  piani-urbani:\n"
            f"    status: in_progress\n    progress: {progress}\n    note: {yaml_string(text)}\n"
            f"    evidence: [{yaml_string(url)}]\n")


def _plan(tmp_path: Path, shift: int) -> Path:
    plan = hostile_plan(tmp_path, {})
    write_files(plan, {
        f"{EDITION}/monitoring/2025-08-31.yaml": _round("2025-08-31", 30, MARKUP[shift], "https://example.org/a"),
        f"{EDITION}/monitoring/2026-08-31.yaml": _round("2026-08-31", 20, MARKUP[shift + 1],
                                                        "https://example.org/<zqx>\"onclick=zqx"),
    })
    return plan


@pytest.mark.parametrize(("fmt", "shift"), [("html", 0), ("docx", 2), ("html", 9)])
def test_monitoring_report_keeps_round_text_as_text(tmp_path: Path, fmt: str, shift: int) -> None:
    plan = _plan(tmp_path, shift)
    before = snapshot(plan)
    out = tmp_path / "out" / f"monitoraggio.{fmt}"
    run = psmctl(["render", "monitoring", "--plan", str(plan), "-o", str(out)], tmp_path)
    assert run.code == 1 and "2026-08-31.yaml" in run.text  # the evidence link is refused, located
    write_files(plan, {f"{EDITION}/monitoring/2026-08-31.yaml":
                       _round("2026-08-31", 20, MARKUP[shift + 1], "https://example.org/b")})
    before = snapshot(plan)
    run = psmctl(["render", "monitoring", "--plan", str(plan), "-o", str(out)], tmp_path)
    assert run.code == 0, run.text
    data = out.read_bytes()
    assert (html_problems(data.decode("utf-8")) if fmt == "html" else package_problems(data)) == []
    assert snapshot(plan) == before and leftovers(plan, out.parent) == []


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_comparing_rounds_keeps_round_text_as_text(tmp_path: Path, fmt: str) -> None:
    plan = _plan(tmp_path, 3)
    write_files(plan, {f"{EDITION}/monitoring/2026-08-31.yaml":
                       _round("2026-08-31", 20, "\x1b[2J" + MARKUP[4], "https://example.org/b")})
    run = psmctl(["diff", "--monitoring", "2025-08-31", "2026-08-31", "--plan", str(plan), "-f", fmt], tmp_path)
    assert run.code in {0, 1}
    assert b"\x1b" not in run.stdout + run.stderr


def test_an_evidence_link_that_could_end_its_link_is_refused_where_it_is(tmp_path: Path) -> None:
    plan = _plan(tmp_path, 0)
    run = psmctl(["validate", str(plan), "-f", "parsable"], tmp_path)
    assert run.code == 1 and "2026-08-31.yaml:" in run.text and "web address" in run.text
