"""The quick `validate` and `render` (psmctl.cli.quick) read what typer declares and print what the typer app prints."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import typer
from tests.conftest import FIXTURES, build_case

from psmctl.cli import app, quick

PSMCTL = Path(sys.executable).parent / "psmctl"
FULL_APP = "import sys; sys.argv = sys.argv[1:]; from psmctl.cli import full_app; full_app()()"


def _declared(name: str) -> typer.core.TyperCommand:
    return typer.main.get_command(app).commands[name]  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize("name", sorted(quick.COMMANDS))
def test_the_quick_table_is_the_typer_declaration(name: str) -> None:
    command = quick.COMMANDS[name]
    flags, values, arguments, defaults, required, paths = {}, {}, [], {}, [], []
    hints = typing.get_type_hints(inspect.unwrap(_declared(name).callback))  # type: ignore[arg-type]
    for param in _declared(name).params:
        assert param.name is not None
        assert (param.multiple, param.nargs, param.envvar) == (False, 1, None), param.name
        assert param.callback is None, param.name
        if param.required:
            required.append(param.name)
        else:
            defaults[param.name] = param.default
        if Path in typing.get_args(hints[param.name]) or hints[param.name] is Path:
            paths.append(param.name)
        if isinstance(param, typer.core.TyperArgument):
            arguments.append(param.name)
            continue
        names = {option: param.name for option in [*param.opts, *param.secondary_opts]}
        (flags if getattr(param, "is_flag", False) else values).update(names)
    assert (flags, values, tuple(arguments), defaults, tuple(required)) == (
        command.flags, command.value_options, command.arguments, command.defaults, command.required)
    assert tuple(paths) == command.paths


@pytest.mark.parametrize("name", sorted(quick.COMMANDS))
def test_the_typer_command_and_the_quick_path_call_one_function(name: str) -> None:
    import importlib

    command = quick.COMMANDS[name]
    assert f"{command.runner[1]}(" in inspect.getsource(importlib.import_module(f"psmctl.cli.{name}"))
    assert set(inspect.signature(command.function()).parameters) == {*command.defaults, *command.required}


@pytest.mark.parametrize("argv,expected", [
    (["validate"], {}),
    (["validate", "plan"], {"plan_dir": Path("plan")}),
    (["validate", "plan/", "-f", "json", "--strict", "-v"],
     {"plan_dir": Path("plan/"), "output_format": "json", "strict": True, "verbose": True}),
    (["validate", "--format=parsable", "--edition", "2024-2026", "--verbose", "x"],
     {"output_format": "parsable", "edition": "2024-2026", "verbose": True, "plan_dir": Path("x")}),
    (["validate", "-e", "2021-2023"], {"edition": "2021-2023"}),
    (["render", "annex"], {"what": "annex"}),
    (["render", "plan", "-p", "plan", "-f", "docx,odt", "-o", "out/piano", "--draft", "-e", "2024-2026"],
     {"what": "plan", "plan_dir": Path("plan"), "output_format": "docx,odt", "output": Path("out/piano"),
      "draft": True, "edition": "2024-2026"}),
    (["render", "--zone=3", "annex", "--templates", "t", "--as-of", "2025-08-31", "-d", "dcm-1"],
     {"what": "annex", "zone": "3", "templates": Path("t"), "as_of": "2025-08-31", "deliberation": "dcm-1"}),
])
def test_the_common_forms_are_read_as_typer_would_pass_them(argv: list[str], expected: dict[str, object]) -> None:
    found = quick.read(argv)
    assert found is not None and found[0] is quick.COMMANDS[argv[0]]
    assert found[1] == {**found[0].defaults, **expected}


@pytest.mark.parametrize("argv", [
    [], ["diff", "a", "b"], ["validate", "--help"], ["validate", "-h"], ["validate", "-f"], ["validate", "-f", "-v"],
    ["validate", "-f", "json", "-f", "text"], ["validate", "a", "b"], ["validate", "--", "plan"],
    ["validate", "-vf", "json"], ["validate", "-fjson"], ["validate", "--form", "json"], ["validate", "--strict=1"],
    ["validate", "--no-such-option"], ["validate", ""], ["validate", "-e="], ["validate", "--edition=-x"],
    ["--debug", "validate"], ["validate", "-"],
    ["render"], ["render", "-o", "x.docx"], ["render", "annex", "plan"], ["render", "annex", "--help"],
    ["render", "annex", "--draft", "--draft"], ["render", "annex", "-o"], ["render", "annex", "--as-of=-1"],
    ["render", "annex", "--output", "-"], ["render", "--", "annex"], ["render", "annex", "-fdocx"],
    ["render", "annex", "--no-draft"], ["fmt", "plan"],
])
def test_every_other_form_is_left_to_the_typer_app(argv: list[str]) -> None:
    assert quick.read(argv) is None


def test_shell_completion_is_left_to_the_typer_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_PSMCTL_COMPLETE", "complete_bash")
    assert quick.read(["validate", "plan"]) is None
    assert quick.read(["render", "annex"]) is None


def _both(args: list[str], cwd: Path) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """(the installed process, which takes the quick path, the full typer app) for `args` in `cwd`."""
    env = {**os.environ, "COLUMNS": "80"}
    env.pop("CI", None)
    ran = []
    for command in ([str(PSMCTL), *args], [sys.executable, "-c", FULL_APP, str(PSMCTL), *args]):
        child = subprocess.run(command, capture_output=True, cwd=cwd, env=env, timeout=180)
        ran.append((child.returncode, child.stdout.decode("utf-8"), child.stderr.decode("utf-8")))
    return ran[0], ran[1]


@pytest.mark.parametrize("case,args", [
    ("valid/base", ["validate", "plan"]),
    ("valid/base", ["validate", "plan", "-f", "json", "-v"]),
    ("invalid/references", ["validate", "--format=parsable", "plan/editions/2024-2026", "-v"]),
    ("invalid/editorial", ["validate", "plan", "-e", "2024-2026", "--strict", "-f", "github"]),
    ("valid/base", ["validate", "plan", "-e", "1999-2001"]),
    ("valid/base", ["validate", "plan", "-f", "xml"]),
    ("valid/base", ["validate", "no-such-folder"]),
    ("invalid/references", ["validate", "plan", "-f", "parsable", "--verbose"]),
    ("invalid/schema", ["validate", "plan", "--strict"]),
    ("invalid/yaml-syntax", ["validate", "plan", "-f", "json"]),
    ("invalid/schema", ["validate", "plan", "-f", "json", "-f", "text"]),  # repeated: typer's way
    ("valid/base", ["validate", "plan", "--format"]),  # missing value: typer's message
])
def test_the_quick_path_prints_and_exits_as_the_typer_app(tmp_path: Path, case: str, args: list[str]) -> None:
    build_case(FIXTURES / case, tmp_path / "plan")
    quick_path, full = _both(args, tmp_path)
    assert quick_path == full
    assert quick_path[1] or quick_path[2]  # something was printed, so the comparison compared something


def test_the_quick_path_imports_no_typer(base_plan: Path) -> None:
    probe = ("import sys; from psmctl.cli import quick; code = quick.run(['validate', sys.argv[1], '-f', 'json']); "
             "sys.stderr.write(repr((code, sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click')))))")
    child = subprocess.run([sys.executable, "-c", probe, str(base_plan)], capture_output=True, timeout=180)
    assert eval(child.stderr.decode("utf-8").splitlines()[-1]) == (0, [])  # noqa: S307 - the probe's own repr
    assert child.stdout.startswith(b"{")


@pytest.mark.parametrize("case,args", [
    ("valid/base", ["render", "annex", "--plan", "plan", "-f", "md,html", "-o", "{out}/allegato"]),
    ("valid/base", ["render", "plan", "-p", "plan", "--draft", "-o", "{out}/piano.md"]),
    ("valid/base", ["render", "annex", "--plan", "plan", "--zone=1", "-o", "{out}/zona.md"]),
    ("valid/base", ["render", "leaflet", "--plan", "plan", "-o", "{out}/x.md"]),
    ("valid/base", ["render", "annex", "--plan", "plan", "-f", "rtf", "-o", "{out}/x.rtf"]),
    ("valid/base", ["render", "monitoring", "--plan", "plan", "--zone", "1", "-o", "{out}/m.md"]),
    ("valid/base", ["render", "annex", "--plan", "plan", "--as-of", "2025-01-01", "-o", "{out}/x.md"]),
    ("invalid/references", ["render", "annex", "--plan", "plan", "-o", "{out}/x.md"]),
    ("valid/base", ["render", "annex", "--plan", "no-such-plan", "-o", "{out}/x.md"]),
    ("valid/base", ["render", "annex", "--plan", "plan", "-e", "1999-2001", "-o", "{out}/x.md"]),
    ("valid/base", ["render", "annex", "-o"]),  # missing value: typer's message
])
def test_the_quick_render_writes_and_prints_as_the_typer_app(tmp_path: Path, case: str, args: list[str]) -> None:
    build_case(FIXTURES / case, tmp_path / "plan")
    outputs = []
    for way, out in (("quick", tmp_path / "quick"), ("full", tmp_path / "full")):
        out.mkdir()
        argv = [arg.replace("{out}", way) for arg in args]
        command = [str(PSMCTL), *argv] if way == "quick" else [sys.executable, "-c", FULL_APP, str(PSMCTL), *argv]
        env = {**os.environ, "COLUMNS": "80"}
        env.pop("CI", None)
        child = subprocess.run(command, capture_output=True, cwd=tmp_path, env=env, timeout=180)
        files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        outputs.append((child.returncode, child.stdout.decode().replace(way, "OUT"),
                        child.stderr.decode().replace(way, "OUT"), files))
    assert outputs[0] == outputs[1]
    assert outputs[0][1] or outputs[0][2]  # something was printed, so the comparison compared something


def test_the_quick_render_imports_no_typer(base_plan: Path, tmp_path: Path) -> None:
    probe = ("import sys; from psmctl.cli import quick; code = quick.run(['render', 'annex', '--plan', sys.argv[1], "
             "'-o', sys.argv[2]]); "
             "sys.stderr.write(repr((code, sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click')))))")
    out = tmp_path / "a.md"
    child = subprocess.run([sys.executable, "-c", probe, str(base_plan), str(out)], capture_output=True, timeout=180)
    assert eval(child.stderr.decode("utf-8").splitlines()[-1]) == (0, [])  # noqa: S307 - the probe's own repr
    assert child.stdout.decode("utf-8") == f"{out}\n" and out.read_text("utf-8").startswith("::: frontespizio")
