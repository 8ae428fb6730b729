"""Plan files read from a git revision, without touching the working tree.

`git ls-tree -r -z` lists the blobs under the plan folder at the revision and
one `git cat-file --batch` process streams their contents, so a diff against
`HEAD~3` costs two subprocesses whatever the size of the plan, and the files
the user is editing (committed or not) are never read, checked out or stashed.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator

from psmctl.errors import UsageError
from psmctl.loading.files import READ_LIMIT, Skipped, hidden_note, is_plan_file

GIT_LINK_MODE = "120000"  # a symlink stored in git: its blob is the link text, not a file


class GitError(UsageError):
    """git is missing, the folder is not in a repository, the revision is unknown or an object is missing."""


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True)
    except FileNotFoundError:
        raise GitError("git is not installed", "install git to compare revisions") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else result.returncode}")
    return result.stdout


def repository_of(folder: Path) -> tuple[Path, str]:
    """The top of the repository holding `folder`, and `folder`'s path inside it ('' at the top)."""
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel").decode("utf-8").strip())
    except GitError:
        raise GitError(f"{folder} is not inside a git repository",
                       "a side written EDITION@REV needs the plan folder (--plan) to be in git") from None
    inside = Path(folder).resolve().relative_to(top.resolve()).as_posix()
    return top, "" if inside == "." else inside


@dataclass
class GitSource:
    """A `FileSource` over the plan folder `prefix` of `repo` at `revision`."""

    repo: Path
    revision: str
    prefix: str = ""
    label: str = ""
    skipped: list[Skipped] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.label = self.label or f"{self.revision}:{self.prefix or '.'}"
        self.commit = self._resolve()

    def _resolve(self) -> str:
        if self.revision.startswith("-"):  # git would read it as an option, not a revision
            raise GitError(f"unknown git revision {self.revision!r}", "a revision never starts with '-'")
        try:
            return _git(self.repo, "rev-parse", "--verify", "--quiet", f"{self.revision}^{{commit}}").decode().strip()
        except GitError:
            raise GitError(f"unknown git revision {self.revision!r}",
                           "use a branch, a tag, a commit or HEAD~N (see `git log`)") from None

    def shown(self, rel: str) -> str:
        return f"{self.revision}:{self.prefix}/{rel}" if self.prefix else f"{self.revision}:{rel}"

    def _blobs(self) -> list[tuple[str, str, str]]:
        spec = [f"{self.prefix}/"] if self.prefix else []
        listing = _git(self.repo, "ls-tree", "-r", "-z", "--full-tree", self.commit, "--", *spec)
        blobs = []
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode, kind, sha = meta.decode().split()
            path = name.decode("utf-8", "surrogateescape")
            if kind == "blob":
                blobs.append((path, mode, sha))
        return blobs

    def _wanted(self) -> list[tuple[str, str, str]]:
        """(rel, path in the repository, blob) of every plan file; the rest noted in `skipped`."""
        wanted = []
        for path, mode, sha in sorted(self._blobs()):
            rel = PurePosixPath(path).relative_to(self.prefix).as_posix() if self.prefix else path
            note = hidden_note(rel)
            if note is not None:
                self.skipped.append(note)
            elif is_plan_file(rel) and mode == GIT_LINK_MODE:
                self.skipped.append(Skipped(rel, "outside-plan", "a link committed in git; it is not followed",
                                            "commit the file itself instead of a link to it"))
            elif is_plan_file(rel):
                wanted.append((rel, path, sha))
        return wanted

    def files(self) -> Iterator[tuple[str, str, bytes]]:
        self.skipped = []
        wanted = self._wanted()
        if not wanted:
            return
        request = "".join(f"{sha}\n" for _, _, sha in wanted).encode()
        stream = _git(self.repo, "cat-file", "--batch", stdin=request)
        offset = 0
        for rel, path, sha in wanted:
            header_end = stream.find(b"\n", offset)
            header = stream[offset:header_end].split()
            if header_end < 0 or len(header) != 3 or header[1] != b"blob":
                raise GitError(f"git object {sha} ({path}) is missing from the repository at {self.revision}",
                               "the repository may be damaged or shallow: run `git fsck`, or fetch the history")
            size = int(header[2])
            start = header_end + 1
            if size > READ_LIMIT:
                self.skipped.append(Skipped(rel, "too-large", "too large to be a plan file; it is not read",
                                            "split the text over several files"))
            else:
                yield rel, self.shown(rel), stream[start:start + size]
            offset = start + size + 1  # the content is followed by a newline
