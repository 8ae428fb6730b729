"""`psmctl new edition NEW --from OLD`: start the next edition from the current one.

Every element keeps its stable id (ids are edition-local) and gets one
`continues: [<same id>]` link to itself in OLD, so `psmctl diff OLD NEW` shows
no addition, removal, rename, renumbering or move. The resets, documented in
docs/authoring.md, are exactly:

- actions: `status` → `planned` (when set), `progress` and `timeline` removed;
- every element: old `continues`/`supersedes` (they point into OLD's predecessor) replaced
  by the single link above;
- edition.yaml: id and period from NEW, `status: draft`, `predecessor: OLD`; `adoption`,
  `milestones` and `declared_counts` removed (they describe OLD's adoption and text).

Chapters are copied byte for byte; deliberations (acts about OLD) are not copied. The new folder is built beside the target
and renamed into place, so a failure leaves no half-made edition.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from psmctl.authoring.scaffold import ScaffoldProblem

EDITION_ID = re.compile(r"^(\d{4})-(\d{4})$")
DROPPED_ACTION_FIELDS = ("progress", "timeline")
DROPPED_EDITION_FIELDS = ("adoption", "milestones", "declared_counts")
NOT_CARRIED = ("deliberations",)  # acts about the old edition, not part of the new one


def period_of(edition_id: str) -> tuple[int, int]:
    match = EDITION_ID.match(edition_id)
    if not match or int(match.group(1)) > int(match.group(2)):
        raise ScaffoldProblem(f"cannot read a period from edition id {edition_id!r}",
                              "name an edition by its years, e.g. 2027-2029")
    return int(match.group(1)), int(match.group(2))


def start_edition(root: Path, new: str, old: str) -> list[Path]:
    """Create editions/NEW from editions/OLD; the files written, relative to root."""
    source, target = root / "editions" / old, root / "editions" / new
    if not (source / "edition.yaml").is_file():
        raise ScaffoldProblem(f"no edition {old!r} under {root / 'editions'}")
    if target.exists():
        raise ScaffoldProblem(f"{target} already exists", "pick another edition id or remove the folder")
    start, end = period_of(new)
    staging = Path(tempfile.mkdtemp(prefix=f".{new}.", dir=source.parent))
    try:
        written = [_copy(path, source, staging, new, old, (start, end)) for path in _files(source)]
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [Path("editions", new, rel) for rel in written]


def _files(folder: Path) -> list[Path]:
    """Files to carry over: all but hidden ones and the old edition's deliberations."""
    return sorted(p for p in folder.rglob("*") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts)
                  and p.relative_to(folder).parts[0] not in NOT_CARRIED)


def _copy(path: Path, source: Path, staging: Path, new: str, old: str, period: tuple[int, int]) -> Path:
    rel = path.relative_to(source)
    out = staging / rel
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = path.read_bytes()
    if path.suffix in (".yaml", ".yml"):
        raw = _carry_over(raw.decode("utf-8"), str(path), new, old, period).encode("utf-8")
    out.write_bytes(raw)
    return rel


def _carry_over(text: str, file: str, new: str, old: str, period: tuple[int, int]) -> str:
    from ruamel.yaml.error import YAMLError

    from psmctl.authoring.formatting import FormatRefused, _yaml, format_text

    yaml = _yaml()
    try:
        data = yaml.load(text)
    except YAMLError:
        raise ScaffoldProblem(f"{file}: cannot be read as YAML", "run psmctl validate and fix it first") from None
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind == "edition":
        _reset_edition(data, new, old, period)
    elif kind in ("axis", "strategy", "action"):
        _link_element(data)
    out = io.StringIO()
    yaml.dump(data, out)
    try:
        return format_text(out.getvalue(), file)
    except FormatRefused as exc:
        raise ScaffoldProblem(str(exc), "run psmctl validate and fix it first") from None


def _link_element(data: Any) -> None:
    data.pop("supersedes", None)
    data["continues"] = [str(data["id"])]
    if data.get("kind") == "action":
        for key in DROPPED_ACTION_FIELDS:
            data.pop(key, None)
        if "status" in data:
            data["status"] = "planned"


def _reset_edition(data: Any, new: str, old: str, period: tuple[int, int]) -> None:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    data["id"] = DoubleQuotedScalarString(new)
    data["period"] = {"start": str(period[0]), "end": str(period[1])}  # text: the loader types nothing
    data["status"] = "draft"
    data["predecessor"] = DoubleQuotedScalarString(old)
    for key in DROPPED_EDITION_FIELDS:
        data.pop(key, None)
