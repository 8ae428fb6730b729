"""Markup in every text field of a plan stays text on every page of its site, Markdown prose included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from psmctl.site.prose import prose_html
from tests.hostile.harness import html_problems, leftovers, psmctl, snapshot
from tests.hostile.plans import hostile_plan, rotated
from tests.hostile.test_markup import BLOCKS, MARKUP


def test_markup_read_as_prose_stays_text() -> None:
    texts = [*MARKUP, *BLOCKS, "\n\n".join(BLOCKS + MARKUP)]
    for text, html in zip(texts, prose_html(texts), strict=True):
        assert html_problems(html) == [], text
        # Pandoc's own markup only (a line block is its <div class="line-block">)
        assert not any(tag in html for tag in ("<script", "<style", "<span", "<img", "<details")), text


_SITE_PATH = re.compile(r"<(?:a|link) href='[a-z0-9./-]+'>")


def _harmless(problem: str) -> bool:
    """Plan text the checker finds where the site puts it on purpose, as a value: a search facet's
    value (an axis title, escaped, read by Pagefind), or a link to a page whose address is a slug
    of a title or a level's name (letters, digits and dashes)."""
    return problem.startswith("<span data-value=") or _SITE_PATH.fullmatch(problem) is not None


@pytest.mark.parametrize("shift", [0, 4, 9])
def test_markup_in_text_fields_stays_text_on_every_page(tmp_path: Path, shift: int) -> None:
    texts = rotated(MARKUP, shift)
    texts["chapter_body"] = "\n\n".join(BLOCKS + MARKUP)
    texts["action_summary"] = "\n\n".join(BLOCKS + [texts["action_summary"]])
    plan = hostile_plan(tmp_path, texts)
    before = snapshot(plan)
    site = tmp_path / "out" / "site"
    run = psmctl(["site", "build", str(plan), "-o", str(site), "--no-documents", "--no-search"], tmp_path, timeout=60)
    assert run.code == 0, run.text
    pages = sorted(site.rglob("*.html"))
    assert any("azioni" in p.parts for p in pages)
    for page in pages:
        assert [p for p in html_problems(page.read_text(encoding="utf-8")) if not _harmless(p)] == [], page
    assert snapshot(plan) == before
    assert leftovers(plan) == [] and list((tmp_path / "tmp").iterdir()) == []
