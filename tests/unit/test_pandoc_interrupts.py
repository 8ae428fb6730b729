"""Ctrl-C or SIGTERM while psmctl makes a temporary folder or starts Pandoc: nothing is lost or left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from psmctl import interrupts, pandoc

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="POSIX signals")


def test_an_interrupt_while_pandoc_starts_arrives_after_the_start() -> None:
    import threading

    other = threading.Thread(target=time.sleep, args=(1,), daemon=True)
    other.start()  # a signal may be given to any thread: it waits all the same
    events: list[str] = []
    previous = signal.signal(signal.SIGTERM, lambda *_: events.append("interrupt"))
    try:
        with interrupts.held():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)  # the handler would have run by now if the signal were not held
            events.append("started")
        events.append("after")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert events == ["started", "interrupt", "after"]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the child's mask from /proc")
def test_pandoc_itself_can_be_interrupted() -> None:
    with interrupts.held():
        status = subprocess.run(["cat", "/proc/self/status"], capture_output=True, check=True).stdout.decode()
    masks = {line.split(":")[0]: int(line.split()[1], 16) for line in status.splitlines()
             if line.startswith(("SigBlk:", "SigIgn:"))}
    bits = 1 << (signal.SIGTERM - 1) | 1 << (signal.SIGINT - 1)
    assert len(masks) == 2 and not any(mask & bits for mask in masks.values())


def test_an_interrupted_run_stops_and_reaps_pandoc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "pid"
    started: list[subprocess.Popen[bytes]] = []
    real = subprocess.Popen

    def keep(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        started.append(real(*args, **kwargs))
        return started[-1]

    def interrupt(*_: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(subprocess, "Popen", keep)
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(KeyboardInterrupt):
            pandoc._run([sys.executable, "-c", f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid()));"
                         " time.sleep(60)"], b"", dict(os.environ))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert started and started[0].returncode is not None  # waited for: no zombie, no orphan still writing


def test_a_scratch_folder_is_removed_however_the_block_ends() -> None:
    with pytest.raises(KeyboardInterrupt):
        with interrupts.scratch_folder("psmctl-test-") as folder:
            (folder / "a").mkdir()
            (folder / "a" / "b.txt").write_text("x")
            raise KeyboardInterrupt
    assert not folder.exists()


def test_an_interrupt_while_the_scratch_folder_is_made_finds_it_held(monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    made: list[str] = []
    real = tempfile.mkdtemp

    def interrupted(**kwargs: Any) -> str:
        made.append(real(**kwargs))
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C just after the folder exists
        time.sleep(0.05)
        return made[-1]

    monkeypatch.setattr(tempfile, "mkdtemp", interrupted)
    with pytest.raises(KeyboardInterrupt):
        with interrupts.scratch_folder("psmctl-test-"):
            pass
    assert made and not Path(made[0]).exists()
