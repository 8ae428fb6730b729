"""Writes of several files commit as a unit: faults at file k of n, SIGTERM and SIGKILL mid-import."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from psmctl import writing
from psmctl.writing import JOURNAL, WriteSet, recover
from tests.cli.test_exchange import export, run_import, snapshot

N = 4


def _files(root: Path) -> list[Path]:
    paths = [root / "sub" / f"f{k}.yaml" for k in range(N)]
    for path in paths[:-1]:  # the last one is new
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"old {path.name}\n".encode())
    return paths


def _all_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("failing", range(N))
def test_a_failed_rename_at_file_k_of_n_leaves_every_file_as_before(tmp_path: Path, failing: int,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _files(tmp_path)
    before = _all_files(tmp_path)
    real_replace, calls = os.replace, []

    def replace(source: object, target: object) -> None:
        calls.append(target)
        if len(calls) == failing + 1:
            raise OSError(28, "No space left on device")
        real_replace(source, target)  # type: ignore[arg-type]

    with pytest.raises(OSError, match="No space"):
        with WriteSet(tmp_path) as writes:
            for path in paths:
                writes.add(path, b"new\n")
            monkeypatch.setattr(writing.os, "replace", replace)
            writes.commit()
    monkeypatch.setattr(writing.os, "replace", real_replace)
    assert _all_files(tmp_path) == before  # no temp file, no backup, no journal left


@pytest.mark.parametrize("failing", range(N))
def test_a_failed_write_while_staging_leaves_nothing(tmp_path: Path, failing: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _files(tmp_path)
    before = _all_files(tmp_path)
    real_write, count = writing._write_to, [0]

    def write_to(fd: int, data: bytes) -> None:
        count[0] += 1
        if data == b"new\n" and count[0] > failing:
            os.close(fd)
            raise OSError(28, "No space left on device")
        real_write(fd, data)

    monkeypatch.setattr(writing, "_write_to", write_to)
    with pytest.raises(OSError):
        with WriteSet(tmp_path) as writes:
            for path in paths:
                writes.add(path, b"new\n")
            writes.commit()
    assert _all_files(tmp_path) == before


def test_a_commit_updates_every_file(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    with WriteSet(tmp_path) as writes:
        for path in paths:
            writes.add(path, b"new\n")
        writes.commit()
    assert _all_files(tmp_path) == {f"sub/f{k}.yaml": b"new\n" for k in range(N)}


def test_new_folders_get_the_normal_mode(tmp_path: Path) -> None:
    os.umask(0o022)
    with WriteSet(tmp_path) as writes:
        writes.add(tmp_path / "a" / "b" / "c.yaml", b"x\n")
        writes.commit()
    assert (tmp_path / "a").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "a" / "b" / "c.yaml").stat().st_mode & 0o777 == 0o644


# A psmctl that pauses while committing (after the first rename) or while staging, so a test can kill it.
PAUSING = """
import sys, time
from pathlib import Path
import psmctl.writing as w
stage, marker, seconds = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
def pause():
    marker.write_text("ready")
    time.sleep(seconds)
if stage == "commit":
    real, done = w.publish, []
    def publish(temp, path):
        real(temp, path)
        if path.name != w.JOURNAL:
            done.append(path)
        if len(done) == 1 and path.name != w.JOURNAL:
            pause()
    w.publish = publish
else:
    real_write, staged = w._write_temp, []
    def write_temp(temp, data):
        real_write(temp, data)
        staged.append(temp)
        if len(staged) == 2:
            pause()
    w._write_temp = write_temp
from psmctl.cli import main
sys.argv = ["psmctl", *sys.argv[4:]]
main()
"""


def _edited_export(plan: Path, tmp_path: Path) -> Path:
    """An export that changes the progress of two actions (two files)."""
    import json

    sheet = export(plan, tmp_path / "monitoraggio.json", "json")
    document = json.loads(sheet.read_text(encoding="utf-8"))
    for row, value in zip(document["sheets"]["actions"], ("55", "66")):
        row["progress"] = value
    sheet.write_text(json.dumps(document), encoding="utf-8")
    return sheet


@pytest.mark.parametrize("stage,kill", [("staging", signal.SIGTERM), ("staging", signal.SIGKILL),
                                        ("commit", signal.SIGKILL), ("commit", signal.SIGTERM)])
def test_an_import_killed_midway_leaves_the_plan_as_before_or_fully_updated(
        base_plan: Path, tmp_path: Path, stage: str, kill: signal.Signals) -> None:
    sheet = _edited_export(base_plan, tmp_path)
    before = snapshot(base_plan)
    marker = tmp_path / "ready"
    seconds = "1" if (stage, kill) == ("commit", signal.SIGTERM) else "60"  # SIGTERM waits for the renames
    child = subprocess.Popen([sys.executable, "-c", PAUSING, stage, str(marker), seconds, "import", str(sheet),
                              "--plan", str(base_plan)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marker.exists(), child.communicate()
    child.send_signal(kill)
    _, err = child.communicate(timeout=30)
    if kill == signal.SIGTERM and stage == "commit":
        # signals wait while files are renamed: the import completes, then stops
        assert child.returncode in (0, 143), err
    else:
        assert child.returncode in (-signal.SIGKILL, 143), err
    if kill == signal.SIGTERM:
        assert not (base_plan / JOURNAL).exists()
    recover(base_plan)  # what the next psmctl command does first
    after = snapshot(base_plan)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert set(after) <= set(before) | {rel for rel in after if not rel.startswith(".")}
    assert not [rel for rel in after if rel.split("/")[-1].startswith(".")], "a temporary file was left"
    if changed:
        assert len(changed) == 2, "half an import"
        return
    assert after == before
    code, out, err = run_import(base_plan, sheet)  # the same workbook is accepted again
    assert code == 0, err
    assert "applied 2 change(s) to 2 file(s)" in out


@pytest.mark.parametrize("command", ["schema", "export-csv"])
def test_commands_writing_several_files_write_all_or_none(base_plan: Path, tmp_path: Path, command: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from psmctl.cli import app

    out = tmp_path / "out"
    args = (["schema", "--out", str(out)] if command == "schema"
            else ["export", "-f", "csv", "--plan", str(base_plan), "-o", str(out)])
    assert CliRunner().invoke(app, args).exit_code == 0
    for path in out.iterdir():
        path.write_bytes(b"old\n")
    before = _all_files(out)
    real, calls = os.replace, []

    def replace(source: object, target: object) -> None:
        if not str(target).endswith(JOURNAL):
            calls.append(target)
            if len(calls) == 3:
                raise OSError(28, "No space left on device")
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(writing.os, "replace", replace)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1 and "No space left" in result.stderr
    assert _all_files(out) == before


@pytest.mark.parametrize("journal", [
    {"pid": 1, "txid": "0123456789ab", "state": "committing", "folders": [],
     "entries": [["/etc/passwd", "/tmp/x", "/tmp/y", False]]},
    {"pid": 1, "txid": "0123456789ab", "state": "committing", "folders": ["/etc"], "entries": []},
    "FIFO",
])
def test_a_planted_journal_never_touches_anything(tmp_path: Path, journal: object) -> None:
    import json

    victim = tmp_path.parent / f"{tmp_path.name}-victim.txt"
    victim.write_text("keep\n", encoding="utf-8")
    if isinstance(journal, dict) and journal["entries"]:
        journal["entries"] = [[str(victim), str(tmp_path / "t"), str(tmp_path / "b"), False]]
    path = tmp_path / JOURNAL
    if journal == "FIFO":
        os.mkfifo(path)
    else:
        path.write_text(json.dumps(journal), encoding="utf-8")
    with pytest.raises(writing.Refused, match="not the journal of an interrupted psmctl write"):
        recover(tmp_path)
    assert victim.read_text(encoding="utf-8") == "keep\n"


@pytest.mark.parametrize("failing", [1, 2])
@pytest.mark.parametrize("fault", ["replace", "write"])
def test_an_import_failing_at_file_k_leaves_the_plan_as_before_and_can_run_again(
        base_plan: Path, tmp_path: Path, failing: int, fault: str, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = _edited_export(base_plan, tmp_path)
    before = snapshot(base_plan)
    real_replace, real_write, count = os.replace, writing._write_temp, [0]

    def replace(source: object, target: object) -> None:
        if not str(target).endswith(JOURNAL):
            count[0] += 1
            if count[0] == failing:
                raise PermissionError(13, "Permission denied (file locked)", str(target))
        real_replace(source, target)  # type: ignore[arg-type]

    def write_temp(temp: Path, data: bytes) -> None:
        count[0] += 1
        if count[0] == failing:
            raise OSError(28, "No space left on device", str(temp))
        real_write(temp, data)

    if fault == "replace":
        monkeypatch.setattr(writing.os, "replace", replace)
    else:
        monkeypatch.setattr(writing, "_write_temp", write_temp)
    code, _, err = run_import(base_plan, sheet)
    assert code == 1 and ("locked" in err or "No space" in err), err
    assert snapshot(base_plan) == before
    assert not [p for p in base_plan.rglob(".*") if p.is_file()]
    monkeypatch.undo()
    code, out, err = run_import(base_plan, sheet)
    assert code == 0 and "applied 2 change(s) to 2 file(s)" in out, err


def test_a_write_set_waits_for_none_but_refuses_while_another_psmctl_writes(tmp_path: Path) -> None:
    import json

    (tmp_path / "a.yaml").write_bytes(b"old\n")
    alive = {"pid": os.getppid(), "txid": "0123456789ab", "state": "staging", "folders": [], "entries": []}
    (tmp_path / JOURNAL).write_text(json.dumps(alive), encoding="utf-8")
    with pytest.raises(writing.Refused, match=f"another psmctl \\(process {os.getppid()}\\) is writing"):
        with WriteSet(tmp_path) as writes:
            writes.add(tmp_path / "a.yaml", b"new\n")
            writes.commit()
    assert (tmp_path / "a.yaml").read_bytes() == b"old\n" and (tmp_path / JOURNAL).exists()


def test_a_write_set_left_without_commit_leaves_nothing(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    before = _all_files(tmp_path)
    with WriteSet(tmp_path) as writes:
        for path in paths:
            writes.add(path, b"new\n")
    assert _all_files(tmp_path) == before
