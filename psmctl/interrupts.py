"""Ctrl-C and SIGTERM held back while psmctl makes something it must later remove.

psmctl turns both into an exception (psmctl.cli.errors), so that every cleanup
runs. An exception raised inside tempfile.mkdtemp, mkstemp or Popen, after the
folder, file or child exists but before the caller holds it, leaves the thing
behind where nothing can remove or stop it. Inside `held()` the signal is only
noted; it is raised as the block ends, where the caller's cleanup covers it.
"""

from __future__ import annotations

import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

INTERRUPTS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


@contextmanager
def held() -> Iterator[None]:
    """Interrupts wait until the block ends.

    The handlers are Python's, which always run in the main thread, so a signal
    a thread receives waits too; a child started inside gets the default ones
    (exec resets a caught signal).
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # an embedding program's thread: signals are the main thread's business
        return
    caught: list[int] = []
    before = {number: signal.signal(number, lambda signum, _: caught.append(signum)) for number in INTERRUPTS}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        if caught:
            signal.raise_signal(caught[0])  # now, where the caller can undo what it made


@contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A temporary folder, removed with all it holds when the block ends, however it ends."""
    folder: str | None = None
    try:
        with held():
            folder = tempfile.mkdtemp(prefix=prefix)
        yield Path(folder)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
