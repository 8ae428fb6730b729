"""Replayed pages (psmctl.cli.pages) are typer's own output, and are replayed only while nothing changed.

Every command and subcommand's help, the root help, the version and a sample of
usage errors are compared, through the installed `psmctl` process (recording,
then replaying), with what the full typer app prints for the same arguments.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from psmctl.cli import app
from psmctl.cli import pages

PSMCTL = Path(sys.executable).parent / "psmctl"
ENV = {**os.environ, "COLUMNS": "80"}


def _command_paths() -> list[list[str]]:
    """Every command and subcommand of the app, as the words that name it."""
    found: list[list[str]] = []

    def walk(command: object, words: list[str]) -> None:
        found.append(words)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*words, name])

    walk(typer.main.get_command(app), [])
    return found


PAGES = [[*words, "--help"] for words in _command_paths()] + [["-h"], ["site", "build", "-h"], [], ["--version"]]
USAGE_ERRORS = [["validate", "--no-such-option"], ["validate", "-f"], ["new"], ["no-such-command"],
                ["no-such-command", "--help"], ["site"], ["render", "--format"], ["diff", "--help", "extra"]]


def _process(args: list[str], cache: Path, **extra_env: str) -> tuple[int, str, str]:
    child = subprocess.run([str(PSMCTL), *args], capture_output=True, timeout=120,
                           env={**ENV, "PSMCTL_CACHE_DIR": str(cache), **extra_env})
    return child.returncode, child.stdout.decode("utf-8"), child.stderr.decode("utf-8")


def _typer(args: list[str], **extra_env: str) -> tuple[int, str, str]:
    """The full typer app in a process of its own (CliRunner forces its own width), named like the real one."""
    full_app = "import sys; sys.argv = sys.argv[1:]; from psmctl.cli import full_app; full_app()()"
    child = subprocess.run([sys.executable, "-c", full_app, str(PSMCTL), *args], capture_output=True, timeout=120,
                           env={**ENV, "PSMCTL_CACHE_DIR": "/nonexistent", **extra_env})
    return child.returncode, child.stdout.decode("utf-8"), child.stderr.decode("utf-8")


def test_the_command_tree_is_walked_whole() -> None:
    paths = _command_paths()
    assert ["validate"] in paths and ["site", "build"] in paths and ["site", "serve"] in paths
    assert len(paths) >= 13


@pytest.mark.parametrize("args", PAGES + USAGE_ERRORS, ids=lambda args: " ".join(args) or "(none)")
def test_the_process_prints_what_the_typer_app_prints_first_and_replayed(args: list[str], tmp_path: Path) -> None:
    expected = _typer(args)
    assert _process(args, tmp_path) == expected  # recorded (or, not a page, run by the app)
    assert _process(args, tmp_path) == expected  # replayed
    assert pages.is_page_request(args) == (args in PAGES or args == ["no-such-command", "--help"])


def _fake_cache(cache: Path, args: list[str], text: str, sources: tuple[tuple[str, int, int], ...]) -> None:
    """A cache whose page for `args` is `text`, made as the process `psmctl ARGS` would key it."""
    cache.mkdir(parents=True, exist_ok=True)
    probe = ("import sys; args, sys.argv = sys.argv[2:], sys.argv[1:2]; from psmctl.cli import pages; "
             "sys.stdout.write(repr((pages.cache_file(), pages.request_key(args))))")
    child = subprocess.run([sys.executable, "-c", probe, str(PSMCTL), *args], capture_output=True, check=True,
                           env={**ENV, "PSMCTL_CACHE_DIR": str(cache)}, timeout=60)
    file, key = eval(child.stdout.decode("utf-8"))  # noqa: S307 - a repr this test printed itself
    Path(file).write_bytes(marshal.dumps((sys.version, sources, {key: (text, "", 0)})))


def test_a_kept_page_is_replayed_while_its_sources_are_unchanged(tmp_path: Path) -> None:
    source = tmp_path / "source.py"
    source.write_text("x = 1\n", "utf-8")
    stamp = pages._stamp(str(source))
    _fake_cache(tmp_path / "cache", ["validate", "--help"], "KEPT PAGE\n", (stamp,))
    assert _process(["validate", "--help"], tmp_path / "cache")[1] == "KEPT PAGE\n"


def test_a_kept_page_is_not_replayed_once_a_source_changed(tmp_path: Path) -> None:
    source = tmp_path / "source.py"
    source.write_text("x = 1\n", "utf-8")
    stamp = pages._stamp(str(source))
    _fake_cache(tmp_path / "cache", ["validate", "--help"], "KEPT PAGE\n", (stamp,))
    source.write_text("x = 22\n", "utf-8")
    printed = _process(["validate", "--help"], tmp_path / "cache")
    assert printed == _typer(["validate", "--help"])
    # …and the page made afresh replaces it: the next request replays typer's text
    assert _process(["validate", "--help"], tmp_path / "cache") == printed


def test_a_page_for_another_terminal_width_is_made_afresh(tmp_path: Path) -> None:
    wide = _process(["validate", "--help"], tmp_path)  # kept at 80 columns
    narrow = _process(["validate", "--help"], tmp_path, COLUMNS="60")
    assert narrow == _typer(["validate", "--help"], COLUMNS="60") != wide
    assert max(len(line) for line in narrow[1].splitlines()) <= 60


def test_shell_completion_never_takes_a_kept_page(tmp_path: Path) -> None:
    source = tmp_path / "source.py"
    source.write_text("x = 1\n", "utf-8")
    _fake_cache(tmp_path / "cache", ["--help"], "KEPT PAGE\n", (pages._stamp(str(source)),))
    code, out, _ = _process(["--help"], tmp_path / "cache", _PSMCTL_COMPLETE="complete_bash",
                            COMP_WORDS="psmctl val", COMP_CWORD="1")
    assert "KEPT PAGE" not in out and "validate" in out


@pytest.mark.parametrize("content", [b"", b"not marshal at all", marshal.dumps(["a", "list"]),
                                     marshal.dumps(("3.0 other python", (), {}))])
def test_a_corrupt_or_foreign_cache_only_means_the_app_prints_the_page(tmp_path: Path, content: bytes) -> None:
    probe = ("import sys; sys.argv = [sys.argv[1]]; from psmctl.cli import pages; print(pages.cache_file())")
    file = subprocess.run([sys.executable, "-c", probe, str(PSMCTL)], capture_output=True, check=True, timeout=60,
                          env={**ENV, "PSMCTL_CACHE_DIR": str(tmp_path)}).stdout.decode().strip()
    Path(file).write_bytes(content)
    assert _process(["--help"], tmp_path) == _typer(["--help"])


def test_an_unwritable_cache_only_means_no_replay(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", "utf-8")
    assert _process(["schema", "--help"], blocked) == _typer(["schema", "--help"])


def test_a_replayed_page_imports_neither_typer_nor_pydantic_nor_rich(tmp_path: Path) -> None:
    _process(["validate", "--help"], tmp_path)  # recorded
    probe = ("import sys; sys.argv = [sys.argv[1], 'validate', '--help']; from psmctl.cli import pages; "
             "code = pages.serve(sys.argv[1:]); "
             "sys.stderr.write(repr((code, sorted(m for m in sys.modules if m.split('.')[0] in "
             "('typer', 'click', 'pydantic', 'pydantic_core', 'rich', 'yaml', 'ruamel', 'typing')))))")
    child = subprocess.run([sys.executable, "-c", probe, str(PSMCTL)], capture_output=True, timeout=60,
                           env={**ENV, "PSMCTL_CACHE_DIR": str(tmp_path)})
    assert child.stdout.decode("utf-8") == _typer(["validate", "--help"])[1]
    assert eval(child.stderr.decode("utf-8")) == (0, [])  # noqa: S307 - a repr this test printed itself
