"""Shared helpers: build plan trees from the fixture base plus a case overlay."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
from tests.diffplans import BASE, write_edition

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
REPO = Path(__file__).resolve().parent.parent


def build_case(case_dir: Path, target: Path) -> Path:
    """Copy the base plan to `target`, lay the case's files over it, drop what remove.txt lists."""
    shutil.copytree(FIXTURES / "base", target)
    overlay = case_dir / "files"
    if overlay.is_dir():
        shutil.copytree(overlay, target, dirs_exist_ok=True)
    (target / ".keep").unlink(missing_ok=True)
    removals = case_dir / "remove.txt"
    if removals.is_file():
        for line in removals.read_text("utf-8").split():
            (target / line).unlink()
    return target


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's cache (psmctl.authoring.fmtcache), nor share one."""
    monkeypatch.setenv("PSMCTL_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def base_plan(tmp_path: Path) -> Path:
    return build_case(FIXTURES / "valid" / "base", tmp_path / "plan")


def write_files(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


@pytest.fixture
def base_elements() -> list[dict[str, Any]]:
    return json.loads(json.dumps(BASE))


@pytest.fixture
def two_editions(tmp_path: Path) -> Callable[..., Path]:
    """Write BASE-like old and new editions into one tree: `two_editions(old, new)`."""

    def build(old: list[dict[str, Any]], new: list[dict[str, Any]], old_id: str = "2030-2032",
              new_id: str = "2033-2035") -> Path:
        root = tmp_path / "plan"
        write_edition(root, old_id, old)
        write_edition(root, new_id, new, predecessor=old_id if new_id != old_id else None)
        return root

    return build
