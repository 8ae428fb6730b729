"""Stage 3a: what places an element among its siblings — a code, or an `order` where nothing is numbered.

One form per edition, so an element's place is never said twice in two ways
that could disagree: an edition that numbers its elements (hierarchical,
per_parent, free) gives each a `code` and no `order`; an edition with
`numbering: none` gives each an `order` (1, 2, 3… among the siblings under the
same parent) and no `code`. psmctl.loading.position reads what this checks.
"""

from __future__ import annotations

from psmctl.checks.finding import at, label
from psmctl.diagnostics import Diagnostic
from psmctl.loading.plan import EditionTree, ElementFile
from psmctl.model import Edition
from psmctl.model.elements import parent_of


def check_order(tree: EditionTree, edition: Edition) -> list[Diagnostic]:
    """Each element carries the one thing its edition's numbering places it by; siblings' orders differ."""
    findings: list[Diagnostic] = []
    numbered = edition.numbering != "none"
    for file in sorted(tree.elements, key=lambda f: f.rel):
        model = file.model
        if numbered and model.code is None:
            findings.append(at(file, (), "missing-key", f"{label(file, tree)} needs a `code:` "
                               f"(edition {edition.id} numbers its elements: numbering: {edition.numbering})",
                               "write the code the plan prints, or set `numbering: none` in edition.yaml "
                               "and give every element an `order:`"))
        elif numbered and model.order is not None:
            findings.append(at(file, ("order",), "order-key",
                               f"{label(file, tree)}: `order` is for editions that number nothing; "
                               f"here the code {model.code} gives the element its place",
                               "remove `order:` (or set `numbering: none` and remove every `code:`)"))
        elif not numbered and model.code is not None:
            findings.append(at(file, ("code",), "unnumbered-code",
                               f"{label(file, tree)}: code {model.code!r}, but edition {edition.id} numbers "
                               "nothing (numbering: none)",
                               "remove `code:` (its `order:` gives its place), or set the edition's "
                               "`numbering:` to hierarchical, per_parent or free"))
        elif not numbered and model.order is None:
            findings.append(at(file, (), "missing-order",
                               f"{label(file, tree)} needs an `order:`: edition {edition.id} numbers nothing "
                               "(numbering: none), so `order` places each element among its siblings",
                               f"add `order: {_next_order(tree, file)}` (1 for the first under its parent)"))
    if not numbered:
        findings.extend(_duplicate_orders(tree))
    return findings


def _siblings(tree: EditionTree, file: ElementFile) -> list[ElementFile]:
    parent = parent_of(file.model)
    return [f for f in tree.elements if f.kind == file.kind and parent_of(f.model) == parent]


def _next_order(tree: EditionTree, file: ElementFile) -> int:
    return max((f.model.order or 0 for f in _siblings(tree, file)), default=0) + 1


def _duplicate_orders(tree: EditionTree) -> list[Diagnostic]:
    findings = []
    seen: dict[tuple[str, str | None, int], ElementFile] = {}
    for file in sorted(tree.elements, key=lambda f: f.rel):
        order = file.model.order
        if order is None:
            continue
        key = (file.kind, parent_of(file.model), order)
        if key in seen:
            findings.append(at(file, ("order",), "duplicate-order",
                               f"{label(file, tree)}: order {order} is already used by {seen[key].path} "
                               "under the same parent",
                               f"give each sibling its own order, e.g. {_next_order(tree, file)}"))
        seen.setdefault(key, file)
    return findings
