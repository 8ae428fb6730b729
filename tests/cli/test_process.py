"""The life of a command process: no cyclic GC while it runs, no interpreter teardown at exit.

Both are speed measures (issue 14); these tests pin that neither changes what a
command prints or the exit code it ends with.
"""

from __future__ import annotations

import contextlib
import gc
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from tests.conftest import FIXTURES, REPO, build_case
from tests.diffplans import BASE, action, write_edition
from typer.testing import CliRunner

from psmctl.cli import app
from psmctl.cli import errors as cli_errors

runner = CliRunner()
INVALID = sorted(p.name for p in (FIXTURES / "invalid").iterdir())


def test_the_collector_is_paused_inside_a_command_and_restored_after() -> None:
    assert gc.isenabled()
    with cli_errors.paused_gc():
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0  # what the imports built is never scanned
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_failing_command_restores_the_collector_too() -> None:
    with pytest.raises(RuntimeError), cli_errors.paused_gc():
        raise RuntimeError("boom")
    assert gc.isenabled()


def _commands(tmp_path: Path) -> list[list[str]]:
    commands = []
    for case in INVALID:
        plan = build_case(FIXTURES / "invalid" / case, tmp_path / case)
        commands.append(["validate", str(plan), "-f", "json", "-v"])
    new = [{**e, "title": "Sostenere le micro imprese"} if e["id"] == "s-imprese" else e for e in BASE
           if e["id"] != "a-bosco"]
    new.append(action("a-orti", "1.2.2", "s-imprese", "Orti urbani condivisi"))
    root = write_edition(tmp_path / "diff", "2030-2032", BASE)
    write_edition(root, "2033-2035", new, predecessor="2030-2032")
    commands += [["diff", "2030-2032", "2033-2035", "--plan", str(root), "-f", fmt] for fmt in ("text", "json", "md")]
    return commands


def test_outputs_are_identical_with_and_without_the_collector(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = _commands(tmp_path)
    paused = [runner.invoke(app, command) for command in commands]

    @contextlib.contextmanager
    def collecting() -> Iterator[None]:
        assert gc.isenabled()
        yield

    monkeypatch.setattr(cli_errors, "paused_gc", collecting)
    for command, before in zip(commands, paused):
        after = runner.invoke(app, command)
        assert (after.exit_code, after.stdout) == (before.exit_code, before.stdout), command
    assert any(result.exit_code == 1 for result in paused)  # findings were part of the comparison


@pytest.mark.parametrize("case,code", [("invalid/references", 1), ("valid/base", 0)])
def test_a_process_ending_without_teardown_flushes_everything_and_keeps_its_exit_code(
        tmp_path: Path, case: str, code: int) -> None:
    plan = build_case(FIXTURES / case, tmp_path / "plan")
    command = ["validate", str(plan), "-f", "json", "-v"]
    expected = runner.invoke(app, command)
    child = subprocess.run([sys.executable, "-m", "psmctl", *command], capture_output=True, cwd=REPO, timeout=120)
    assert child.returncode == expected.exit_code == code
    assert child.stdout.decode("utf-8") == expected.stdout


def test_a_usage_error_still_exits_2_with_its_message() -> None:
    child = subprocess.run([sys.executable, "-m", "psmctl", "validate", "--no-such-option"], capture_output=True,
                           cwd=REPO, timeout=120)
    assert child.returncode == 2
    assert b"No such option" in child.stderr


def test_an_exit_with_a_message_prints_it_and_exits_1(capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import psmctl.cli as cli

    ended: list[int] = []
    monkeypatch.setattr(cli.os, "_exit", ended.append)
    cli._exit_now("stopped")
    assert ended == [1] and capsys.readouterr().err == "stopped\n"


def test_the_text_diff_prints_each_axis_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    new = [*BASE, *(action(f"a-nuova-{n}", f"1.2.{50 + n}", "s-imprese", f"Azione nuova {n}") for n in range(30))]
    root = write_edition(tmp_path / "plan", "2030-2032", BASE)
    write_edition(root, "2033-2035", new, predecessor="2030-2032")
    prints: list[int] = []
    real = Console.print
    monkeypatch.setattr(Console, "print", lambda self, *args, **kwargs: prints.append(1) or real(self, *args, **kwargs))
    result = runner.invoke(app, ["diff", "2030-2032", "2033-2035", "--plan", str(root), "-f", "text"])
    assert result.exit_code == 0 and result.stdout.count("added") >= 30
    assert len(prints) < 10  # one per line was the cost of a large diff (issue 14)
