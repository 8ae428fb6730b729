"""The «Fonti» of a document: every source the edition cites, as an Italian bibliography.

Cited means named anywhere in the edition: the edition file itself, its
adoption act, milestones and declared counts, its elements, chapters,
indicators and deliberations. A source nobody cites is not listed. The
maintainers' `notes` never reach a document.
"""

from __future__ import annotations

from typing import Any

from psmctl.loading.tree import EditionTree, Plan
from psmctl.model.common import Provenance
from psmctl.model.registries import Source
from psmctl.rendering.filters import it_date

ZERO_WIDTH_SPACE = "\u200b"
# After these characters a URL can wrap without misleading the reader.
_BREAK_AFTER = "/.-_?&=#"


def cited_keys(tree: EditionTree) -> set[str]:
    edition = tree.edition
    parts: list[Provenance | None] = [edition, *tree.axes, *tree.strategies, *tree.actions,
                                      *tree.deliberation_models, *tree.indicator_models,
                                      *(chapter for chapter, _ in tree.chapter_models)]
    if edition is not None:
        parts += [edition.adoption, edition.declared_counts, *edition.milestones]
    return {key for part in parts if part is not None for key in part.sources}


def breakable_url(url: str) -> str:
    """The URL as shown: a zero-width space after each safe break point (the link target stays whole)."""
    out = []
    for i, char in enumerate(url):
        out.append(char)
        # never split the scheme's "//" nor leave a break before the end
        if char in _BREAK_AFTER and i + 1 < len(url) and url[i + 1] not in _BREAK_AFTER:
            out.append(ZERO_WIDTH_SPACE)
    return "".join(out)


def _entry(source: Source) -> dict[str, Any]:
    language = source.language if source.language.split("-")[0] != "it" else None
    return {"key": source.key, "title": " ".join(source.title.split()), "language": language,
            "author": source.author, "publisher": source.publisher, "date": it_date(source.date),
            "url": source.url, "url_shown": breakable_url(source.url) if source.url else None,
            "reference": source.reference, "secondary": source.kind == "secondary",
            "archived": bool(source.archived), "accessed": it_date(source.accessed)}


def bibliography(plan: Plan, cited: set[str]) -> list[dict[str, Any]]:
    """The cited sources of the registry, in its order (which the plan's maintainers choose)."""
    registry = plan.registry("sources")
    return [_entry(s) for s in registry.sources if s.key in cited] if registry else []
