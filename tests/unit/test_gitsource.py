"""GitSource reads plan files from git objects and never from the working tree."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from tests.diffplans import BASE, write_edition

from psmctl.loading.gitsource import GitError, GitSource, repository_of
from psmctl.loading.tree import DirectorySource, load_plan


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "prova@example.org")
    git(tmp_path, "config", "user.name", "Prova")
    write_edition(tmp_path / "plan", "2030-2032", BASE)
    (tmp_path / "README.md").write_text("fuori dal piano\n", "utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def test_same_files_as_the_directory_at_the_commit(repo: Path) -> None:
    top, prefix = repository_of(repo / "plan")
    assert (top.resolve(), prefix) == (repo.resolve(), "plan")
    from_git = {rel: raw for rel, _, raw in GitSource(top, "HEAD", prefix).files()}
    from_dir = {rel: raw for rel, _, raw in DirectorySource(repo / "plan").files()}
    assert from_git == from_dir


def test_reads_the_revision_not_the_working_tree(repo: Path) -> None:
    action = repo / "plan/editions/2030-2032/actions/a-fibra.yaml"
    edited = action.read_bytes().replace(b"Fibra nelle aree montane", b"Fibra ovunque")
    action.write_bytes(edited)
    status = git(repo, "status", "--porcelain")
    plan, findings = load_plan(GitSource(repo, "HEAD", "plan"))
    assert findings == []
    assert plan.editions["2030-2032"].by_id["a-fibra"].model.title == "Fibra nelle aree montane"  # type: ignore[attr-defined]
    assert plan.editions["2030-2032"].by_id["a-fibra"].path == "HEAD:plan/editions/2030-2032/actions/a-fibra.yaml"
    assert action.read_bytes() == edited
    assert git(repo, "status", "--porcelain") == status


def test_unknown_revision_is_a_clear_error(repo: Path) -> None:
    with pytest.raises(GitError, match="unknown git revision 'v9'"):
        GitSource(repo, "v9", "plan")


def test_folder_outside_git(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="not inside a git repository"):
        repository_of(tmp_path)


def test_a_revision_that_looks_like_an_option_is_refused(tmp_path: Path) -> None:
    import subprocess

    write_edition(tmp_path / "plan", "2030-2032", BASE)
    subprocess.run(["git", "-C", str(tmp_path), "init", "-q"], check=True)
    for option in ("--output=/tmp/x", "-h", "--all"):
        with pytest.raises(GitError) as refused:
            GitSource(tmp_path, option)
        assert refused.value.hint == "a revision never starts with '-'"  # refused before git runs
