"""The typer app every command registers on: the one definition of options, help and exit codes."""

from __future__ import annotations

import typer

from psmctl import __version__
from psmctl.cli.errors import State

app = typer.Typer(
    name="psmctl",
    help="Keep a Piano Strategico Metropolitano as YAML/Markdown files: validate, diff, render.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"psmctl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of internal errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """psmctl: the metropolitan strategic plan as plain files in git."""
    State.debug = debug
