"""Whether a text of the plan is the act's own words or an editorial paraphrase.

One rule, read by every document and report: an element's own flag wins; when
it says nothing, the edition's ``paraphrased_texts`` decides.
"""

from __future__ import annotations

from typing import Literal

from psmctl.model.edition import Chapter, Edition
from psmctl.model.elements import Element

TextField = Literal["title", "summary", "description"]


def is_paraphrase(element: Element, field: TextField, edition: Edition | None) -> bool:
    if field == "title":
        return element.title_is_paraphrase
    own = element.summary_is_paraphrase if field == "summary" else element.description_is_paraphrase
    if own is not None:
        return own
    return edition is not None and field in edition.paraphrased_texts


def chapter_is_paraphrase(chapter: Chapter, edition: Edition | None) -> bool:
    """A narrative chapter written by the plan's maintainers rather than taken from the act."""
    if chapter.text_is_paraphrase is not None:
        return chapter.text_is_paraphrase
    return edition is not None and "chapters" in edition.paraphrased_texts
