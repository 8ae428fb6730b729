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

Chapters are copied byte for byte; deliberations (acts about OLD) are not copied.
The files carried over are OLD's plan files by the one rule of
psmctl.loading.files: a link or a special file is refused, never copied. All
files are written as one unit (psmctl.writing.WriteSet): a failure or an
interrupt leaves no half-made edition.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from psmctl.errors import Refused, UsageError
from psmctl.writing import WriteSet

# ASCII digits only, and nothing after the second year (not even a newline: `$` would allow one)
EDITION_ID = re.compile(r"([0-9]{4})-([0-9]{4})", re.ASCII)
YEARS = range(1990, 2101)  # a metropolitan plan (Law 56/2014) of this century; a typo otherwise
DROPPED_ACTION_FIELDS = ("progress", "timeline")
REPLACED_LINKS = ("supersedes", "continues")  # the old edition's lineage, replaced by the link to itself
RESET_STATUS = "planned"
DROPPED_EDITION_FIELDS = ("adoption", "milestones", "declared_counts")
NOT_CARRIED = ("deliberations",)  # acts about the old edition, not part of the new one


def period_of(edition_id: str) -> tuple[int, int]:
    """The years of an edition id `YYYY-YYYY`: ASCII digits, both in YEARS, the first before the second."""
    match = EDITION_ID.fullmatch(edition_id)
    start, end = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if not match or start not in YEARS or end not in YEARS or start >= end:
        raise UsageError(f"{edition_id!r} is not an edition id",
                         f"name an edition by its first and last year, {YEARS.start}-{YEARS.stop - 1}, "
                         "the first before the last, e.g. 2027-2029")
    return start, end


def start_edition(root: Path, new: str, old: str) -> list[Path]:
    """Create editions/NEW from editions/OLD; the files written, relative to root."""
    period = period_of(new)
    source, target = root / "editions" / old, root / "editions" / new
    if not (source / "edition.yaml").is_file():
        raise UsageError(f"no edition {old!r} under {root / 'editions'}")
    if target.exists():
        raise UsageError(f"{target} already exists", "pick another edition id or remove the folder")
    carried = _files(root, old)
    with WriteSet(root, inside=root) as writes:
        for rel, raw in carried:
            writes.add(target / rel, _carried(rel, raw, new, old, period))
        writes.commit()
    return [Path("editions", new, rel) for rel, _ in carried]


def _files(root: Path, old: str) -> list[tuple[str, bytes]]:
    """OLD's plan files to carry over (relative to its folder), deliberations left out; refuse any unreadable."""
    from psmctl.loading.files import Skipped, read_plan

    prefix = f"editions/{old}/"
    found: list[tuple[str, bytes]] = []
    for item in read_plan(root):
        rel = item.rel if isinstance(item, Skipped) else item[0]
        if not rel.startswith(prefix) or rel[len(prefix):].split("/")[0] in NOT_CARRIED:
            continue
        if isinstance(item, Skipped):
            if item.code == "hidden-file":
                continue
            raise Refused(f"{root / rel}: {item.message}; nothing was created", item.hint)
        if (root / rel).is_symlink():  # the new edition holds real files, never a copy of a link's target
            raise Refused(f"{root / rel}: a symbolic link; nothing was created",
                          "replace the link with the file itself, then run new edition again")
        found.append((rel[len(prefix):], item[1]))
    return found


def _carried(rel: str, raw: bytes, new: str, old: str, period: tuple[int, int]) -> bytes:
    if not rel.endswith((".yaml", ".yml")):
        return raw
    return _carry_over(raw.decode("utf-8"), f"editions/{old}/{rel}", new, old, period).encode("utf-8")


def _carry_over(text: str, file: str, new: str, old: str, period: tuple[int, int]) -> str:
    """The file for NEW: reset or linked, and formatted, in at most one round-trip (issue 14: it was two)."""
    from psmctl.authoring.formatting import FormatRefused, format_yaml

    def change(data: Any) -> None:
        kind = data.get("kind") if isinstance(data, dict) else None
        if kind == "edition":
            _reset_edition(data, new, old, period)
        elif kind in ("axis", "strategy", "action"):
            _link_element(data)

    from psmctl.authoring.splice import carried_element

    spliced = carried_element(text, change)  # most element files: no whole-file round-trip
    if spliced is not None:
        return spliced
    try:
        return format_yaml(text, file, change=change)
    except FormatRefused as exc:
        raise UsageError(str(exc), "run psmctl validate and fix it first") from None


def _link_element(data: Any) -> None:
    data.pop("supersedes", None)
    data["continues"] = [str(data["id"])]
    if data.get("kind") == "action":
        for key in DROPPED_ACTION_FIELDS:
            data.pop(key, None)
        if "status" in data:
            data["status"] = RESET_STATUS


def _reset_edition(data: Any, new: str, old: str, period: tuple[int, int]) -> None:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    data["id"] = DoubleQuotedScalarString(new)
    data["period"] = {"start": str(period[0]), "end": str(period[1])}  # text: the loader types nothing
    data["status"] = "draft"
    data["predecessor"] = DoubleQuotedScalarString(old)
    for key in DROPPED_EDITION_FIELDS:
        data.pop(key, None)
