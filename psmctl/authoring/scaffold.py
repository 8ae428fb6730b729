"""`psmctl new`: scaffold an element with the next free code and a fresh id.

An element file is written with every required field, the editor modeline and
nothing else, in the folder its kind lives in (docs/authoring.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psmctl.errors import UsageError
from psmctl.loading.tree import EditionTree, Plan

FOLDERS = {"axis": "axes", "strategy": "strategies", "action": "actions", "indicator": "indicators"}
PARENT_KIND = {"strategy": "axis", "action": "strategy"}


def slugify(text: str, limit: int = 48) -> str:
    """An id from a title: lowercase ASCII words joined by '-', cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit and slug:
            break
        slug = candidate
    return slug[:limit] or "elemento"


def unique_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def next_code(tree: EditionTree, kind: str, parent: Any | None) -> str:
    """The code after the last sibling's: `2.3` → `2.4`; the first child is `<parent>.1`."""
    numbering = tree.edition.numbering if tree.edition else "hierarchical"
    siblings = (tree.children.get(parent.id, []) if parent is not None else tree.of_kind(kind))
    siblings = [f for f in siblings if f.kind == kind]
    last = 0
    for item in siblings:
        tail = str(item.model.code).split(".")[-1]  # type: ignore[attr-defined]
        if tail.isdigit():
            last = max(last, int(tail))
    if numbering == "free":
        last = max(last, len(siblings))
    prefix = f"{parent.code}." if parent is not None and numbering == "hierarchical" else ""
    return f"{prefix}{last + 1}"


@dataclass
class NewElement:
    kind: str
    edition: str
    title: str
    parent: str | None = None


def modeline(kind: str) -> str:
    return f"# yaml-language-server: $schema=../../../../schemas/{kind}.schema.json\n"


def scaffold(plan: Plan, root: Path, request: NewElement) -> tuple[Path, str]:
    """(path to write, text) of a new element; UsageError if it cannot be placed."""
    tree = plan.editions.get(request.edition)
    if tree is None:
        raise UsageError(f"no edition {request.edition!r} in {plan.label}",
                              f"editions here: {', '.join(sorted(plan.editions)) or 'none'}")
    taken = set(tree.by_id) | {str(f.model.id) for f in tree.indicators}  # type: ignore[attr-defined]
    new_id = unique_id(slugify(request.title), taken)
    data: dict[str, Any] = {"kind": request.kind, "id": new_id}
    if request.kind == "indicator":
        data["name"] = request.title
    else:
        parent = _parent(tree, request)
        data["code"] = _Quoted(next_code(tree, request.kind, parent))
        if parent is not None:
            data["parent"] = parent.id
        data["title"] = request.title
    if request.kind == "action":
        data["status"] = "planned"
    path = root / "editions" / request.edition / FOLDERS[request.kind] / f"{new_id}.yaml"
    return path, modeline(request.kind) + _dump(data)


def _parent(tree: EditionTree, request: NewElement) -> Any | None:
    wanted = PARENT_KIND.get(request.kind)
    if wanted is None:
        if request.parent:
            raise UsageError(f"a{'n' if request.kind[0] in 'ai' else ''} {request.kind} has no parent",
                                  "drop --parent")
        return None
    if not request.parent:
        choices = ", ".join(str(m.id) for m in (f.model for f in tree.of_kind(wanted)))  # type: ignore[attr-defined]
        raise UsageError(f"a new {request.kind} needs --parent <{wanted} id>", f"{wanted} ids: {choices}")
    found = tree.by_id.get(request.parent)
    if found is None or found.kind != wanted:
        raise UsageError(f"no {wanted} with id {request.parent!r} in edition {tree.id}",
                              f"list them with: psmctl export --format json --edition {tree.id}")
    return found.model


class _Quoted(str):
    """A value written in double quotes (codes: `1.10` must stay text)."""


def _dump(data: dict[str, Any]) -> str:
    import io

    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from psmctl.authoring.formatting import _yaml, text_scalar

    out = io.StringIO()
    _yaml().dump({k: DoubleQuotedScalarString(v) if isinstance(v, _Quoted) else text_scalar(v)
                  for k, v in data.items()}, out)
    return out.getvalue()

