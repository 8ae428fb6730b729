"""Atomic writes: a file is replaced whole or not at all, and only a regular file is replaced."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class OutputProblem(Exception):
    """The output path cannot hold a file (a folder, a device, a path under a file)."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path, self.message = path, message


def target_of(path: Path) -> Path:
    """Where writing `path` really goes: a symlink's target; refuse folders and special files."""
    real = Path(os.path.realpath(path))
    if real.exists() and not real.is_file():
        raise OutputProblem(path, "exists and is not a regular file (a folder or a device?)")
    for parent in real.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputProblem(path, f"{parent} is a file, not a folder")
            break
    real.parent.mkdir(parents=True, exist_ok=True)
    return real


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def publish(temp: Path, path: Path) -> None:
    """Rename a finished temporary file onto `path`, keeping the mode of the file it replaces."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # mkstemp makes 0600 files
    os.chmod(temp, mode)
    os.replace(temp, path)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    path = target_of(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        publish(Path(temp), path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
