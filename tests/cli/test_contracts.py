"""Command contracts: exit codes, defaults shared by every command, output the console cannot take."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from psmctl.cli import app
from tests.diffplans import BASE, write_edition

runner = CliRunner()


def psmctl(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "psmctl", *args], capture_output=True, cwd=cwd,
                          env={**os.environ, **env}, timeout=120)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def _committed(tmp_path: Path) -> Path:
    root = write_edition(tmp_path / "plan", "2030-2032", BASE)
    write_edition(root, "2033-2035", BASE, predecessor="2030-2032")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x")
    return root


def test_diff_on_a_missing_git_object_is_a_clean_refusal(tmp_path: Path) -> None:
    root = _committed(tmp_path)
    blob = _git(tmp_path, "rev-parse", "HEAD:plan/editions/2030-2032/edition.yaml").strip()
    (tmp_path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    result = runner.invoke(app, ["diff", "2030-2032@HEAD", "2033-2035", "--plan", str(root)])
    assert result.exit_code == 2, result.output
    assert "is missing from the repository" in result.stderr and "internal error" not in result.stderr


def test_diff_into_a_closed_pipe_exits_cleanly(tmp_path: Path) -> None:
    root = write_edition(tmp_path / "plan", "2030-2032", BASE * 1)
    write_edition(root, "2033-2035", [], predecessor="2030-2032")
    reader, writer = os.pipe()
    os.close(reader)  # nobody reads: the first write raises BrokenPipeError
    child = subprocess.run([sys.executable, "-m", "psmctl", "diff", "2030-2032", "2033-2035", "--plan", str(root)],
                           stdout=writer, stderr=subprocess.PIPE, timeout=120)
    os.close(writer)
    assert child.returncode == 0, child.stderr
    assert b"internal error" not in child.stderr and b"Traceback" not in child.stderr


def test_output_the_console_cannot_encode_is_replaced(tmp_path: Path) -> None:
    root = write_edition(tmp_path / "plan", "2030-2032", BASE)
    result = psmctl("validate", str(root), PYTHONIOENCODING="cp1252")
    assert result.returncode == 0, result.stderr
    assert b"?" in result.stdout or "✓".encode("cp1252", "replace") in result.stdout
    result = psmctl("diff", "2030-2032", "2030-2032", "--plan", str(root), PYTHONIOENCODING="ascii")
    assert result.returncode == 0, result.stderr


def test_strict_json_says_failed_when_it_exits_1(base_plan: Path) -> None:
    (base_plan / "editions/2024-2026/strategies/casa.yaml").write_text(  # a warning, no error
        "kind: strategy\nid: casa\ncode: '1.2'\nparent: asse-verde\ntitle: Casa\n", "utf-8")
    result = runner.invoke(app, ["validate", str(base_plan), "--strict", "-f", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == "failed"
    result = runner.invoke(app, ["validate", str(base_plan), "-f", "json"])
    assert (result.exit_code, json.loads(result.stdout)["status"]) == (0, "ok")


@pytest.mark.parametrize("name", ["1000-1002", "9999-10001", "2027-2029\n", " 2027-2029", "2029-2027", "2027-2027",
                                  "\u0662\u0660\u0662\u0667-\u0662\u0660\u0662\u0669", "2027-2029x", "2089-2101"])
def test_new_edition_refuses_a_bad_id(base_plan: Path, name: str) -> None:
    before = sorted(p.name for p in (base_plan / "editions").iterdir())
    result = runner.invoke(app, ["new", "edition", name, "--from", "2024-2026", "--plan", str(base_plan)])
    assert result.exit_code == 2 and "is not an edition id" in result.stderr
    assert sorted(p.name for p in (base_plan / "editions").iterdir()) == before


def test_new_edition_folders_get_the_normal_mode(base_plan: Path) -> None:
    old = os.umask(0o022)
    try:
        result = runner.invoke(app, ["new", "edition", "2027-2029", "--from", "2024-2026", "--plan", str(base_plan)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    folders = [p for p in (base_plan / "editions/2027-2029").rglob("*") if p.is_dir()]
    assert folders and {p.stat().st_mode & 0o777 for p in [base_plan / "editions/2027-2029", *folders]} == {0o755}
    assert not [p for p in (base_plan / "editions").iterdir() if p.name.startswith(".")]


def test_every_command_finds_the_plan_from_inside_it(base_plan: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(base_plan / "editions" / "2024-2026")
    assert runner.invoke(app, ["validate"]).exit_code == 0
    rendered = runner.invoke(app, ["render", "annex", "-f", "md", "-o", str(tmp_path / "a.md")])
    assert rendered.exit_code == 0, rendered.output
    exported = runner.invoke(app, ["export", "-f", "json", "-o", str(tmp_path / "x.json")])
    assert exported.exit_code == 0, exported.output
    assert json.loads((tmp_path / "x.json").read_text("utf-8"))["edition"] == "2024-2026"
    inside = runner.invoke(app, ["fmt", "--check"])
    assert inside.output == runner.invoke(app, ["fmt", "--check", str(base_plan)]).output
    compared = runner.invoke(app, ["diff", "2021-2023", "2024-2026", "-f", "json"])
    assert compared.exit_code == 0 and json.loads(compared.stdout)["new"]["edition"] == "2024-2026", compared.output
    created = runner.invoke(app, ["new", "axis", "--title", "Nuovo asse"])
    assert created.exit_code == 0 and (base_plan / "editions/2024-2026/axes/nuovo-asse.yaml").is_file()


def test_without_default_edition_every_command_takes_the_latest(base_plan: Path, tmp_path: Path) -> None:
    project = base_plan / "plan.yaml"
    project.write_text("kind: project\nbody: Città metropolitana di Prova\n", "utf-8")
    rendered = runner.invoke(app, ["render", "annex", "--plan", str(base_plan), "-f", "md", "-o", str(tmp_path / "a.md")])
    assert rendered.exit_code == 0, rendered.output
    exported = runner.invoke(app, ["export", "--plan", str(base_plan), "-f", "json", "-o", str(tmp_path / "x.json")])
    assert json.loads((tmp_path / "x.json").read_text("utf-8"))["edition"] == "2024-2026"


def test_outside_any_plan_the_commands_say_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (["validate"], ["render", "annex"], ["export"], ["new", "action", "--title", "x"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "not a plan" in result.stderr, (args, result.output)


@pytest.mark.parametrize("command", [["render", "annex", "-f", "md", "-o"], ["diff", "2021-2023", "2024-2026", "-o"],
                                     ["export", "-f", "json", "-o"]])
def test_no_command_writes_through_a_link(base_plan: Path, tmp_path: Path, command: list[str]) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n", "utf-8")
    link = tmp_path / "out.link"
    link.symlink_to(victim)
    result = runner.invoke(app, [*command, str(link), "--plan", str(base_plan)])
    assert result.exit_code == 2 and "symbolic link" in result.stderr, result.output
    assert victim.read_text("utf-8") == "keep\n"


def test_fmt_and_import_never_write_through_a_link_in_the_plan(base_plan: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.yaml"
    victim.write_text("id: a\nkind: action\n", "utf-8")  # would be reordered
    (base_plan / "editions/2024-2026/actions/fuori.yaml").symlink_to(victim)
    result = runner.invoke(app, ["fmt", str(base_plan)])
    assert result.exit_code == 1 and "outside the plan" in result.stderr, result.output
    assert victim.read_text("utf-8") == "id: a\nkind: action\n"


def test_sigterm_during_a_render_leaves_no_temporary_file(base_plan: Path, tmp_path: Path) -> None:
    import signal
    import time

    out, scratch = tmp_path / "out", tmp_path / "tmp"  # the child's own temporary folder (TMPDIR)
    out.mkdir()
    scratch.mkdir()
    child = subprocess.Popen([sys.executable, "-m", "psmctl", "render", "plan", "--plan", str(base_plan),
                              "-f", "pdf", "-o", str(out / "piano.pdf")], stderr=subprocess.PIPE,
                             env={**os.environ, "TMPDIR": str(scratch)})
    deadline = time.monotonic() + 60
    while child.poll() is None and time.monotonic() < deadline and not list(out.iterdir()) \
            and not list(scratch.glob("psmctl-typst-*")):
        time.sleep(0.01)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    assert child.returncode in (0, 143), err
    assert [p.name for p in out.iterdir()] in ([], ["piano.pdf"])
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("target", ["/etc/passwd", "INSIDE"])
def test_new_edition_never_copies_a_link_target(base_plan: Path, target: str) -> None:
    link = base_plan / "editions/2024-2026/chapters/zz-link.md"
    link.symlink_to(base_plan / "editions/2024-2026/chapters" / sorted(
        p.name for p in (base_plan / "editions/2024-2026/chapters").iterdir())[0] if target == "INSIDE" else target)
    result = runner.invoke(app, ["new", "edition", "2027-2029", "--from", "2024-2026", "--plan", str(base_plan)])
    assert result.exit_code == 1, result.output
    assert "zz-link.md" in result.stderr and not (base_plan / "editions/2027-2029").exists()
    assert not [p for p in (base_plan / "editions").iterdir() if p.name.startswith(".")]


def test_fmt_never_opens_a_fifo(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    results: list[int] = []
    thread = threading.Thread(target=lambda: results.append(runner.invoke(app, ["fmt", str(fifo)]).exit_code),
                              daemon=True)
    thread.start()
    thread.join(10)
    assert results == [1]
    folder = runner.invoke(app, ["fmt", "--check", str(tmp_path)])
    assert folder.exit_code == 1 and "FIFO" in folder.stderr


@pytest.mark.parametrize("source", ["../../etc", "editions/../2024-2026", "1999-2001"])
def test_new_edition_starts_only_from_an_edition_of_the_plan(base_plan: Path, source: str) -> None:
    result = runner.invoke(app, ["new", "edition", "2027-2029", "--from", source, "--plan", str(base_plan)])
    assert result.exit_code == 2 and f"no edition {source!r}" in result.stderr, result.output
    assert not (base_plan / "editions/2027-2029").exists()
