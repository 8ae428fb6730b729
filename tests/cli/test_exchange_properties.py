"""Property tests of the round-trip: no edit changes nothing; one edit changes one value."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from psmctl.cli import app
from tests.conftest import FIXTURES, build_case

runner = CliRunner()
ACTIONS = {"corridoi": "editions/2024-2026/actions/corridoi.yaml",
           "piani-urbani": "editions/2024-2026/actions/piani-urbani.yaml"}


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def round_trip(edit: dict[str, str] | None, fmt: str) -> tuple[dict[str, bytes], dict[str, bytes], str]:
    work = Path(tempfile.mkdtemp())
    try:
        plan = build_case(FIXTURES / "valid" / "base", work / "plan")
        sheet = work / f"out.{fmt}"
        assert runner.invoke(app, ["export", "--plan", str(plan), "-f", fmt, "-o", str(sheet)]).exit_code == 0
        if edit:
            document = json.loads(sheet.read_text("utf-8"))
            row = next(r for r in document["sheets"]["actions"] if r["id"] == edit["id"])
            row["progress"] = edit["progress"]
            sheet.write_text(json.dumps(document), "utf-8")
        before = files(plan)
        result = runner.invoke(app, ["import", str(sheet), "--plan", str(plan)])
        assert result.exit_code == 0, result.stderr
        return before, files(plan), result.stdout
    finally:
        shutil.rmtree(work)


@settings(max_examples=4, deadline=None)
@given(st.sampled_from(["xlsx", "json"]))
def test_unedited_sheet_changes_no_byte(fmt: str) -> None:
    before, after, out = round_trip(None, fmt)
    assert after == before and out == "no changes\n"


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(sorted(ACTIONS)), st.integers(0, 100), st.sampled_from(["{}", "{}.0", " {} "]))
def test_one_progress_cell_changes_one_value_in_one_file(action: str, progress: int, spelling: str) -> None:
    before, after, _ = round_trip({"id": action, "progress": spelling.format(progress)}, "json")
    changed = sorted(rel for rel in before if before[rel] != after[rel])
    old = before[ACTIONS[action]].decode().split("\n")
    if action == "corridoi" and progress == 40:
        assert changed == []
        return
    assert changed == [ACTIONS[action]]
    new = after[ACTIONS[action]].decode().split("\n")
    removed = [line for line in old if line not in new]
    added = [line for line in new if line not in old]
    assert added == [f"progress: {progress}"]
    assert removed == (["progress: 40"] if action == "corridoi" else [])
    assert len(new) == len(old) + (0 if action == "corridoi" else 1)
