"""The Pages recipes in examples/: they build the site into the folder they publish, on pushes to main."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml
from typer.testing import CliRunner

from psmctl.cli import app

ROOT = Path(__file__).resolve().parents[2]


def _site_command(lines: list[str]) -> list[str]:
    found = [shlex.split(line) for line in lines if line.startswith("psmctl site build")]
    assert len(found) == 1, lines
    return found[0]


def _output(command: list[str]) -> str:
    return command[command.index("-o") + 1]


def test_github_pages_job_publishes_what_it_builds() -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "github-pages.yml").read_text("utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the `on` key as true
    steps = workflow["jobs"]["build"]["steps"]
    command = _site_command([s["run"] for s in steps if "run" in s])
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == _output(command)
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in workflow["jobs"]["deploy"]["steps"])


def test_gitlab_pages_job_publishes_public_on_the_default_branch() -> None:
    job = yaml.safe_load((ROOT / "examples" / "gitlab-pages.yml").read_text("utf-8"))["pages"]
    command = _site_command(job["script"])
    assert _output(command) == "public" and job["artifacts"]["paths"] == ["public"]
    assert "$CI_DEFAULT_BRANCH" in job["rules"][0]["if"]


def test_the_recipes_command_builds_the_shipped_plan(tmp_path: Path) -> None:
    job = yaml.safe_load((ROOT / "examples" / "gitlab-pages.yml").read_text("utf-8"))["pages"]
    command = _site_command(job["script"])[1:]  # without the program name
    command[command.index("-o") + 1] = str(tmp_path / "public")
    command[command.index("plan")] = str(ROOT / "plan")
    command[command.index("--base-url") + 1] = "https://cmto.example.it/psm/"
    result = CliRunner().invoke(app, [*command, "--no-documents"])
    assert result.exit_code == 0, result.output
    assert "https://cmto.example.it/psm/index.html" in (tmp_path / "public" / "sitemap.xml").read_text("utf-8")
