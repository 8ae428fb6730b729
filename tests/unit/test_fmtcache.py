"""`fmt` remembers canonical file contents: an unchanged tree is re-checked without formatting it again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from psmctl.authoring import fmtcache, formatting
from psmctl.cli import app

runner = CliRunner()
CANONICAL = "kind: action\nid: a\ntitle: Azione\n"
UNORDERED = "title: Azione\nkind: action\nid: b\n"


@pytest.fixture
def formatted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files actually formatted (not answered from the cache)."""
    seen: list[str] = []
    real = formatting.format_bytes

    def counting(raw: bytes, file: str) -> bytes:
        seen.append(Path(file).name)
        return real(raw, file)

    monkeypatch.setattr(formatting, "format_bytes", counting)
    return seen


def tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    return tmp_path


def check(folder: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["fmt", "--check", str(folder)])
    return result.exit_code, result.stdout


def test_an_unchanged_tree_is_answered_from_the_cache(tmp_path: Path, formatted: list[str]) -> None:
    folder = tree(tmp_path, {"a.yaml": CANONICAL, "b.yaml": UNORDERED})
    first = check(folder)
    assert first[0] == 1 and "would reformat" in first[1] and sorted(formatted) == ["a.yaml", "b.yaml"]
    formatted.clear()
    assert check(folder) == first
    assert formatted == ["b.yaml"]  # only the file that still needs formatting is looked at again


def test_an_edited_file_is_formatted_again(tmp_path: Path, formatted: list[str]) -> None:
    folder = tree(tmp_path, {"a.yaml": CANONICAL})
    assert check(folder)[0] == 0
    (folder / "a.yaml").write_text(UNORDERED, "utf-8")
    code, out = check(folder)
    assert code == 1 and "would reformat" in out and formatted == ["a.yaml", "a.yaml"]


def test_files_written_by_fmt_are_known_canonical(tmp_path: Path, formatted: list[str]) -> None:
    folder = tree(tmp_path, {"b.yaml": UNORDERED})
    assert runner.invoke(app, ["fmt", str(folder)]).exit_code == 0
    formatted.clear()
    assert check(folder)[0] == 0 and formatted == []


def test_another_version_does_not_trust_the_cache(tmp_path: Path, formatted: list[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tree(tmp_path, {"a.yaml": CANONICAL})
    check(folder)
    monkeypatch.setattr(fmtcache, "_versions", lambda: "9.9.9-ruamel0")
    check(folder)
    assert formatted == ["a.yaml", "a.yaml"]


def test_a_chapter_and_a_yaml_file_with_the_same_bytes_are_told_apart() -> None:
    assert fmtcache.digest("c.md", b"x") != fmtcache.digest("c.yaml", b"x")
    assert fmtcache.digest("c.yaml", b"x") == fmtcache.digest("d.yml", b"x")


def test_an_unusable_cache_only_costs_time(tmp_path: Path, formatted: list[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan").mkdir()
    folder = tree(tmp_path / "plan", {"a.yaml": CANONICAL})
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv("PSMCTL_CACHE_DIR", str(blocker))  # the cache cannot be read nor written
    assert check(folder) == (0, "")
    assert check(folder) == (0, "")
    assert formatted == ["a.yaml", "a.yaml"] and blocker.read_text("utf-8") == "x"


def test_a_corrupt_cache_is_ignored_and_replaced(tmp_path: Path, formatted: list[str]) -> None:
    folder = tree(tmp_path, {"a.yaml": CANONICAL})
    check(folder)
    [stored] = Path(os.environ["PSMCTL_CACHE_DIR"]).glob("fmt-*.bin")
    stored.write_bytes(stored.read_bytes()[:-1])  # a write cut short
    check(folder)
    check(folder)
    assert formatted == ["a.yaml", "a.yaml"]  # once at first, once after the damage, then from the cache
    assert len(stored.read_bytes()) % fmtcache.DIGEST == 0
