"""Help, usage and version pages replayed from typer's own earlier output (issue 14).

`psmctl --help` imported typer, its click and, through typer's parameter
coercion, pydantic: several times the cost of starting Python, to print text
that changes only when psmctl or typer does. So the first time a page is asked
for, the full typer app prints it and its exact output (standard output,
standard error, exit code) is kept in psmctl's cache folder; the next request
for the same page prints the kept output with nothing imported beyond what
Python starts with.

typer stays the one definition of every option and help text: a kept page is
typer's output verbatim, and it is replayed only while everything it was made
from is unchanged:

- every source file of psmctl and of typer the app was built from (path, size
  and modification time: an edit, a checkout or an upgrade starts afresh);
- the Python version and interpreter, and of the request: the arguments, the
  program name, the terminal size and the environment variables that typer,
  click or their terminal and language handling read.

Anything else runs the full app, as before: a request that is not a page (a
command with values), a shell-completion request, a missing, unreadable or
corrupt cache. A cache that cannot be written just means no replay next time.
"""

from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False  # not typing's: importing typing would be a tenth of the cost of a replayed page
if TYPE_CHECKING:
    from typing import Any, Iterable

HELP_OPTIONS = ("-h", "--help")
MAX_PAGES = 256  # beyond this the cache starts again rather than grow without end
# Environment that typer, click, rich or gettext consult while printing a page.
_ENVIRONMENT = ("COLUMNS", "LINES", "TERMINAL_WIDTH", "TERM", "NO_COLOR", "FORCE_COLOR", "PY_COLORS",
                "GITHUB_ACTIONS", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")
_ENVIRONMENT_PREFIXES = ("TYPER", "_TYPER", "CLICK", "PYDANTIC", "PSMCTL")

Page = tuple[str, str, int]  # standard output, standard error, exit code
Sources = tuple[tuple[str, int, int], ...]  # (path, modification time in ns, size) of each file the app came from


def is_page_request(argv: list[str]) -> bool:
    """Whether the arguments ask for a page: none (the root help), `--version`, or command names then -h/--help."""
    if not argv or argv == ["--version"]:
        return True
    *words, last = argv
    return last in HELP_OPTIONS and len(words) <= 2 and all(_is_command_name(word) for word in words)


def _is_command_name(word: str) -> bool:
    return word.isascii() and word.replace("-", "").isalpha() and word[0].isalpha()


def serve(argv: list[str]) -> int | None:
    """Print the page `argv` asks for and return its exit code; None when the full app must run instead."""
    if not is_page_request(argv) or any("COMPLETE" in name for name in os.environ):
        return None  # shell completion (`_PSMCTL_COMPLETE=…`) always goes through typer
    key = request_key(argv)
    kept = _load()
    if kept is not None and not _unchanged(kept[0]):
        kept = None  # made from other sources: every page is made again
    page = kept[1].get(key) if kept is not None else None
    if page is None:
        return _record(argv, key, kept)
    out, err, code = page
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code


def request_key(argv: list[str]) -> tuple[str, ...]:
    """Everything of the request that typer's output can depend on."""
    main = sys.modules.get("__main__")
    try:
        size = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]  # None: caught below
        terminal = f"{size.columns}x{size.lines}"
    except (AttributeError, ValueError, OSError):
        terminal = "none"
    environment = [f"{name}={value}" for name, value in sorted(os.environ.items())
                   if name in _ENVIRONMENT or name.startswith(_ENVIRONMENT_PREFIXES)]
    return (*argv, "\0", sys.argv[0], str(getattr(main, "__package__", None)), terminal, *environment)


def cache_file() -> str:
    """One file per interpreter and psmctl installation: two checkouts never replay each other's pages."""
    import zlib

    from psmctl.cachedir import cache_folder_name

    owner = f"{sys.executable}\0{os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}"
    version = "".join(str(part) for part in sys.version_info[:2])
    return os.path.join(cache_folder_name(), f"cli-pages-py{version}-{zlib.crc32(owner.encode()):08x}.marshal")


def _load() -> tuple[Sources, dict[tuple[str, ...], Page]] | None:
    """The kept sources and pages; None when there are none or they are not what psmctl writes."""
    try:
        with open(cache_file(), "rb") as handle:
            # marshal, not json or pickle: built in (nothing to import) and it never runs code.
            kept = marshal.loads(handle.read())
    except (OSError, RuntimeError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(kept, tuple) and len(kept) == 3 and kept[0] == sys.version
            and isinstance(kept[1], tuple) and isinstance(kept[2], dict)):
        return None
    return kept[1], kept[2]


def _unchanged(sources: Sources) -> bool:
    try:
        return bool(sources) and all(_stamp(path) == (path, mtime, size) for path, mtime, size in sources)
    except (OSError, TypeError, ValueError):
        return False


def _stamp(path: str) -> tuple[str, int, int]:
    status = os.stat(path)
    return path, status.st_mtime_ns, status.st_size


def _record(argv: list[str], key: tuple[str, ...], kept: tuple[Sources, dict[tuple[str, ...], Page]] | None) -> int:
    """Run the full app for the page, print what it printed, and keep it beside the `kept` (still current) pages."""
    import contextlib
    import io

    from psmctl.cli import full_app

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            full_app()(args=argv)
        code: Any = 0
    except SystemExit as done:
        code = done.code
    finally:
        sys.stdout.write(out.getvalue())
        sys.stderr.write(err.getvalue())
    if not isinstance(code, int):
        return code  # type: ignore[no-any-return]  # a message as exit code: the entry point prints it
    sources, pages = _app_sources(), {}
    if kept is not None and len(kept[1]) < MAX_PAGES:
        # Both sets of files are current, so every page kept so far still holds.
        sources, pages = tuple(sorted(set(sources) | set(kept[0]))), kept[1]
    pages[key] = (out.getvalue(), err.getvalue(), code)
    _save(sources, pages)
    return code


def _app_sources() -> Sources:
    """The files of psmctl and typer loaded now, when the app has just printed a page."""
    import typer

    import psmctl

    folders = tuple(os.path.dirname(os.path.abspath(str(package.__file__))) + os.sep for package in (psmctl, typer))
    files = {os.path.abspath(name) for name in _module_files()}
    return tuple(_stamp(path) for path in sorted(files) if path.startswith(folders) and os.path.isfile(path))


def _module_files() -> Iterable[str]:
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if isinstance(name, str):
            yield name


def _save(sources: Sources, pages: dict[tuple[str, ...], Page]) -> None:
    from pathlib import Path

    from psmctl.errors import PsmctlError
    from psmctl.writing import write_atomic

    try:
        write_atomic(Path(cache_file()), marshal.dumps((sys.version, sources, pages)))
    except (OSError, RuntimeError, PsmctlError):  # no home folder, unwritable, a link in its place: no replay
        pass
