"""The one handler that maps failures to exit codes (documented in the README).

0 clean · 1 findings at error level (or warnings with --strict), or a refusal ·
2 usage · 3 internal error · 130 interrupted (Ctrl-C) · 143 terminated (SIGTERM).
Commands raise the kinds of `psmctl.errors`; nothing else decides an exit code.
"""

from __future__ import annotations

import functools
import gc
import os
import signal
import sys
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, Any, Callable, Iterator, TypeVar

from psmctl.errors import InternalError, PlanFindings, PsmctlError, Refused, UsageError
from psmctl.escaping import terminal

if TYPE_CHECKING:
    from psmctl.diagnostics import Diagnostic

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 3, 130, 143
EXIT_CODES: dict[type[PsmctlError], int] = {
    UsageError: EXIT_USAGE, PlanFindings: EXIT_FINDINGS, Refused: EXIT_FINDINGS, InternalError: EXIT_INTERNAL,
}
SHOWN_FINDINGS = 20

F = TypeVar("F", bound=Callable[..., Any])


class State:
    debug = False


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every cleanup (temporary files, staged writes) runs."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def _say(message: str, hint: str | None) -> None:
    sys.stderr.write(f"psmctl: {terminal(message)}\n")
    if hint:
        sys.stderr.write(f"  hint: {terminal(hint)}\n")


def refuse_errors(errors: list[Diagnostic], message: str, hint: str) -> None:
    """Stop a command that must not build on a plan with errors (they are listed, located, first)."""
    if errors:
        raise PlanFindings(message.format(count=len(errors)), hint, errors)


def exit_code(error: PsmctlError) -> int:
    return next(code for kind, code in EXIT_CODES.items() if isinstance(error, kind))


def _report(error: PsmctlError) -> int:
    from psmctl.report.machine import parsable_line

    for finding in (error.findings if isinstance(error, PlanFindings) else [])[:SHOWN_FINDINGS]:
        sys.stderr.write(parsable_line(finding) + "\n")
    _say(error.message, error.hint)
    return exit_code(error)


def silence_stdout() -> None:
    # The reader went away (`psmctl diff … | head`): later writes and the final flush go nowhere.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _handle(error: BaseException) -> int:
    """The exit code for a failure, after telling the user what happened."""
    if isinstance(error, PsmctlError):
        return _report(error)
    if isinstance(error, BrokenPipeError):
        silence_stdout()
        return EXIT_OK
    if isinstance(error, OSError):
        # The machine refused (permissions, a full disk…): not a bug in psmctl.
        _say(f"{error.filename or 'file system'}: {error.strerror or error}", "check the path and its permissions")
        return EXIT_FINDINGS
    if isinstance(error, Terminated):
        sys.stderr.write("psmctl: terminated; nothing was left half-written\n")
        return EXIT_TERMINATED
    if isinstance(error, KeyboardInterrupt):
        sys.stderr.write("psmctl: interrupted; nothing was left half-written\n")
        return EXIT_INTERRUPTED
    _say(f"internal error: {type(error).__name__}: {error}",
         "this is a bug in psmctl: please report it with the output of the same command run with --debug")
    return EXIT_INTERNAL


def _library_exit(exit: SystemExit) -> int:
    """rich exits (code 1) when the reader closed the pipe, after pointing stdout at /dev/null: a clean end."""
    try:
        redirected = os.path.samestat(os.fstat(sys.stdout.fileno()), os.stat(os.devnull))
    except (OSError, ValueError):
        redirected = False
    if redirected:
        return EXIT_OK
    return exit.code if isinstance(exit.code, int) else EXIT_INTERNAL


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a command runs (issue 14).

    A command builds one large tree of plain values and models that stays alive
    until it ends, so the collector's passes over it find nothing to free and
    were a fifth of the CPU of a large validate. What the imports built is frozen
    (never scanned again); the collector is restored afterwards, for programs
    that run commands in-process.
    """
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


def exit_code_of(run: Callable[[], int], passing: tuple[type[BaseException], ...] = ()) -> int:
    """Run a command body that returns its exit code; a failure becomes a message and its exit code.

    `passing` exceptions go through untouched (typer's own exit, for commands run by typer).
    """
    try:
        signal.signal(signal.SIGTERM, _terminate)
    except ValueError:
        pass  # not the main thread (an embedding program): it handles its own signals
    try:
        try:
            with paused_gc():
                return run()
        finally:
            sys.stdout.flush()  # a closed pipe shows here, where it is handled, not in click
    except passing:
        raise
    except SystemExit as exc:
        return _library_exit(exc)
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the last line of defence
        if State.debug and not isinstance(exc, (PsmctlError, KeyboardInterrupt, OSError)):
            raise
        return _handle(exc)


def guarded(command: F) -> F:
    """Run a typer command body, turning every failure into a message and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import typer  # only here: the commands psmctl runs without typer share exit_code_of

        returned: list[Any] = []

        def run() -> int:
            returned.append(command(*args, **kwargs))
            return EXIT_OK

        code = exit_code_of(run, passing=(typer.Exit,))
        if returned:
            return returned[0]
        raise typer.Exit(code) from None

    return wrapper  # type: ignore[return-value]
