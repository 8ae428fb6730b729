"""Shipped templates are compiled once and kept; a changed or unusable cache changes nothing rendered."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest
from typer.testing import CliRunner

from psmctl.cli import app

PLAN = Path(__file__).resolve().parents[2] / "plan"
runner = CliRunner()


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates Jinja compiled from source (not loaded from the bytecode cache)."""
    names: list[str] = []
    real = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: object, name: str | None = None, *args: object,
                 **kwargs: object) -> object:
        names.append(str(name))
        return real(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def annex(out: Path) -> str:
    result = runner.invoke(app, ["render", "annex", "--plan", str(PLAN), "-f", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text("utf-8")


def test_a_second_render_uses_the_compiled_templates(tmp_path: Path, compiled: list[str]) -> None:
    first = annex(tmp_path / "a.md")
    assert compiled
    compiled.clear()
    assert annex(tmp_path / "b.md") == first
    assert compiled == []
    assert list((Path(os.environ["PSMCTL_CACHE_DIR"]) / "jinja").iterdir())


def test_a_template_folder_of_ones_own_is_never_cached(tmp_path: Path, compiled: list[str]) -> None:
    own = tmp_path / "own"
    own.mkdir()
    for _ in range(2):
        result = runner.invoke(app, ["render", "annex", "--plan", str(PLAN), "-f", "md", "-t", str(own),
                                     "-o", str(tmp_path / "a.md")])
        assert result.exit_code == 0, result.output
    assert len(compiled) >= 2 and not (Path(os.environ["PSMCTL_CACHE_DIR"]) / "jinja").exists()


def test_an_unusable_cache_renders_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = annex(tmp_path / "a.md")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv("PSMCTL_CACHE_DIR", str(blocker))
    assert annex(tmp_path / "b.md") == expected and blocker.read_text("utf-8") == "x"
