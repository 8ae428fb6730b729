"""The edition's narrative chapters as HTML, converted by Pandoc with the documents' safe reader.

Chapters are Markdown (headings, lists, emphasis, links); the site shows them as
HTML through the same Pandoc reader as the documents (raw HTML, raw TeX and
attributes off, every text sign escaped by plan_text.lua), so plan text cannot inject
markup. All chapters of a build go through one Pandoc run, split apart again at
a marker paragraph: one process instead of one per chapter.
"""

from __future__ import annotations

from pathlib import Path

from psmctl.errors import Refused
from psmctl.interrupts import scratch_folder
from psmctl.site import urls
from psmctl.site.views import EditionView

BREAK = "PSMCTL-SITE-CHAPTER-BREAK"


def chapters_html(bodies: list[str]) -> list[str]:
    """Each Markdown body as an HTML fragment, headings one level up (the page's h1 is the title)."""
    from psmctl.pandoc import convert

    if not bodies:
        return []
    if any(BREAK in body for body in bodies):
        raise Refused(f"a chapter contains the text {BREAK}, which the site uses to split chapters",
                      "remove it from the chapter")
    with scratch_folder("psmctl-chapters-") as folder:
        output = folder / "chapters.html"
        convert(f"\n\n{BREAK}\n\n".join(bodies), "fragment", output, extra_args=["--shift-heading-level-by=-1"])
        parts = output.read_text(encoding="utf-8").split(f"<p>{BREAK}</p>")
    if len(parts) != len(bodies):
        raise Refused("Pandoc did not keep the chapters apart", "report this with the plan's chapters")
    return [part.strip("\n") + "\n" for part in parts]


def attach_chapters(views: list[EditionView]) -> None:
    """Give every chapter of every edition its HTML and its page address."""
    chapters = [(view, chapter) for view in views for chapter in view.context["chapters"]]
    for (view, chapter), html in zip(chapters, chapters_html([c["body"] for _, c in chapters])):
        chapter["html"] = html
        chapter["url"] = urls.page(view.id, "capitoli", urls.slug(chapter["title"]))
