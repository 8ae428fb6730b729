"""Which files belong to a plan, and how they are read: one rule for every command.

A plan file is a `.yaml`/`.yml` file anywhere in the tree, or a `.md` file in a
`chapters/` folder, whose path has no hidden part (a name starting with `.`).
Hidden files are never plan files — not for `validate`, the git loader, `fmt`,
export or `new edition` — so editor backups and psmctl's own temporary files
stay out; a hidden file that looks like a plan file gets a note, so a committed
`.bozza.yaml` is not silently ignored.

Nothing outside the plan enters: a link is followed only to a regular file
inside the plan root; links to folders are not followed (a loop, or a second
copy of the plan). FIFOs, sockets and devices are never opened, a file is read
only up to a size bound, and every path that cannot be read becomes a located
finding while the other files are still checked.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from psmctl.loading.yamlfile import MAX_BYTES

PLAN_SUFFIXES = (".yaml", ".yml")
CHAPTER_SUFFIX = ".md"
CHAPTER_FOLDER = "chapters"
READ_LIMIT = MAX_BYTES  # no plan file is larger; a bigger one is refused, not read


@dataclass(frozen=True)
class Skipped:
    """A path under the plan that was not read, and why (becomes a finding)."""

    rel: str
    code: str  # a diagnostic code: unreadable | special-file | outside-plan | too-large | hidden-file
    message: str
    hint: str


def looks_like_plan_file(rel: str) -> bool:
    """A plan file's shape, hidden or not: YAML anywhere, Markdown in a chapters/ folder."""
    parts = rel.split("/")
    if rel.endswith(PLAN_SUFFIXES):
        return True
    return rel.endswith(CHAPTER_SUFFIX) and CHAPTER_FOLDER in parts[:-1]


def is_hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


def is_plan_file(rel: str) -> bool:
    """THE rule: does the file at `rel` (relative to the plan root, '/'-separated) belong to the plan?"""
    return looks_like_plan_file(rel) and not is_hidden(rel)


def hidden_note(rel: str) -> Skipped | None:
    """A note for a hidden file that would otherwise be a plan file (not for files in hidden folders)."""
    parts = rel.split("/")
    if not looks_like_plan_file(rel) or not parts[-1].startswith(".") or is_hidden("/".join(parts[:-1])):
        return None
    return Skipped(rel, "hidden-file", "a hidden file is not a plan file and is ignored",
                   "rename it without the leading '.' if it belongs to the plan, or remove it")


def walk_plan(root: Path) -> Iterator[tuple[str, str | Path] | Skipped]:
    """Every plan file under `root` as (rel, real path to read), and every path that cannot be one."""
    real_root = Path(os.path.realpath(root))
    yield from _walk(real_root, real_root, "")


def _walk(root: Path, folder: Path, prefix: str) -> Iterator[tuple[str, str | Path] | Skipped]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(prefix.rstrip("/") or ".", "unreadable", f"cannot list this folder: {_reason(exc)}",
                      "give the folder read and search permission (chmod u+rx), or remove it")
        return
    for entry in entries:
        rel = prefix + entry.name
        if entry.name.startswith("."):
            note = hidden_note(rel)
            if note is not None:
                yield note
            continue
        yield from _listed(root, entry, rel)


def _listed(root: Path, entry: os.DirEntry[str], rel: str) -> Iterator[tuple[str, str | Path] | Skipped]:
    """`_entry` for a path found in a listing, which already says what a plain file or folder is.

    Most paths are one or the other: taking their type from the listing saves a
    stat call per file (issue 14); links and anything unusual get `_entry`'s checks.
    """
    try:
        plain_file = entry.is_file(follow_symlinks=False)
        folder = not plain_file and entry.is_dir(follow_symlinks=False)
    except OSError:
        plain_file = folder = False  # `_entry` stats it again and reports why it cannot be read
    if plain_file:
        if is_plan_file(rel):
            yield rel, entry.path
    elif folder:
        yield from _walk(root, Path(entry.path), rel + "/")
    else:
        yield from _entry(root, Path(entry.path), rel)


def _entry(root: Path, path: Path, rel: str) -> Iterator[tuple[str, str | Path] | Skipped]:
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        yield Skipped(rel, "unreadable", f"cannot read this path: {_reason(exc)}", "check its permissions")
        return
    if stat.S_ISDIR(mode):
        yield from _walk(root, path, rel + "/")
        return
    if stat.S_ISLNK(mode) and os.path.isdir(path):
        # not followed (a loop, or a copy of the plan), and never silently: its files would vanish
        yield Skipped(rel, "special-file", "a link to a folder; psmctl does not follow it, so nothing in it is read",
                      "replace the link with the folder itself")
        return
    if not is_plan_file(rel):
        return
    if stat.S_ISLNK(mode):
        yield _followed(root, path, rel)
    elif stat.S_ISREG(mode):
        yield rel, path
    else:
        yield _special(rel, mode)


def _followed(root: Path, link: Path, rel: str) -> tuple[str, Path] | Skipped:
    """A link to a plan file: allowed only to a regular file inside the plan root."""
    try:
        real = Path(os.path.realpath(link, strict=True))
        mode = os.stat(real).st_mode
    except OSError as exc:
        what = "a link that loops" if exc.errno == errno.ELOOP else "a link to nothing (dangling)"
        return Skipped(rel, "unreadable", f"{what}: {_reason(exc)}", "fix or remove the link")
    if not real.is_relative_to(root):
        return Skipped(rel, "outside-plan", "a link to a file outside the plan folder; it is not read",
                       "copy the file into the plan instead of linking to it")
    if not stat.S_ISREG(mode):
        return _special(rel, mode)
    return rel, real


def _special(rel: str, mode: int) -> Skipped:
    what = ("a folder link" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "not a regular file")
    return Skipped(rel, "special-file", f"{what}, not a regular file; it is not read",
                   "plan files are ordinary files: replace it with one, or remove it")


def read_bounded(path: str | Path, rel: str) -> bytes | Skipped:
    """The bytes of a regular file, without blocking on special files and never past READ_LIMIT."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return Skipped(rel, "unreadable", f"cannot read this file: {_reason(exc)}",
                       "give the file read permission (chmod u+r), or remove it")
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):  # replaced since it was listed
            return _special(rel, status.st_mode)
        data = _read_up_to(fd, status.st_size, READ_LIMIT + 1)
    except OSError as exc:
        return Skipped(rel, "unreadable", f"cannot read this file: {_reason(exc)}", "check the file and the disk")
    finally:
        os.close(fd)
    if len(data) > READ_LIMIT:
        return Skipped(rel, "too-large", f"larger than {READ_LIMIT // 1_000_000} MB, too large to be a plan file",
                       "split the text over several files")
    return data


def _read_up_to(fd: int, expected: int, limit: int) -> bytes:
    """At most `limit` bytes of `fd`, read in buffers the size the file says it has.

    A buffered read of `limit` bytes allocates the whole bound (2 MB) for every
    file, and at 10,000 files those allocations were a third of the time spent
    reading (issue 14). The size is only a hint: a file that grew since is
    read on until the bound, one that shrank ends early.
    """
    chunks: list[bytes] = []
    got = 0
    while got < limit:
        chunk = os.read(fd, min(limit - got, max(expected + 1 - got, 65536)))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_plan(root: Path) -> Iterator[tuple[str, bytes] | Skipped]:
    """Every plan file under `root` with its bytes, and every path that could not be read."""
    for item in walk_plan(root):
        if isinstance(item, Skipped):
            yield item
            continue
        rel, path = item
        data = read_bounded(path, rel)
        yield data if isinstance(data, Skipped) else (rel, data)


def read_named(root: Path, path: Path) -> tuple[str, bytes] | Skipped | None:
    """A file the user named (under `root`) read by the same rules; None if it is not a plan file."""
    real_root = Path(os.path.realpath(root))
    rel = Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()
    for item in _entry(real_root, path, rel):
        if isinstance(item, Skipped):
            return item
        data = read_bounded(item[1], rel)
        return data if isinstance(data, Skipped) else (rel, data)
    return None


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
