"""One place that maps failures to exit codes (documented in the README).

0 clean · 1 findings at error level (or warnings with --strict) · 2 usage ·
3 internal error · 130 interrupted.
"""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING, Any, Callable, TypeVar

import typer

if TYPE_CHECKING:
    from psmctl.diagnostics import Diagnostic

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

F = TypeVar("F", bound=Callable[..., Any])


class UsageProblem(Exception):
    """A problem with what the user asked for, with a hint about what to do."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


class CommandFailed(Exception):
    """The command ran but could not do its job (exit 1), e.g. a template error."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


class State:
    debug = False


def _say(message: str, hint: str | None) -> None:
    sys.stderr.write(f"psmctl: {message}\n")
    if hint:
        sys.stderr.write(f"  hint: {hint}\n")


def refuse_errors(errors: list[Diagnostic], message: str, hint: str) -> None:
    """Stop a command that must not build on a plan with errors, listing them (located) first."""
    if not errors:
        return
    for d in errors[:20]:
        sys.stderr.write(f"{d.file}:{d.line}:{d.column}: error {d.code} {d.message}\n")
    raise CommandFailed(message.format(count=len(errors)), hint)


def guarded(command: F) -> F:
    """Run a command body, turning every failure into a message and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from psmctl.validate import PlanNotFound
        from psmctl.writing import OutputProblem

        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except PlanNotFound as exc:
            _say(f"{exc.path}: not a plan", exc.hint)
            raise typer.Exit(EXIT_USAGE) from None
        except OutputProblem as exc:
            _say(f"cannot write {exc.path}: {exc.message}", "name a file in a folder you can write to")
            raise typer.Exit(EXIT_USAGE) from None
        except UsageProblem as exc:
            _say(exc.message, exc.hint)
            raise typer.Exit(EXIT_USAGE) from None
        except CommandFailed as exc:
            _say(exc.message, exc.hint)
            raise typer.Exit(EXIT_FINDINGS) from None
        except OSError as exc:
            # The machine refused (permissions, a full disk…): not a bug in psmctl.
            _say(f"{exc.filename or 'file system'}: {exc.strerror or exc}", "check the path and its permissions")
            raise typer.Exit(EXIT_FINDINGS) from None
        except KeyboardInterrupt:
            sys.stderr.write("psmctl: interrupted\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence, see module doc
            if State.debug:
                raise
            _say(f"internal error: {type(exc).__name__}: {exc}",
                 "this is a bug in psmctl: please report it with the output of the same command run with --debug")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]
