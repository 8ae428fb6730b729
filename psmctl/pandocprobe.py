"""Which Pandoc a render runs, and its version, without a `pandoc --version` process each time.

A render needs the version only to refuse a Pandoc with known file-write flaws
(psmctl.pandoc.MINIMUM_VERSION). Asking the binary costs a process (20-30 ms,
issue 14), so the answer is kept in psmctl's cache folder under the binary's
path, size and modification time: replacing or upgrading Pandoc changes the
key and the binary is asked again. A cache that cannot be read or written
only means asking.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
from pathlib import Path
from typing import Callable


def bundled_pandoc() -> str | None:
    """The binary pypandoc-binary ships (found without importing pypandoc), or None."""
    chosen = os.environ.get("PYPANDOC_PANDOC")
    if chosen:
        return chosen  # pypandoc's own override: the user named the binary
    spec = importlib.util.find_spec("pypandoc")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder, "files", "pandoc.exe" if os.name == "nt" else "pandoc")
        if binary.is_file() and os.access(binary, os.X_OK):
            return str(binary)
    return None


def _cache_file(binary: str) -> Path | None:
    from psmctl.cachedir import cache_folder

    try:
        found = os.stat(binary)
        folder = cache_folder()
    except (OSError, RuntimeError):
        return None
    key = f"{os.path.abspath(binary)}\0{found.st_size}\0{found.st_mtime_ns}".encode("utf-8", "surrogateescape")
    return folder / "pandoc" / f"{hashlib.blake2b(key, digest_size=16).hexdigest()}.version"


def _parse(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.strip().split(".") if part.isdigit())


def probed_version(binary: str) -> tuple[int, ...]:
    """The version of `binary`, from the cache or by running `binary --version`."""
    from psmctl.errors import PsmctlError
    from psmctl.writing import write_atomic

    kept = _cache_file(binary)
    try:
        version = _parse(kept.read_text("ascii")) if kept else ()
    except (OSError, UnicodeDecodeError):
        version = ()
    if version:
        return version
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
    text = out.splitlines()[0].split()[-1]
    if kept is not None:
        try:
            write_atomic(kept, text.encode("ascii", "replace") + b"\n")
        except (OSError, PsmctlError):  # an unwritable cache (or a link in its place) only costs time
            pass
    return _parse(text)


def _run_key(args: list[str], text: str) -> str | None:
    """What decides a stdout-only Pandoc run: the binary (path, size, time), its arguments,
    the files they name (Lua filters), psmctl's version, and the input."""
    from psmctl import __version__

    binary = _cache_file(args[0])
    if binary is None:
        return None
    digest = hashlib.blake2b(digest_size=20)
    for part in (__version__, binary.name, *args[1:]):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        named = part.split("=", 1)[1] if part.startswith("--lua-filter=") else None
        if named is not None:
            try:
                digest.update(Path(named).read_bytes() + b"\0")
            except OSError:
                return None
    digest.update(text.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def kept_output(args: list[str], text: str, run: Callable[[], bytes]) -> bytes:
    """The output of a Pandoc run that writes only to stdout, kept for the next render of the same text.

    A render converts every chapter on its own; the next render of the same
    plan finds the converted chapters here instead of starting Pandoc again.
    """
    from psmctl.cachedir import cache_folder
    from psmctl.errors import PsmctlError
    from psmctl.writing import write_atomic

    key = _run_key(args, text)
    try:
        kept = cache_folder() / "pandoc" / f"{key}.out" if key else None
    except RuntimeError:
        kept = None
    try:
        if kept is not None:
            return kept.read_bytes()
    except OSError:
        pass
    output = run()
    if kept is not None:
        try:
            write_atomic(kept, output)
        except (OSError, PsmctlError):
            pass
    return output
