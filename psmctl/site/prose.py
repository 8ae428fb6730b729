"""Plan prose on the site — summaries, descriptions, the vision — as HTML from its Markdown.

Plan texts are Markdown (emphasis, lists, links). The site reads them with
Pandoc and the documents' chapter reader (psmctl.pandoc.CHAPTER_READER: raw
HTML and TeX, attributes, divs and spans off) behind plan_text.lua (links to
the web, mail or the page only, never `javascript:` or `data:`; no image), so
a text becomes paragraphs, lists, emphasis and links, never markup of its own.

The texts of a build go to Pandoc in batches of BATCH, side by side: each
text is handed over as a fenced code block, prose.lua reads them (together
where that cannot mix them up, see ALONE), and the HTML is split at the
separator it writes before each. Pandoc's Markdown reader takes about a
millisecond a text, so a batch stays far below Pandoc's time limit
(psmctl.pandoc.MAX_SECONDS, wall time) even on a machine other programs keep
busy, and 10,000 actions use every core.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

from markupsafe import Markup

from psmctl.errors import Refused
from psmctl.interrupts import scratch_folder
from psmctl.site.views import EditionView

FILTER = Path(__file__).with_name("prose.lua")
SEPARATOR = "<!-- psmctl-text -->"  # as prose.lua writes it
FIELDS = ("summary", "description")  # an element's prose; the edition's is its vision
BATCH = 250  # texts per Pandoc run: a third of a second of Pandoc's time
HEADING_TOP = 3  # a text's highest heading: the texts sit under the page's <h2> (Sintesi, Descrizione, La visione)
_BACKTICKS = re.compile("`+")
# Markdown that reaches past the end of its text when texts are read together:
# a code fence (unclosed, it runs to the end of the input), a link or footnote
# definition (they hold for the whole input), an example list (its numbers run
# on). A text that has any is read on its own.
ALONE = re.compile(r"^ {0,3}(`{3,}|~{3,}|\[[^\]]*\]:)|\(@", re.MULTILINE)


def prose_html(texts: list[str]) -> list[Markup]:
    """Each Markdown text as an HTML fragment, in order."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    batches = [texts[at:at + BATCH] for at in range(0, len(texts), BATCH)]
    if len(batches) < 2:
        return [html for batch in batches for html in _batch_html(batch)]
    with ThreadPoolExecutor(max_workers=min(len(batches), os.cpu_count() or 1)) as pool:
        return [html for done in pool.map(_batch_html, batches) for html in done]


def _batch_html(texts: list[str]) -> list[Markup]:
    """One Pandoc run over `texts`."""
    from psmctl.pandoc import CHAPTER_READER, convert

    with scratch_folder("psmctl-prose-") as folder:
        output = folder / "prose.html"
        alone = " ".join(str(i) for i, text in enumerate(texts, 1) if ALONE.search(text))
        # joins the texts read together: random, so that no text can hold it (it never reaches the page)
        token = f"psmctl{secrets.token_hex(16)}"
        settings = {"psmctl-reader": CHAPTER_READER, "psmctl-heading-top": str(HEADING_TOP),
                    "psmctl-alone": alone, "psmctl-token": token}
        convert("\n\n".join(_fenced(text) for text in texts), "fragment", output, filters=[FILTER],
                metadata=settings, extra_args=["--wrap=none"])
        parts = output.read_text(encoding="utf-8").split(SEPARATOR)[1:]
    if len(parts) != len(texts):
        raise Refused("Pandoc did not keep the plan's texts apart", "report this with the plan's files")
    return [Markup(part.strip("\n") + "\n") for part in parts]


def _fenced(text: str) -> str:
    """`text` as a fenced code block whose fence is longer than any run of backticks in it."""
    fence = "`" * max(3, 1 + max((len(run) for run in _BACKTICKS.findall(text)), default=0))
    return f"{fence}\n{text}\n{fence}"


def attach_prose(views: list[EditionView]) -> None:
    """Give every element's summary and description, and every edition's vision, its HTML (`<field>_html`)."""
    slots: list[tuple[dict[str, Any], str]] = [(item, name) for view in views for item in view.elements.values()
                                               for name in FIELDS if item.get(name)]
    slots += [(view.context["edition"], "vision") for view in views if view.context["edition"].get("vision")]
    for (owner, name), html in zip(slots, prose_html([owner[name] for owner, name in slots]), strict=True):
        owner[f"{name}_html"] = html
