"""Plan files read from a git revision, without touching the working tree.

`git ls-tree -r -z` lists the blobs under the plan folder at the revision and
one `git cat-file --batch` process streams their contents, so a diff against
`HEAD~3` costs two subprocesses whatever the size of the plan, and the files
the user is editing (committed or not) are never read, checked out or stashed.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator


class GitError(Exception):
    """git is missing, the folder is not in a repository, or the revision is unknown."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


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

    def __post_init__(self) -> None:
        self.label = self.label or f"{self.revision}:{self.prefix or '.'}"
        self.commit = self._resolve()

    def _resolve(self) -> str:
        try:
            return _git(self.repo, "rev-parse", "--verify", "--quiet", f"{self.revision}^{{commit}}").decode().strip()
        except GitError:
            raise GitError(f"unknown git revision {self.revision!r}",
                           "use a branch, a tag, a commit or HEAD~N (see `git log`)") from None

    def _blobs(self) -> list[tuple[str, str]]:
        spec = [f"{self.prefix}/"] if self.prefix else []
        listing = _git(self.repo, "ls-tree", "-r", "-z", "--full-tree", self.commit, "--", *spec)
        blobs = []
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            _mode, kind, sha = meta.decode().split()
            path = name.decode("utf-8", "surrogateescape")
            if kind == "blob":
                blobs.append((path, sha))
        return blobs

    def files(self) -> Iterator[tuple[str, str, bytes]]:
        wanted = []
        for path, sha in sorted(self._blobs()):
            rel = PurePosixPath(path).relative_to(self.prefix).as_posix() if self.prefix else path
            if _is_plan_file(rel):
                wanted.append((rel, path, sha))
        if not wanted:
            return
        request = "".join(f"{sha}\n" for _, _, sha in wanted).encode()
        stream = _git(self.repo, "cat-file", "--batch", stdin=request)
        offset = 0
        for rel, path, _sha in wanted:
            header_end = stream.index(b"\n", offset)
            size = int(stream[offset:header_end].split()[2])
            start = header_end + 1
            yield rel, f"{self.revision}:{path}", stream[start:start + size]
            offset = start + size + 1  # the content is followed by a newline


def _is_plan_file(rel: str) -> bool:
    # The same selection as DirectorySource: YAML anywhere, Markdown only in chapters/.
    parts = rel.split("/")
    if any(part.startswith(".") for part in parts):
        return False
    if rel.endswith((".yaml", ".yml")):
        return True
    return rel.endswith(".md") and "chapters" in parts[:-1]
