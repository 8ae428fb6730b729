"""The pre-commit hook manifest: every hook's entry runs on a fixture plan."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from psmctl.cli import app
from tests.conftest import REPO

runner = CliRunner()
HOOKS = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))}


def run_hook(hook: dict[str, object], repo: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run a hook as pre-commit would: entry, then the matching files unless pass_filenames is off."""
    monkeypatch.chdir(repo)
    entry = shlex.split(str(hook["entry"]))
    assert entry[0] == "psmctl"
    files = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file())
    matching = [f for f in files if re.search(str(hook.get("files", "")), f)]
    assert matching, "the hook's `files` pattern matches nothing in a plan repository"
    names = matching if hook.get("pass_filenames", True) else []
    return runner.invoke(app, [*entry[1:], *names]).exit_code


def test_manifest_declares_both_hooks() -> None:
    assert sorted(HOOKS) == ["psmctl-fmt", "psmctl-validate"]
    for hook in HOOKS.values():
        assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"


def test_hooks_pass_on_a_clean_plan(base_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert runner.invoke(app, ["fmt", str(base_plan)]).exit_code == 0
    for hook in HOOKS.values():
        assert run_hook(hook, base_plan.parent, monkeypatch) == 0, hook["id"]


def test_validate_hook_fails_on_an_invalid_plan(base_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (base_plan / "editions/2024-2026/actions/corridoi.yaml").write_text(
        "kind: action\nid: corridoi\ncode: \"1.1.1\"\nparent: nessuna\ntitle: X\n", "utf-8")
    assert run_hook(HOOKS["psmctl-validate"], base_plan.parent, monkeypatch) == 1


def test_fmt_hook_fails_on_an_unformatted_file(base_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert runner.invoke(app, ["fmt", str(base_plan)]).exit_code == 0
    path = base_plan / "editions/2024-2026/actions/piani-urbani.yaml"
    path.write_text("id: piani-urbani\n" + path.read_text("utf-8").replace("id: piani-urbani\n", ""), "utf-8")
    assert run_hook(HOOKS["psmctl-fmt"], base_plan.parent, monkeypatch) == 1
