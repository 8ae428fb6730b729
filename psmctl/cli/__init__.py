"""The `psmctl` command line. Commands live one per module in this package.

Importing this package costs nothing beyond Python's own start-up (issue 14):
the typer app (`psmctl.cli.app`, defined in psmctl.cli.root with every command
registered) is built on first use, and the console entry point first tries the
replayed pages of psmctl.cli.pages and the common `validate` and `render` forms of
psmctl.cli.quick, which need no typer at all.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing's: the replayed pages import nothing Python does not start with
if TYPE_CHECKING:
    from typing import Any

    import typer

    app: typer.Typer

# Registration order is the order of the command list in `psmctl --help`.
COMMAND_MODULES = ("diff", "exchange", "fmt", "init", "new", "render", "schema", "site", "validate")


def full_app() -> typer.Typer:
    """The typer app with every command registered."""
    from psmctl.cli.root import app

    for name in COMMAND_MODULES:
        __import__(f"psmctl.cli.{name}")
    return app


def __getattr__(name: str) -> Any:
    # `from psmctl.cli import app` (tests, embedding programs) builds the app only then.
    if name == "app":
        return full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """The console entry point: output the console cannot encode is replaced, never a crash."""
    from psmctl.cli import pages, quick

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    try:
        served = pages.serve(sys.argv[1:])
        if served is None:
            served = quick.run(sys.argv[1:])
        if served is None:
            full_app()()  # in standalone mode click always ends with SystemExit
        else:
            _exit_now(served)
    except SystemExit as done:
        _exit_now(done.code)
    finally:
        _flush_stdout()


def _exit_now(code: object) -> None:
    """End the process once its output is flushed, without tearing the interpreter down.

    Freeing every object of a large plan one by one at exit cost more than the
    cyclic collector saved (issue 14). Nothing is lost: every file psmctl writes
    is closed by then (psmctl.writing), pools are joined, and standard output
    and error are flushed here; the exit code is the one click would give.
    """
    if code is not None and not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    _flush_stdout()
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code or 0)


def _flush_stdout() -> None:
    # A reader that closed the pipe early (`psmctl … | head`) is not an error at exit either.
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        from psmctl.cli.errors import silence_stdout

        silence_stdout()
