"""The `psmctl` command line. Commands live one per module in this package."""

from __future__ import annotations

import os
import sys

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


from psmctl.cli import diff as _diff  # noqa: E402  (registers commands)
from psmctl.cli import exchange as _exchange  # noqa: E402
from psmctl.cli import fmt as _fmt  # noqa: E402
from psmctl.cli import init as _init  # noqa: E402
from psmctl.cli import new as _new  # noqa: E402
from psmctl.cli import render as _render  # noqa: E402
from psmctl.cli import schema as _schema  # noqa: E402
from psmctl.cli import site as _site  # noqa: E402
from psmctl.cli import validate as _validate  # noqa: E402

_ = (_diff, _exchange, _fmt, _new, _render, _schema, _site, _validate)


def main() -> None:
    """The console entry point: output the console cannot encode is replaced, never a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    try:
        app()
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
    from psmctl.cli.errors import silence_stdout

    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
