"""diff (every format), fmt, new and schema on a plan whose text fields are hostile."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.hostile.harness import html_problems, leftovers, package_problems, psmctl, snapshot
from tests.hostile.plans import hostile_plan, rotated
from tests.hostile.test_markup import MARKUP


@pytest.mark.parametrize("fmt", ["html", "docx", "md", "text"])
def test_diff_keeps_hostile_text_as_text(tmp_path: Path, fmt: str) -> None:
    plan = hostile_plan(tmp_path, rotated(MARKUP, 4))
    before = snapshot(plan)
    out = tmp_path / "out" / f"raffronto.{fmt}"
    args = ["diff", "2021-2023", "2024-2026", "--plan", str(plan), "-f", fmt]
    run = psmctl([*args, "-o", str(out)] if fmt in {"html", "docx"} else args, tmp_path)
    assert run.code == 0, run.text
    if fmt == "html":
        assert html_problems(out.read_text("utf-8")) == []
    elif fmt == "docx":
        assert package_problems(out.read_bytes()) == []
    else:
        assert b"\x1b" not in run.stdout
    assert snapshot(plan) == before and leftovers(plan, out.parent) == []
    assert list((tmp_path / "tmp").iterdir()) == []


def test_fmt_and_new_keep_hostile_text_byte_for_byte(tmp_path: Path) -> None:
    plan = hostile_plan(tmp_path, rotated(MARKUP, 1))
    psmctl(["fmt", str(plan)], tmp_path)
    formatted = snapshot(plan)
    assert psmctl(["fmt", "--check", str(plan)], tmp_path).code == 0
    run = psmctl(["new", "edition", "2027-2029", "--plan", str(plan)], tmp_path)
    assert run.code in {0, 1, 2}
    assert {k: v for k, v in snapshot(plan).items() if not k.startswith("editions/2027-2029")} == formatted
    assert leftovers(plan) == []
