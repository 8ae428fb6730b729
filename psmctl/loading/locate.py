"""Where the plan is and which edition a command works on, when the user does not say.

One rule each, used by every command:

- the plan folder: `--plan DIR` (or a path argument) when given — DIR itself,
  the nearest plan folder above it, or the `plan/` folder of a plan
  repository — else the
  nearest folder holding `plan.yaml` from the working directory up, else
  `./plan` — so every command works from the repository root and from
  anywhere inside the plan;
- the edition: `--edition` when given, else `plan.yaml`'s `default_edition`,
  else the latest edition (ids sort by their years).

Finding the plan also rolls back a write that a killed psmctl left half-done
(see psmctl.writing), before anything reads the files.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from psmctl.errors import UsageError

if TYPE_CHECKING:
    from psmctl.loading.tree import Plan

PLAN_FILE = "plan.yaml"
DEFAULT_FOLDER = Path("plan")


class PlanNotFound(UsageError):
    """The path given (or the working directory) is not in a plan tree."""

    def __init__(self, path: Path, hint: str) -> None:
        super().__init__(f"{path}: not a plan", hint)
        self.path = path


def _is_root(folder: Path) -> bool:
    return (folder / PLAN_FILE).is_file() or (folder / "editions").is_dir()


def _search(path: Path) -> Path | None:
    """`path` or the nearest folder above it that is a plan root (shown as the user wrote it)."""
    for candidate in (path, *path.resolve().parents):
        if _is_root(candidate):
            return candidate if candidate != path.resolve() else path
    return None


def find_root(path: Path | None = None) -> Path:
    """The plan root for `path` (None: from the working directory), with any interrupted write undone."""
    root = _given_root(path) if path is not None else _default_root()
    from psmctl.writing import recover

    restored = recover(root)
    if restored:
        sys.stderr.write(f"psmctl: note: an interrupted write was rolled back in {root} "
                         f"({restored} file(s) restored as they were)\n")
    return root


def _given_root(path: Path) -> Path:
    if not path.exists():
        raise PlanNotFound(path, "no such file or directory")
    if not path.is_dir():
        raise PlanNotFound(path, "expected a folder holding a plan (plan.yaml, editions/)")
    found = _search(path)
    if found is None and (path / DEFAULT_FOLDER / PLAN_FILE).is_file():
        return path / DEFAULT_FOLDER  # a plan repository (psmctl init): the plan is in its plan/ folder
    if found is None:
        raise PlanNotFound(path, "no plan.yaml or editions/ folder here or above")
    return found


def _default_root() -> Path:
    here = Path(".")
    for candidate in (here, *here.resolve().parents):
        if (candidate / PLAN_FILE).is_file():
            return candidate if candidate != here.resolve() else here
    if DEFAULT_FOLDER.is_dir():
        return _given_root(DEFAULT_FOLDER)
    found = _search(here)
    if found is None:
        raise PlanNotFound(here.resolve(), "no plan.yaml here or above, and no plan/ folder here; "
                                           "run inside the plan or pass --plan DIR")
    return found


def default_edition(plan: Plan, wanted: str | None = None) -> str:
    """`wanted` if the plan has it; else plan.yaml's default_edition; else the latest edition."""
    if wanted is not None:
        if wanted not in plan.editions:
            raise UsageError(f"no edition {wanted!r} in {plan.label}",
                             f"editions here: {', '.join(sorted(plan.editions)) or 'none'}")
        return wanted
    project = plan.project_model
    if project is not None and project.default_edition in plan.editions:
        return str(project.default_edition)
    if not plan.editions:
        raise UsageError(f"{plan.label}: this plan has no edition yet",
                         "create one under editions/<id>/edition.yaml, or pass --edition ID")
    return sorted(plan.editions)[-1]
