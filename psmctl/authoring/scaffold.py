"""`psmctl new`: scaffold an element with the next free code and a fresh id.

An element file is written with every required field, the editor modeline and
nothing else, in the folder its kind lives in (docs/authoring.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psmctl.errors import UsageError
from psmctl.loading.plan import EditionTree, ElementFile, Plan
from psmctl.model.elements import PlanElement

FOLDERS = {"axis": "axes", "strategy": "strategies", "action": "actions", "indicator": "indicators"}
# A slug never ends on a word that only links others ("reti-infrastrutturali-informazione-e").
_LINK_WORDS = {"e", "ed", "o", "di", "del", "dello", "della", "dei", "degli", "delle", "a", "al", "alla", "ai",
               "da", "in", "nel", "nella", "per", "con", "su", "tra", "fra", "il", "lo", "la", "i", "gli", "le",
               "l", "un", "una", "d"}
PROVENANCE = ("# Provenienza: in `sources` le chiavi di registries/sources.yaml da cui vengono titolo e testi; "
              "`uncertain: true` finché non sono verificati sull'atto.\n")


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
    kept = slug[:limit].split("-")
    while len(kept) > 1 and kept[-1] in _LINK_WORDS:
        kept.pop()
    return "-".join(kept) or "elemento"


def unique_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _siblings(tree: EditionTree, kind: str, parent: PlanElement | None) -> list[ElementFile]:
    siblings = (tree.children.get(parent.id, []) if parent is not None else tree.of_kind(kind))
    return [f for f in siblings if f.kind == kind]


def next_order(tree: EditionTree, kind: str, parent: PlanElement | None) -> int:
    """In an edition that numbers nothing, the `order` that puts a new element after its siblings."""
    return max((f.model.order or 0 for f in _siblings(tree, kind, parent)), default=0) + 1


def next_code(tree: EditionTree, kind: str, parent: PlanElement | None) -> str:
    """The code after the last sibling's: `2.3` → `2.4`; the first child is `<parent>.1`."""
    numbering = tree.numbering
    siblings = _siblings(tree, kind, parent)
    last = 0
    for item in siblings:
        tail = (item.model.code or "").split(".")[-1]
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
    classifications: dict[str, list[str]] = field(default_factory=dict)  # dimension id → value ids


def parse_classification(text: str) -> tuple[str, list[str]]:
    """`--classify driver=d1,d3` → ("driver", ["d1", "d3"])."""
    dimension, _, values = text.partition("=")
    ids = [v.strip() for v in values.split(",") if v.strip()]
    if not dimension.strip() or not ids:
        raise UsageError(f"--classify {text!r}: expected DIMENSION=VALUE[,VALUE...]", "e.g. --classify pilastro=p2")
    return dimension.strip(), ids


def modeline(kind: str) -> str:
    return f"# yaml-language-server: $schema=../../../../schemas/{kind}.schema.json\n"


def element_kind(tree: EditionTree, wanted: str) -> str:
    """The file kind for `wanted`: a kind (axis, strategy, action, indicator) or a level's name in this edition."""
    levels = tree.edition.levels if tree.edition else []
    named = {name.lower(): level.kind for level in levels for name in (level.singular, level.plural)}
    kinds = [level.kind for level in levels] + ["indicator"]
    kind = named.get(wanted.lower(), wanted)
    if kind not in kinds:
        names = ", ".join(f"{level.singular} ({level.kind})" for level in levels)
        raise UsageError(f"edition {tree.id} has no level {wanted!r}", f"its levels: {names}; or: indicator")
    return kind


def parent_kind(tree: EditionTree, kind: str) -> str | None:
    """The level above `kind` in this edition: a two-level plan hangs actions on the top level."""
    return tree.level_above(kind)


def scaffold(plan: Plan, root: Path, request: NewElement) -> tuple[Path, str]:
    """(path to write, text) of a new element; UsageError if it cannot be placed."""
    tree = plan.editions.get(request.edition)
    if tree is None:
        raise UsageError(f"no edition {request.edition!r} in {plan.label}",
                              f"editions here: {', '.join(sorted(plan.editions)) or 'none'}")
    kind = element_kind(tree, request.kind)
    taken = set(tree.by_id) | {f.model.id for f in tree.indicators}
    new_id = unique_id(slugify(request.title), taken)
    data: dict[str, Any] = {"kind": kind, "id": new_id}
    if kind == "indicator":
        data["name"] = request.title
    else:
        parent = _parent(tree, kind, request.parent, root)
        numbered = tree.numbering != "none"
        if numbered:
            data["code"] = _Quoted(next_code(tree, kind, parent))
        if parent is not None:
            data["parent"] = parent.id
        data["title"] = request.title
        if not numbered:
            data["order"] = _Plain(next_order(tree, kind, parent))
        if request.classifications:
            data["classifications"] = _classifications(plan, tree, kind, request.classifications)
    if kind == "action":
        data["status"] = "planned"
    path = root / "editions" / request.edition / FOLDERS[kind] / f"{new_id}.yaml"
    return path, modeline(kind) + PROVENANCE + _dump(data)


def _classifications(plan: Plan, tree: EditionTree, kind: str, wanted: dict[str, list[str]]) -> Any:
    """The values asked for, checked by validate's own rule; written in flow style: {pilastro: [p2]}."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from psmctl.checks.classifications import REGISTRY, classification_problems, level_plural

    registry = plan.registry("classifications")
    if registry is None:
        raise UsageError(f"--classify: the plan has no {REGISTRY}", "declare the dimensions there first "
                         "(docs/plan-format.md §3.6)")
    dimensions = {d.id: d for d in registry.dimensions}
    for problem in classification_problems(wanted, kind, dimensions, lambda k: level_plural(tree, k)):
        raise UsageError(f"--classify: {problem.message}", problem.hint)
    table = CommentedMap()
    for name, values in wanted.items():
        table[name] = CommentedSeq(values)
        table[name].fa.set_flow_style()
    table.fa.set_flow_style()
    return table


def _level_name(tree: EditionTree, kind: str) -> str:
    levels: dict[str, str] = {level.kind: level.singular for level in tree.edition.levels} if tree.edition else {}
    return levels.get(kind, kind)


def _parent(tree: EditionTree, kind: str, given: str | None, root: Path) -> PlanElement | None:
    wanted = parent_kind(tree, kind)
    name = _level_name(tree, kind)
    if wanted is None:
        if given:
            raise UsageError(f"{name} is the top level of edition {tree.id}: it has no parent", "drop --parent")
        return None
    above = _level_name(tree, wanted)
    if not given:
        choices = ", ".join(f.model.id for f in tree.of_kind(wanted))
        raise UsageError(f"a new {name} needs --parent <id of its {above}>", f"{above} ids: {choices or 'none yet'}")
    found = tree.by_id.get(given)
    if found is None or found.kind != wanted:
        raise UsageError(f"no {above} with id {given!r} in edition {tree.id}",
                         f"list them with: psmctl export --plan {root} --format json --edition {tree.id}")
    return found.model


class _Quoted(str):
    """A value written in double quotes (codes: `1.10` must stay text)."""


class _Plain(str):
    """A value written unquoted (an `order` is a number: `order: 2`)."""


def _dump(data: dict[str, Any]) -> str:
    import io

    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from psmctl.authoring.formatting import round_trip_yaml, text_scalar

    out = io.StringIO()
    round_trip_yaml().dump({k: DoubleQuotedScalarString(v) if isinstance(v, _Quoted) else str(v) if isinstance(v, _Plain)
                  else v if isinstance(v, dict) else text_scalar(v) for k, v in data.items()}, out)
    return out.getvalue()

