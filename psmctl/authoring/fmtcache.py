"""Which file contents `fmt` already found canonical, so an unchanged tree is re-checked by hashing.

As black does: the cache holds digests of file bytes that format to
themselves. It lives in psmctl's cache folder (psmctl.cachedir), one file per psmctl and
ruamel.yaml version, so an upgrade that could format differently starts
afresh. Editing a file changes its bytes and so its digest: nothing else needs
invalidating. The cache only ever saves work: a missing, unreadable, corrupt or
unwritable cache means files are formatted again, never an error.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from psmctl.cachedir import cache_folder

DIGEST = 16  # bytes of blake2b per entry
MAX_ENTRIES = 200_000  # beyond this the cache starts again rather than grow without end


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from psmctl import __version__

    try:
        ruamel = version("ruamel.yaml")
    except PackageNotFoundError:
        ruamel = "unknown"
    return f"{__version__}-ruamel{ruamel}"


def digest(name: str, raw: bytes) -> bytes:
    """What decides a file's formatting: whether it is a chapter, and its bytes."""
    kind = b"md\0" if name.endswith(".md") else b"yaml\0"
    return hashlib.blake2b(kind + raw, digest_size=DIGEST).digest()


@dataclass
class FormatCache:
    path: Path | None  # None: no cache folder to be found, nothing is kept
    known: set[bytes] = field(default_factory=set)
    added: bool = False

    @classmethod
    def load(cls) -> FormatCache:
        try:
            path = cache_folder() / f"fmt-{_versions()}.bin"
        except RuntimeError:  # no home folder to put a cache in
            return cls(None)
        try:
            data = path.read_bytes()
        except OSError:
            return cls(path)
        if len(data) % DIGEST:
            return cls(path)  # cut short (a full disk, a killed write): start again
        return cls(path, {data[i:i + DIGEST] for i in range(0, len(data), DIGEST)})

    def is_canonical(self, name: str, raw: bytes) -> bool:
        return digest(name, raw) in self.known

    def remember(self, name: str, raw: bytes) -> None:
        key = digest(name, raw)
        if key not in self.known:
            self.known.add(key)
            self.added = True

    def save(self) -> None:
        """Write the cache if it learnt something; any failure just leaves it as it was."""
        from psmctl.errors import PsmctlError
        from psmctl.writing import write_atomic

        if not self.added or self.path is None:
            return
        entries = self.known if len(self.known) <= MAX_ENTRIES else set()
        try:
            write_atomic(self.path, b"".join(sorted(entries)))
        except (OSError, PsmctlError):  # unwritable, or a link or a folder in its place: no cache
            pass
