"""Build the site: every page rendered into a fresh folder, then swapped in for the old one.

The whole site is written into a temporary folder beside the target; only a
build that finished (pages, assets, downloads, search index, sitemap) replaces
the previous site, by two renames. A failure or an interruption removes the
temporary folder and leaves the previous site as it was. A folder is only
replaced if an earlier build made it (it carries MARKER) or it is empty, so
`-o ~/Documents` cannot wipe anyone's files.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from psmctl.errors import Refused, UsageError
from psmctl.loading.tree import Plan
from psmctl.site import urls
from psmctl.site.pages import Page, SiteData, all_pages

MARKER = ".psmctl-site"
TEMPLATES = Path(__file__).with_name("templates")
ASSETS = Path(__file__).with_name("assets")


@dataclass
class Options:
    base_url: str | None = None  # where the site is published, for sitemap.xml
    documents: bool = True  # annex, plan and revision report in PDF/A, DOCX, ODT
    search: bool = True  # the Pagefind index


@dataclass
class Built:
    output: Path
    pages: int
    files: int
    seconds: dict[str, float] = field(default_factory=dict)  # stage → seconds
    notes: list[str] = field(default_factory=list)


def site_data(plan: Plan, search: bool = True) -> SiteData:
    from psmctl.loading.locate import default_edition
    from psmctl.site.history import edition_order, lineage
    from psmctl.site.views import edition_view

    order = edition_order(plan)
    if not order:
        raise UsageError(f"{plan.label}: this plan has no edition yet", "create editions/<id>/edition.yaml")
    from psmctl.site.chapters import attach_chapters
    from psmctl.site.prose import attach_prose

    views = {e: edition_view(plan, e) for e in order}
    attach_chapters(list(views.values()))
    attach_prose(list(views.values()))
    return SiteData(plan, views, default_edition(plan), lineage(plan), search)


def check_output(output: Path) -> Path:
    """The folder the site replaces: refused if it is a link, a file, or a folder psmctl did not make."""
    if output.is_symlink():
        raise UsageError(f"{output}: it is a symbolic link; the site is never written through a link",
                         "name a real folder")
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output}: exists and is not a folder", "name a folder for the site")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise UsageError(f"{output}: this folder has files that no `psmctl site build` wrote; nothing was changed",
                         "name an empty or new folder, or the folder of an earlier site build")
    return output.resolve()


def build_site(plan: Plan, output: Path, options: Options | None = None) -> Built:
    options = options or Options()
    base = options.base_url or _base_url(plan)
    if base is not None and not base.startswith(("https://", "http://")):
        raise UsageError(f"the site's address {base!r} is not a web address", "write it as https://host/path/")
    output = check_output(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.with_name(f".{output.name}.{secrets.token_hex(6)}.tmp")
    staging.mkdir()
    try:
        built = _build_into(plan, staging, options)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    built.output = output
    return built


def _build_into(plan: Plan, folder: Path, options: Options) -> Built:
    started = time.perf_counter()
    site = site_data(plan, options.search)
    pages = all_pages(site)
    built = Built(folder, len(pages), 0, notes=_footer_notes(plan))
    built.seconds["model"] = time.perf_counter() - started
    _render(pages, folder)
    _copy_assets(folder)
    built.seconds["pages"] = time.perf_counter() - started - built.seconds["model"]
    from psmctl.site.downloads import write_downloads

    mark = time.perf_counter()
    built.notes += write_downloads(site, folder, documents=options.documents)
    built.seconds["downloads"] = time.perf_counter() - mark
    (folder / "sitemap.xml").write_bytes(sitemap(pages, options.base_url or _base_url(plan)))
    (folder / MARKER).write_text("built by psmctl site build; this folder is replaced by the next build\n")
    if options.search:
        from psmctl.site.search import index_site

        mark = time.perf_counter()
        index_site(folder)
        built.seconds["search"] = time.perf_counter() - mark
    built.files = sum(len(names) for _, _, names in os.walk(folder))
    return built


def _footer_notes(plan: Plan) -> list[str]:
    project = plan.project_model
    if project is not None and project.accessibility_url:
        return []
    return ["plan.yaml has no accessibility_url: the footer cannot link the dichiarazione di accessibilità "
            "a public body's site must publish (AgID guidelines); add its address"]


def _base_url(plan: Plan) -> str | None:
    project = plan.project_model
    return project.site_url if project else None


def _render(pages: list[Page], folder: Path) -> None:
    from psmctl.rendering.engine import environment, render_with

    env = environment((TEMPLATES,), autoescape=True)
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:  # two pages at one address would silently lose one
            raise Refused(f"two pages at {page.path}", "give the elements distinct ids")
        seen.add(page.path)
        target = folder / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_with(env, page.template, page.context), encoding="utf-8")
        for name, data in page.files.items():
            (folder / name).write_bytes(data)


def _copy_assets(folder: Path) -> None:
    shutil.copytree(ASSETS, folder / "assets", ignore=shutil.ignore_patterns("__pycache__", "*.py", "*.pyc"))


def sitemap(pages: list[Page], base_url: str | None) -> bytes:
    """sitemap.xml of every content page (not the `elementi/` pointers), in page order."""
    from xml.sax.saxutils import escape

    base = (base_url or "/").rstrip("/") + "/"
    locations = sorted({p.path for p in pages if not p.path.startswith(urls.ELEMENTS + "/")})
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
             *(f"  <url><loc>{escape(base + path)}</loc></url>" for path in locations), "</urlset>", ""]
    return "\n".join(lines).encode("utf-8")


def _swap(staging: Path, output: Path) -> None:
    """Put the finished site in place: the old one moves aside, the new one in, the old one goes."""
    old = output.with_name(f".{output.name}.{secrets.token_hex(6)}.old")
    had = output.exists()
    if had:
        os.rename(output, old)
    try:
        os.rename(staging, output)
    except BaseException:
        if had:
            os.rename(old, output)
        raise
    if had:
        shutil.rmtree(old, ignore_errors=True)
