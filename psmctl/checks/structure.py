"""Stage 3a: the shape of each edition — ids, parents, levels, codes, lineage."""

from __future__ import annotations

from pathlib import PurePosixPath

from psmctl.checks.finding import at, label, suggest
from psmctl.checks.ordering import check_order
from psmctl.diagnostics import Diagnostic, Severity
from psmctl.loading.plan import EditionTree, ElementFile, EntryFile, Plan, PlanFile
from psmctl.model import Action, Edition
from psmctl.model.common import is_digits
from psmctl.model.elements import parent_of


def check_structure(plan: Plan) -> list[Diagnostic]:
    findings: list[Diagnostic] = []
    for file in plan.misplaced:
        findings.append(at(file, ("kind",), "misplaced-file",
                           f"{_a(file.kind)} file does not belong at {file.rel}", _where(file.kind)))
    project = plan.project
    wanted = project.model.default_edition if project else None
    if project and wanted and wanted not in plan.editions:
        findings.append(at(project, ("default_edition",), "unknown-edition",
                           f"default edition {wanted!r} is not in editions/", suggest(wanted, plan.editions)))
    for tree in plan.editions.values():
        findings.extend(_check_edition(plan, tree))
    return findings


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _where(kind: str) -> str:
    if kind == "project":
        return "the project file is plan.yaml at the root of the tree"
    if kind == "edition":
        return "an edition is editions/<id>/edition.yaml"
    if kind in ("zones", "pnrr", "amsvs", "sdg", "bodies", "dup", "sources"):
        return "one file per registry kind, under registries/"
    return "plan elements live under editions/<id>/"


def _check_edition(plan: Plan, tree: EditionTree) -> list[Diagnostic]:
    edition = tree.edition
    if tree.file is None or edition is None:
        if tree.edition_file_broken or (not tree.elements and not tree.indicators):
            return []  # a broken edition.yaml is already reported where it is broken
        first = (tree.elements or tree.indicators)[0]
        return [at(first, (), "edition-file", f"editions/{tree.id}/ has no edition.yaml",
                   "create edition.yaml with kind: edition (see docs/plan-format.md)")]
    findings: list[Diagnostic] = []
    if edition.id != tree.id:
        findings.append(at(tree.file, ("id",), "edition-mismatch",
                           f"edition id {edition.id!r} differs from its folder editions/{tree.id}/",
                           "rename the folder or the id so that they agree"))
    findings.extend(_check_levels(tree.file, edition))
    if edition.predecessor and edition.predecessor not in plan.editions:
        findings.append(at(tree.file, ("predecessor",), "unknown-predecessor",
                           f"predecessor edition {edition.predecessor!r} is not in editions/",
                           "lineage links to it cannot be checked", Severity.WARNING))
    findings.extend(_check_ids(tree))
    findings.extend(_check_parents_and_codes(tree, edition))
    findings.extend(check_order(tree, edition))
    findings.extend(_check_lineage(plan, tree, edition))
    return findings


def _check_levels(file: PlanFile[Edition], edition: Edition) -> list[Diagnostic]:
    kinds = [level.kind for level in edition.levels]
    if kinds in (["axis", "strategy", "action"], ["axis", "action"]):
        return []
    return [at(file, ("levels",), "bad-levels",
               f"levels are {', '.join(kinds) or 'empty'}; expected axis, strategy, action (or axis, action)",
               "list the levels from the top down; two-level plans omit strategy")]


def _check_ids(tree: EditionTree) -> list[Diagnostic]:
    findings = []
    seen: dict[str, EntryFile] = {}
    files: list[EntryFile] = [*tree.elements, *tree.indicators]
    for file in sorted(files, key=lambda f: f.rel):
        ident = file.model.id
        if ident in seen:
            findings.append(at(file, ("id",), "duplicate-id",
                               f"id {ident!r} is already used by {seen[ident].path}",
                               "every element needs its own id; ids never change once published"))
            continue
        seen[ident] = file
        if PurePosixPath(file.rel).stem != ident:
            findings.append(at(file, ("id",), "filename-id",
                               f"file name {PurePosixPath(file.rel).name!r} differs from id {ident!r}",
                               f"rename the file to {ident}.yaml", Severity.WARNING))
    return findings


def _expected_parent_kind(edition: Edition, kind: str, middle_unknown: bool = False) -> str | None:
    kinds = [level.kind for level in edition.levels]
    if kind not in kinds:
        return "?"
    index = kinds.index(kind)
    if middle_unknown and index == 2:
        return kinds[0]  # the axis, the strategy being unknown
    return kinds[index - 1] if index else None


def _check_parents_and_codes(tree: EditionTree, edition: Edition) -> list[Diagnostic]:
    findings = []
    codes: dict[tuple[str, str], ElementFile] = {}
    for file in sorted(tree.elements, key=lambda f: f.rel):
        model = file.model
        middle_unknown = isinstance(model, Action) and model.strategy_unknown
        if middle_unknown and len(edition.levels) < 3:
            findings.append(at(file, ("strategy_unknown",), "wrong-level",
                               f"{label(file, tree)}: edition {edition.id} has no middle level to be unknown",
                               "remove `strategy_unknown`"))
            continue
        wanted = _expected_parent_kind(edition, file.kind, middle_unknown)
        if wanted == "?":
            names = ", ".join(_named(tree, level.kind) for level in edition.levels)
            findings.append(at(file, ("kind",), "wrong-level",
                               f"edition {edition.id} has no {file.kind!r} level (levels: {names})"))
            continue
        parent = _resolve_parent(tree, file, wanted, findings)
        if parent is False:
            continue
        if model.code is None or edition.numbering == "none":
            continue  # what places it is psmctl.checks.ordering's to check
        # the code of an action whose strategy is unknown cannot be checked against a position
        numbering = "free" if middle_unknown else edition.numbering
        problem = _code_problem(numbering, model.code, parent)
        if problem:
            findings.append(at(file, ("code",), "code-position", f"{label(file, tree)}: {problem[0]}", problem[1]))
            continue
        scope = (parent_of(model) or "") if edition.numbering == "per_parent" and wanted else ""
        key = (file.kind + scope, model.code)
        if key in codes and edition.numbering != "free":
            findings.append(at(file, ("code",), "duplicate-code",
                               f"code {tree.full_code(model)} is already used by {codes[key].path}",
                               "renumber one of them (the ids stay the same)"))
        codes.setdefault(key, file)
    return findings


def _named(tree: EditionTree, kind: str) -> str:
    """A level as the plan calls it, with the file kind: "ambito (axis)"."""
    names = {level.kind: level.singular for level in tree.edition.levels} if tree.edition else {}
    return f"{names[kind]} ({kind})" if kind in names else kind


def _resolve_parent(tree: EditionTree, file: ElementFile, wanted: str | None,
                    findings: list[Diagnostic]) -> ElementFile | None | bool:
    """The parent file; None for a top-level element; False when it cannot be checked."""
    parent_id = parent_of(file.model)
    if wanted is None:
        return None
    if parent_id is None:
        findings.append(at(file, (), "missing-key", f"{label(file, tree)} needs a `parent:` (the id of its "
                                                    f"{_named(tree, wanted)})"))
        return False
    if parent_id in tree.broken_ids:
        return False
    parent = tree.by_id.get(parent_id)
    if parent is None:
        candidates = [f.model.id for f in tree.elements if f.kind == wanted]
        findings.append(at(file, ("parent",), "unknown-parent",
                           f"{label(file, tree)}: parent {parent_id!r} is not an element of edition {tree.id}",
                           suggest(parent_id, candidates) or f"use the id of its {_named(tree, wanted)}"))
        return False
    if parent.kind != wanted:
        findings.append(at(file, ("parent",), "wrong-level",
                           f"{label(file, tree)}: parent {parent_id!r} is at level {_named(tree, parent.kind)}, "
                           f"expected level {_named(tree, wanted)}", _unknown_middle_hint(tree, file, parent)))
        return False
    return parent


def _unknown_middle_hint(tree: EditionTree, file: ElementFile, parent: ElementFile) -> str | None:
    """An action hung on an axis of a three-level edition: say how to record that its strategy is unknown."""
    if file.kind == "action" and parent.kind == "axis" and tree.edition and len(tree.edition.levels) == 3:
        return (f"if the sources do not say its {_named(tree, 'strategy')}, "
                "keep the axis as parent and add `strategy_unknown: true`")
    return None


def _code_problem(numbering: str, code: str, parent: ElementFile | None | bool) -> tuple[str, str] | None:
    if numbering == "free" or (isinstance(parent, PlanFile) and parent.model.code is None):
        return None  # a parent without a code is reported itself: its children cannot be checked against it
    last = code.rsplit(".", 1)[-1] if numbering == "hierarchical" else code
    prefix = code.rsplit(".", 1)[0] if "." in code else ""
    parent_code = parent.model.code or "" if isinstance(parent, PlanFile) else ""
    ok_number = is_digits(last) and not last.startswith("0")
    other_numberings = ("for codes such as M1 or A.2 set `numbering: free` in edition.yaml; "
                        "for a plan that prints no numbers, `numbering: none`")
    if numbering == "per_parent":
        return None if ok_number else (
            f"code {code!r} is not a number counted from 1 (expected N: 1, 2, 3… under each parent)",
            f"this edition restarts its codes under each parent (numbering: per_parent); {other_numberings}")
    expected = f"{parent_code}.N" if parent_code else "N"
    if not ok_number:
        return (f"code {code!r} is not a number counted from 1 (expected {expected})",
                f"this edition numbers elements under their parent's code (numbering: hierarchical); "
                f"{other_numberings}")
    if prefix != parent_code:
        return (f"code {code!r} does not agree with its position (expected {expected})",
                f"codes follow the parent's code: {expected}, where N counts from 1")
    return None


def _check_lineage(plan: Plan, tree: EditionTree, edition: Edition) -> list[Diagnostic]:
    findings = []
    previous = plan.editions.get(edition.predecessor) if edition.predecessor else None
    for file in tree.elements:
        for field, links in (("continues", file.model.continues), ("supersedes", file.model.supersedes)):
            for index, link in enumerate(links):
                path = (field, index)
                if edition.predecessor is None:
                    findings.append(at(file, path, "dangling-lineage",
                                       f"{label(file, tree)}: {field} {link.id!r} but edition {edition.id} has no predecessor",
                                       "set `predecessor:` in edition.yaml"))
                elif previous is not None and link.id not in previous.by_id and link.id not in previous.broken_ids:
                    ids = list(previous.by_id)
                    findings.append(at(file, path, "dangling-lineage",
                                       f"{label(file, tree)}: {field} {link.id!r} is not an element of {edition.predecessor}",
                                       suggest(link.id, ids) or "use the stable id of the earlier element"))
                elif previous is not None and link.id in previous.by_id and previous.by_id[link.id].kind != file.kind:
                    findings.append(at(file, path, "lineage-level",
                                       f"{label(file, tree)}: {field} {link.id!r}, which is a {previous.by_id[link.id].kind}, "
                                       f"not a {file.kind}",
                                       f"link a {file.kind} to a {file.kind} of {edition.predecessor}"))
    return findings
