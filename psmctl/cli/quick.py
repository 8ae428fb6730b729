"""The common forms of `psmctl validate` and `psmctl render` run without typer (issue 14).

Importing typer, and the Pydantic type adapter typer builds for each
parameter, cost a sixth of a validate of the real plan and a seventh of a
render of the annex. The forms a person or a CI job types — the arguments in
order, each option at most once, as `-f json`, `--format json` or
`--format=json` — are read here and handed to the same function the typer
command calls. Anything else (help, an unknown or repeated option, a missing
value or argument, an extra argument, `--`, a value that looks like an option,
shell completion) goes to the full typer app, which stays the one place of
every message. The tables below mirror the typer declarations in
psmctl.cli.validate and psmctl.cli.render; tests/cli/test_quick.py fails if
they part.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not typing's: this runs before anything else is imported
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Callable


class Command:
    """One command's parameters as typer declares them, and the typer-free function that runs it."""

    def __init__(self, runner: tuple[str, str], arguments: tuple[str, ...], required: tuple[str, ...],
                 value_options: dict[str, str], flags: dict[str, str], paths: tuple[str, ...],
                 defaults: dict[str, object]) -> None:
        self.runner, self.arguments, self.required = runner, arguments, required
        self.value_options, self.flags, self.paths, self.defaults = value_options, flags, paths, defaults

    def function(self) -> Callable[..., int]:
        module, name = self.runner
        return getattr(__import__(module, fromlist=[name]), name)  # type: ignore[no-any-return]


COMMANDS = {
    "validate": Command(
        runner=("psmctl.cli.checking", "run_validate"), arguments=("plan_dir",), required=(),
        value_options={"-e": "edition", "--edition": "edition", "-f": "output_format", "--format": "output_format"},
        flags={"--strict": "strict", "-v": "verbose", "--verbose": "verbose"}, paths=("plan_dir",),
        defaults={"plan_dir": None, "edition": None, "output_format": "auto", "strict": False, "verbose": False}),
    "render": Command(
        runner=("psmctl.cli.documents", "run_render"), arguments=("what",), required=("what",),
        value_options={"-p": "plan_dir", "--plan": "plan_dir", "-e": "edition", "--edition": "edition",
                       "-f": "output_format", "--format": "output_format", "-z": "zone", "--zone": "zone",
                       "-o": "output", "--output": "output", "-t": "templates", "--templates": "templates",
                       "-d": "deliberation", "--deliberation": "deliberation", "--as-of": "as_of"},
        flags={"--draft": "draft"}, paths=("plan_dir", "output", "templates"),
        defaults={"plan_dir": None, "edition": None, "output_format": None, "zone": None, "output": None,
                  "templates": None, "deliberation": None, "as_of": None, "draft": False}),
}


def read(argv: list[str]) -> tuple[Command, dict[str, object]] | None:
    """(the command, its parameters as typer would pass them) of a common command line; None for any other."""
    command = COMMANDS.get(argv[0]) if argv else None
    if command is None or any("COMPLETE" in name for name in os.environ):
        return None
    values: dict[str, object] = {}
    rest = argv[1:]
    while rest:
        token = rest.pop(0)
        name, value = _option(command, token, rest, values)
        if name is None or name in values:
            return None
        values[name] = _path(value) if name in command.paths and isinstance(value, str) else value
    if any(name not in values for name in command.required):
        return None
    return command, {**command.defaults, **values}


def _option(command: Command, token: str, rest: list[str], given: dict[str, object]) -> tuple[str | None, object]:
    """(parameter, value) of one token (taking its value from `rest`); (None, None) when not a common form."""
    if token in command.flags:
        return command.flags[token], True
    option, equals, attached = token.partition("=")
    if option in command.value_options and option.startswith("--") and equals:
        return (command.value_options[option], attached) if _plain(attached) else (None, None)
    if token in command.value_options:
        if not rest or not _plain(rest[0]):
            return None, None
        return command.value_options[token], rest.pop(0)
    if _plain(token):
        argument = next((name for name in command.arguments if name not in given), None)
        return argument, token
    return None, None


def _plain(value: str) -> bool:
    return bool(value) and not value.startswith("-")


def _path(value: str) -> Path:
    from pathlib import Path

    return Path(value)


def run(argv: list[str]) -> int | None:
    """Run a common command line; its exit code, or None when the full app must run it."""
    found = read(argv)
    if found is None:
        return None
    command, values = found
    from psmctl.cli.errors import exit_code_of

    return exit_code_of(lambda: command.function()(**values))
