"""Helpers of the site tests: build a site from a plan folder, check its links, read its pages."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from psmctl.site.build import Options, build_site
from psmctl.validate import validate_path


def build(plan: Path, out: Path, **options: object) -> Path:
    loaded, _ = validate_path(plan)
    build_site(loaded, out, Options(**{"documents": False, "search": False, **options}))  # type: ignore[arg-type]
    return out


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if tag == "meta" and name == "content" and value and "url=" in value:
                self.links.append(value.split("url=", 1)[1])


def links_of(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def broken_links(site: Path) -> list[str]:
    """Every internal link of every page that does not lead to a file of the site."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        if "pagefind" in page.parts:
            continue
        for link in links_of(page):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#") or link.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append(f"{page.relative_to(site)} → {link}")
    return broken


def text_of(page: Path) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))))
