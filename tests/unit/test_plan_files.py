"""Which files enter a plan, and how unreadable or special paths are reported (psmctl.loading.files)."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from psmctl.loading import files
from psmctl.loading.files import is_plan_file
from psmctl.loading.gitsource import GitSource
from psmctl.loading.tree import DirectorySource, load_plan
from psmctl.validate import validate_source

ACTIONS = "editions/2024-2026/actions"


def _codes(root: Path) -> dict[str, str]:
    """shown path → code, for every finding the loader makes about paths it did not read."""
    _, report = validate_source(DirectorySource(root))
    kinds = {"unreadable", "special-file", "outside-plan", "too-large", "hidden-file", "missing-file"}
    return {d.file.removeprefix(f"{root}/"): d.code for d in report.diagnostics if d.code in kinds}


def test_the_one_rule() -> None:
    assert is_plan_file("registries/zones.yaml") and is_plan_file("editions/x/chapters/01.md")
    assert not is_plan_file("editions/x/notes.md")  # Markdown only in chapters/
    assert not is_plan_file("editions/x/actions/.bozza.yaml")  # hidden files are never plan files
    assert not is_plan_file(".git/config.yaml")


def test_a_hidden_file_is_ignored_everywhere_with_a_note(base_plan: Path, tmp_path: Path) -> None:
    hidden = base_plan / ACTIONS / ".bozza.yaml"
    hidden.write_text("kind: action\nbroken: [\n", encoding="utf-8")
    assert _codes(base_plan) == {f"{ACTIONS}/.bozza.yaml": "hidden-file"}
    _, report = validate_source(DirectorySource(base_plan))
    assert not report.failed()
    _git(base_plan, "init", "-q")
    _git(base_plan, "add", "-A")
    _git(base_plan, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x")
    source = GitSource(base_plan, "HEAD")
    loaded = [rel for rel, _, _ in source.files()]
    assert f"{ACTIONS}/.bozza.yaml" not in loaded and [s.code for s in source.skipped] == ["hidden-file"]


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_a_link_outside_the_plan_is_a_finding_and_never_read(base_plan: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Segreto\norder: 9\n---\nTESTO RISERVATO\n", encoding="utf-8")
    chapter = base_plan / "editions/2024-2026/chapters/99-fuori.md"
    chapter.symlink_to(secret)
    plan, _ = load_plan(DirectorySource(base_plan))
    assert all("RISERVATO" not in body for _, body in plan.editions["2024-2026"].chapter_models)
    assert _codes(base_plan)["editions/2024-2026/chapters/99-fuori.md"] == "outside-plan"


def test_a_linked_actions_folder_is_not_silently_empty(base_plan: Path, tmp_path: Path) -> None:
    import shutil

    moved = tmp_path / "elsewhere"
    shutil.move(base_plan / ACTIONS, moved)
    (base_plan / ACTIONS).symlink_to(moved)
    _, report = validate_source(DirectorySource(base_plan))
    assert _codes(base_plan)[ACTIONS] == "special-file" and report.failed()


def test_a_link_inside_the_plan_is_followed(base_plan: Path) -> None:
    target = base_plan / ACTIONS / "corridoi.yaml"
    (base_plan / "editions/2021-2023/actions/corridoi-link.yaml").symlink_to(target)
    assert "editions/2021-2023/actions/corridoi-link.yaml" not in _codes(base_plan)


@pytest.mark.parametrize("make", ["fifo", "socket", "dev-zero", "dangling", "loop", "folder-link"])
def test_special_paths_are_located_findings_and_the_rest_is_checked(base_plan: Path, make: str,
                                                                    request: pytest.FixtureRequest) -> None:
    path = base_plan / ACTIONS / "strano.yaml"
    if make == "fifo":
        os.mkfifo(path)
    elif make == "socket":
        server = socket.socket(socket.AF_UNIX)
        request.addfinalizer(server.close)
        server.bind(str(path))
    elif make == "dev-zero":
        path.symlink_to("/dev/zero")
    elif make == "dangling":
        path.symlink_to(base_plan / "nothing.yaml")
    elif make == "loop":
        path.symlink_to(path)
    else:
        path = base_plan / ACTIONS / "cartella"
        path.symlink_to(base_plan / "registries")
    (base_plan / ACTIONS / "piani-urbani.yaml").write_text("kind: action\n", encoding="utf-8")  # still checked
    started = time.monotonic()
    _, report = validate_source(DirectorySource(base_plan))
    assert time.monotonic() - started < 10
    rel = f"{ACTIONS}/{path.name}"
    expected = {"fifo": "special-file", "socket": "special-file", "dev-zero": "outside-plan",
                "dangling": "unreadable", "loop": "unreadable", "folder-link": "special-file"}[make]
    assert _codes(base_plan)[rel] == expected  # folder links are not followed (loops), but reported
    assert any(d.file.endswith("piani-urbani.yaml") and d.code == "missing-key" for d in report.diagnostics)
    assert report.failed()


def test_a_special_file_inside_the_plan_is_never_opened(base_plan: Path) -> None:
    fifo = base_plan / "registries" / "pipe.yaml"
    os.mkfifo(fifo)
    (base_plan / "registries" / "link.yaml").symlink_to(fifo)  # a link to it, inside the plan
    done = threading.Event()
    threading.Thread(target=lambda: (validate_source(DirectorySource(base_plan)), done.set()), daemon=True).start()
    assert done.wait(10), "validate blocked on a FIFO"
    assert _codes(base_plan) == {"registries/pipe.yaml": "special-file", "registries/link.yaml": "special-file"}


def test_an_unreadable_folder_fails_validate(base_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("/actions") and "2024-2026" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "scandir", scandir)
    plan, report = validate_source(DirectorySource(base_plan))
    assert _codes(base_plan) == {ACTIONS: "unreadable"}
    assert report.failed()
    # what the folder held is not reported again as dangling references
    assert not [d for d in report.diagnostics if d.code == "unknown-parent"]


def test_an_unreadable_file_is_located_and_the_rest_is_checked(base_plan: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def opener(path: object, flags: int, *args: int) -> int:
        if str(path).endswith("corridoi.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "open", opener)
    plan, report = validate_source(DirectorySource(base_plan))
    assert _codes(base_plan) == {f"{ACTIONS}/corridoi.yaml": "unreadable"}
    assert "piani-urbani" in plan.editions["2024-2026"].by_id


def test_a_file_over_the_bound_is_not_read_whole(base_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "READ_LIMIT", 1000)
    (base_plan / ACTIONS / "grande.yaml").write_bytes(b"# " + b"x" * 5000 + b"\n")
    assert _codes(base_plan)[f"{ACTIONS}/grande.yaml"] == "too-large"


def test_a_link_committed_in_git_is_not_followed(base_plan: Path) -> None:
    (base_plan / ACTIONS / "passwd.yaml").symlink_to("/etc/passwd")
    _git(base_plan, "init", "-q")
    _git(base_plan, "add", "-A")
    _git(base_plan, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x")
    source = GitSource(base_plan, "HEAD")
    assert f"{ACTIONS}/passwd.yaml" not in [rel for rel, _, _ in source.files()]
    assert [(s.rel, s.code) for s in source.skipped] == [(f"{ACTIONS}/passwd.yaml", "outside-plan")]


@pytest.mark.parametrize("remove", ["plan.yaml", "registries"])
def test_a_plan_without_its_required_files_is_an_error(base_plan: Path, remove: str) -> None:
    import shutil

    target = base_plan / remove
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    _, report = validate_source(DirectorySource(base_plan))
    missing = {d.file.removeprefix(f"{base_plan}/") for d in report.diagnostics if d.code == "missing-file"}
    assert missing == {"plan.yaml" if remove == "plan.yaml" else "registries/sources.yaml"}
    assert report.failed()


def test_a_broken_required_file_is_not_also_missing(base_plan: Path) -> None:
    (base_plan / "plan.yaml").write_text("kind: [\n", encoding="utf-8")
    _, report = validate_source(DirectorySource(base_plan))
    assert not [d for d in report.diagnostics if d.code == "missing-file"]
    assert report.failed()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder whatever its mode")
def test_a_folder_without_permissions_fails_validate_for_real(base_plan: Path) -> None:
    folder = base_plan / ACTIONS
    folder.chmod(0)
    try:
        _, report = validate_source(DirectorySource(base_plan))
    finally:
        folder.chmod(0o755)
    assert report.failed()
    assert [d.code for d in report.diagnostics if d.file.endswith(ACTIONS)] == ["unreadable"]


@pytest.mark.parametrize("hinted", [0, 10, 70_000, 200_000])
def test_the_size_a_file_says_is_only_a_hint(tmp_path: Path, hinted: int) -> None:
    # files are read in buffers of the size fstat gave, but a file that grew or shrank since is read as it is
    data = bytes(range(256)) * 400  # 102,400 bytes, more than one buffer
    (tmp_path / "a.yaml").write_bytes(data)
    fd = os.open(tmp_path / "a.yaml", os.O_RDONLY)
    try:
        assert files._read_up_to(fd, hinted, len(data) + 1) == data
        os.lseek(fd, 0, os.SEEK_SET)
        assert files._read_up_to(fd, hinted, 1000) == data[:1000]  # never past the bound
    finally:
        os.close(fd)


def test_a_regular_file_in_a_listing_is_read_without_a_stat_call(base_plan: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    stats: list[str] = []
    real_lstat = os.lstat

    def counting(path: object, *args: object, **kwargs: object) -> os.stat_result:
        stats.append(str(path))
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    (base_plan / ACTIONS / "collegamento.yaml").symlink_to("corridoi.yaml")
    monkeypatch.setattr(files.os, "lstat", counting)
    read = [item[0] for item in files.read_plan(base_plan) if not isinstance(item, files.Skipped)]
    assert f"{ACTIONS}/corridoi.yaml" in read and f"{ACTIONS}/collegamento.yaml" in read
    looked_at = {Path(p).name for p in stats if p.endswith(".yaml")}
    assert len(read) > 10 and looked_at <= {"collegamento.yaml", "corridoi.yaml"}  # only the link and its target
