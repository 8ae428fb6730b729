"""The common forms of `psmctl validate` run without typer (issue 14).

Importing typer, and the Pydantic type adapter typer builds for each
parameter, cost a sixth of a validate of the real plan. The forms a person or
a CI job types — a folder, `-f/--format`, `-e/--edition`, `--strict`,
`-v/--verbose`, each at most once — are read here and handed to the same
`run_validate` the typer command calls. Anything else (help, an unknown or
repeated option, a missing value, a second folder, `--`, a value that looks
like an option, shell completion) goes to the full typer app, which stays the
one place of every message. The table below mirrors the typer declaration in
psmctl.cli.validate; tests/cli/test_quick.py fails if the two part.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not typing's: this runs before anything else is imported
if TYPE_CHECKING:
    from pathlib import Path

COMMAND = "validate"
VALUE_OPTIONS = {"-e": "edition", "--edition": "edition", "-f": "output_format", "--format": "output_format"}
FLAGS = {"--strict": "strict", "-v": "verbose", "--verbose": "verbose"}
ARGUMENT = "plan_dir"
DEFAULTS: dict[str, object] = {"plan_dir": None, "edition": None, "output_format": "auto", "strict": False,
                               "verbose": False}


def read_validate(argv: list[str]) -> dict[str, object] | None:
    """The parameters of a common `validate` command line, as typer would pass them; None for any other."""
    if not argv or argv[0] != COMMAND or any("COMPLETE" in name for name in os.environ):
        return None
    values: dict[str, object] = {}
    rest = argv[1:]
    while rest:
        token = rest.pop(0)
        name, value = _option(token, rest)
        if name is None or name in values:
            return None
        values[name] = value
    return {**DEFAULTS, **values}


def _option(token: str, rest: list[str]) -> tuple[str | None, object]:
    """(parameter, value) of one token (taking its value from `rest`); (None, None) when not a common form."""
    if token in FLAGS:
        return FLAGS[token], True
    option, equals, attached = token.partition("=")
    if option in VALUE_OPTIONS and option.startswith("--") and equals:
        return (VALUE_OPTIONS[option], attached) if _plain(attached) else (None, None)
    if token in VALUE_OPTIONS:
        if not rest or not _plain(rest[0]):
            return None, None
        return VALUE_OPTIONS[token], rest.pop(0)
    if _plain(token):
        return ARGUMENT, _path(token)
    return None, None


def _plain(value: str) -> bool:
    return bool(value) and not value.startswith("-")


def _path(value: str) -> Path:
    from pathlib import Path

    return Path(value)


def run(argv: list[str]) -> int | None:
    """Run a common `validate` command line; its exit code, or None when the full app must run it."""
    values = read_validate(argv)
    if values is None:
        return None
    from psmctl.cli.checking import run_validate
    from psmctl.cli.errors import exit_code_of

    return exit_code_of(lambda: run_validate(**values))  # type: ignore[arg-type]
