"""Writes that are whole or absent: one file (`write_atomic`) or several as one unit (`WriteSet`).

Only a regular file is ever replaced, and never through a link: psmctl does
not write where a symlink points (it could be anywhere, `/etc/passwd`
included), it refuses and says to name the real file. Plan writes also refuse
any path that leads outside the plan folder.

A `WriteSet` stages every file as a temporary file beside its target, then
commits: originals are kept as hard-linked backups, a journal listing every
rename is written, the renames run with SIGINT/SIGTERM held back, and removing
the journal is the commit point. A failure rolls every file back; a run killed
outright (SIGKILL, power loss) leaves the journal, and the next psmctl command
on that folder rolls back from it (`recover`), so the files are byte for byte
as before or all updated — never a mix.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from psmctl.errors import Refused, UsageError

JOURNAL = ".psmctl-journal.json"
_HELD = {signal.SIGINT, signal.SIGTERM}


class OutputProblem(UsageError):
    """The output path cannot hold a file (a folder, a device, a link, a path under a file)."""

    def __init__(self, path: Path, message: str, hint: str = "name a file in a folder you can write to") -> None:
        super().__init__(f"cannot write {path}: {message}", hint)
        self.path = path


def target_of(path: Path, inside: Path | None = None, create: bool = True) -> Path:
    """The file `path` names, checked: not a link, not a folder or device, inside `inside` if given.

    Missing parent folders are created (with the normal mode) unless `create` is false.
    """
    if path.is_symlink():
        raise OutputProblem(path, "it is a symbolic link; psmctl never writes through a link",
                            f"write to the file it points to ({os.path.realpath(path)}) or remove the link")
    real = Path(os.path.realpath(path))
    if inside is not None and not real.is_relative_to(os.path.realpath(inside)):
        raise OutputProblem(path, f"it leads outside the plan folder {inside} (through a linked folder)",
                            "replace the linked folder with a real one")
    if real.exists() and not real.is_file():
        raise OutputProblem(path, "exists and is not a regular file (a folder or a device?)")
    for parent in real.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputProblem(path, f"{parent} is a file, not a folder")
            break
    if create:
        make_folders(real.parent)
    return real


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def make_folders(folder: Path) -> list[Path]:
    """Create `folder` and missing parents with the normal mode (umask); the ones created, top first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()][::-1]
    for made in missing:
        made.mkdir(mode=0o777)  # the umask applies, as for any folder the user makes
    return missing


def publish(temp: Path, path: Path) -> None:
    """Rename a finished temporary file onto `path`, keeping the mode of the file it replaces."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # mkstemp makes 0600 files
    os.chmod(temp, mode)
    os.replace(temp, path)


def _write_to(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _write_temp(temp: Path, data: bytes) -> None:
    _write_to(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600), data)


def write_atomic(path: Path, data: bytes, inside: Path | None = None) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    from psmctl.interrupts import held

    path = target_of(path, inside)
    temp: Path | None = None
    try:
        with held():
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temp = Path(name)
        _write_to(fd, data)
        publish(temp, path)
    except BaseException:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise


@dataclass
class _Entry:
    target: Path
    temp: Path
    backup: Path
    existed: bool


@dataclass
class WriteSet:
    """Several files written as one unit under `base` (where the journal lives)."""

    base: Path
    inside: Path | None = None
    txid: str = field(default_factory=lambda: secrets.token_hex(6))
    entries: list[_Entry] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    pending: bool = False  # the journal is ours and nothing is committed yet

    def __enter__(self) -> WriteSet:
        recover(self.base)
        try:  # created, never replaced: of two psmctl commands starting together, one writes
            _write_temp(_journal_path(self.base), self._record("staging"))
        except FileExistsError:
            raise Refused(f"{self.base}: another psmctl is writing here", "wait for it to finish") from None
        self.pending = True
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.pending:  # failed, interrupted, or left without commit: nothing staged may stay
            _roll_back(self.entries, self.folders)
            _journal_path(self.base).unlink(missing_ok=True)
            self.pending = False

    def add(self, path: Path, data: bytes) -> None:
        """Stage `data` for `path` (nothing visible changes until `commit`)."""
        target = target_of(path, self.inside, create=False)
        made = make_folders(target.parent)
        if made:
            self.folders.extend(made)
            self._journal("staging")  # the folders made are known before a file lands in them
        name = f".{target.name}.{self.txid}"
        entry = _Entry(target, target.with_name(name + ".tmp"), target.with_name(name + ".bak"), target.exists())
        self.entries.append(entry)
        _write_temp(entry.temp, data)

    def commit(self) -> None:
        for entry in self.entries:
            if entry.existed:
                _keep_backup(entry)
        self._journal("committing")
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
        try:
            for entry in self.entries:
                publish(entry.temp, entry.target)
            _journal_path(self.base).unlink()  # the commit point
        except BaseException:
            _roll_back(self.entries, self.folders)
            _journal_path(self.base).unlink(missing_ok=True)
            self.pending = False
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        self.pending = False
        for entry in self.entries:
            entry.backup.unlink(missing_ok=True)
        self.entries, self.folders = [], []

    def _record(self, state: str) -> bytes:
        record = {"pid": os.getpid(), "txid": self.txid, "state": state, "folders": [str(p) for p in self.folders],
                  "entries": [[str(e.target), str(e.temp), str(e.backup), e.existed] for e in self.entries]}
        return json.dumps(record).encode("utf-8")

    def _journal(self, state: str) -> None:
        write_atomic(_journal_path(self.base), self._record(state))


def _journal_path(base: Path) -> Path:
    return base / JOURNAL


def _keep_backup(entry: _Entry) -> None:
    try:
        os.link(entry.target, entry.backup)
    except OSError:  # a file system without hard links: a copy does the same job
        entry.backup.write_bytes(entry.target.read_bytes())


def _roll_back(entries: list[_Entry], folders: list[Path]) -> int:
    """Put every file back as it was; the number of files restored or removed."""
    undone = 0
    for entry in entries:
        entry.temp.unlink(missing_ok=True)
        if entry.backup.exists():
            os.replace(entry.backup, entry.target)
            # rename() does nothing when both names are one file (the target was never replaced)
            entry.backup.unlink(missing_ok=True)
            undone += 1
        elif not entry.existed and entry.target.exists():
            entry.target.unlink()
            undone += 1
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty: something else lives there now
    return undone


_TEMP = re.compile(r"^\..+\.(?P<txid>[0-9a-f]{12})\.(?:tmp|bak)$")


def recover(base: Path) -> int:
    """Undo a write set that was killed before it committed; the files restored (0: nothing to do)."""
    path = _journal_path(base)
    if not os.path.lexists(path):
        return 0
    try:
        pid, txid, state, entries, folders = _read_journal(base, path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise Refused(f"{path}: not the journal of an interrupted psmctl write ({exc}); nothing was changed",
                      "restore the plan from git if needed (git status, git checkout), then delete the journal") from None
    if pid != os.getpid() and _alive(pid):
        raise Refused(f"{base}: another psmctl (process {pid}) is writing here",
                      "wait for it to finish; if no psmctl is running, delete " + str(path))
    undone = _roll_back(entries, folders) if state == "committing" else 0
    _sweep(base, txid, folders)
    path.unlink(missing_ok=True)
    return undone


def _read_journal(base: Path, path: Path) -> tuple[int, str, str, list[_Entry], list[Path]]:
    """The journal's record, refused unless every path it names is psmctl's own, inside `base`.

    A journal is data like any other file in the folder: one planted by someone else must not make
    the next command move or delete files elsewhere.
    """
    from psmctl.loading.files import Skipped, read_bounded

    raw = read_bounded(path, JOURNAL)  # never blocks on a FIFO, never reads past the bound
    if isinstance(raw, Skipped):
        raise ValueError(raw.message)
    record = json.loads(raw.decode("utf-8"))
    pid, txid, state = int(record["pid"]), str(record["txid"]), str(record["state"])
    if not re.fullmatch(r"[0-9a-f]{12}", txid) or state not in ("staging", "committing"):
        raise ValueError("unknown transaction id or state")
    entries = [_Entry(Path(t), Path(m), Path(b), e is True) for t, m, b, e in record["entries"]]
    folders = [Path(p) for p in record["folders"]]
    inside = Path(os.path.realpath(base))
    for entry in entries:
        own = (entry.target.with_name(f".{entry.target.name}.{txid}.tmp"),
               entry.target.with_name(f".{entry.target.name}.{txid}.bak"))
        if (entry.temp, entry.backup) != own or not _within(entry.target, inside):
            raise ValueError(f"it names {entry.target}, which is not a file psmctl wrote here")
    for folder in folders:
        if not _within(folder, inside):
            raise ValueError(f"it names the folder {folder}, outside {base}")
    return pid, txid, state, entries, folders


def _within(path: Path, root: Path) -> bool:
    return path.is_absolute() and Path(os.path.realpath(path.parent)).is_relative_to(root) and ".." not in path.parts


def _sweep(base: Path, txid: str, folders: list[Path]) -> None:
    """Remove the temporary files a killed run staged (they carry its id)."""
    for folder, _dirs, names in os.walk(base):
        for name in names:
            match = _TEMP.match(name)
            if match and match["txid"] == txid:
                Path(folder, name).unlink(missing_ok=True)
    _roll_back([], folders)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
