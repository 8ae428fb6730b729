"""The quick `validate` (psmctl.cli.quick) reads what typer declares and prints what the typer app prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from tests.conftest import FIXTURES, build_case

from psmctl.cli import app, quick

PSMCTL = Path(sys.executable).parent / "psmctl"
FULL_APP = "import sys; sys.argv = sys.argv[1:]; from psmctl.cli import full_app; full_app()()"


def _declared() -> typer.core.TyperCommand:
    return typer.main.get_command(app).commands["validate"]  # type: ignore[attr-defined,no-any-return]


def test_the_quick_table_is_the_typer_declaration() -> None:
    flags, values, arguments, defaults = {}, {}, [], {}
    for param in _declared().params:
        assert param.name is not None
        assert (param.multiple, param.nargs, param.envvar, param.required) == (False, 1, None, False), param.name
        assert param.callback is None, param.name
        defaults[param.name] = param.default
        if isinstance(param, typer.core.TyperArgument):
            arguments.append(param.name)
            continue
        names = {name: param.name for name in [*param.opts, *param.secondary_opts]}
        (flags if getattr(param, "is_flag", False) else values).update(names)
    assert (flags, values, arguments, defaults) == (quick.FLAGS, quick.VALUE_OPTIONS, [quick.ARGUMENT], quick.DEFAULTS)


@pytest.mark.parametrize("argv,expected", [
    (["validate"], {}),
    (["validate", "plan"], {"plan_dir": Path("plan")}),
    (["validate", "plan/", "-f", "json", "--strict", "-v"],
     {"plan_dir": Path("plan/"), "output_format": "json", "strict": True, "verbose": True}),
    (["validate", "--format=parsable", "--edition", "2024-2026", "--verbose", "x"],
     {"output_format": "parsable", "edition": "2024-2026", "verbose": True, "plan_dir": Path("x")}),
    (["validate", "-e", "2021-2023"], {"edition": "2021-2023"}),
])
def test_the_common_forms_are_read_as_typer_would_pass_them(argv: list[str], expected: dict[str, object]) -> None:
    assert quick.read_validate(argv) == {**quick.DEFAULTS, **expected}


@pytest.mark.parametrize("argv", [
    [], ["diff", "a", "b"], ["validate", "--help"], ["validate", "-h"], ["validate", "-f"], ["validate", "-f", "-v"],
    ["validate", "-f", "json", "-f", "text"], ["validate", "a", "b"], ["validate", "--", "plan"],
    ["validate", "-vf", "json"], ["validate", "-fjson"], ["validate", "--form", "json"], ["validate", "--strict=1"],
    ["validate", "--no-such-option"], ["validate", ""], ["validate", "-e="], ["validate", "--edition=-x"],
    ["--debug", "validate"], ["validate", "-"],
])
def test_every_other_form_is_left_to_the_typer_app(argv: list[str]) -> None:
    assert quick.read_validate(argv) is None


def test_shell_completion_is_left_to_the_typer_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_PSMCTL_COMPLETE", "complete_bash")
    assert quick.read_validate(["validate", "plan"]) is None


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
