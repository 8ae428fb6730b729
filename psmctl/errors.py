"""What can go wrong, in four kinds; `psmctl.cli.errors` maps each kind to its exit code.

Every failure psmctl foresees is one of these, with a message that says what
and where, and a hint that says what to do. Anything else is a bug (exit 3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from psmctl.diagnostics import Diagnostic


class PsmctlError(Exception):
    """A foreseen failure: a message and, if there is one, a hint about what to do."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


class UsageError(PsmctlError):
    """What the user asked for cannot be done as asked: a bad option, path or name (exit 2)."""


class PlanFindings(PsmctlError):
    """The plan has errors that stop the command; the located findings come first (exit 1)."""

    def __init__(self, message: str, hint: str | None = None, findings: list[Diagnostic] | None = None) -> None:
        super().__init__(message, hint)
        self.findings = findings or []


class Refused(PsmctlError):
    """The command ran but refused its input or could not finish its job: nothing was changed (exit 1)."""


class InternalError(PsmctlError):
    """psmctl itself failed: a bug to report (exit 3)."""
