"""Where every page of the site lives, and links between pages that work from `file://`.

Paths are relative to the site root and always name `index.html`: a plain file
server and a browser opening files from disk both follow them, and a folder
link (`…/azioni/x/`) would show a directory listing from disk. An element's page
is `<edition>/<level plural>/<id>/index.html`; `elementi/<id>/index.html`
points to its latest edition, so a printed link survives renumbering (the id
never changes; the code may).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata

INDEX = "index.html"
ELEMENTS = "elementi"
INDICATORS = "indicatori"


def slug(text: str) -> str:
    """A URL segment from a label: `Piattaforme` → `piattaforme`, `Zona 10` → `zona-10`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "x"


def page(*segments: str) -> str:
    """The path of the page at `segments` (no segments: the home page)."""
    return posixpath.join(*segments, INDEX) if segments else INDEX


def element_page(edition: str, plural: str, ident: str) -> str:
    return page(edition, slug(plural), ident)


def stable_page(ident: str) -> str:
    return page(ELEMENTS, ident)


def root_of(path: str) -> str:
    """The prefix that leads from the page at `path` back to the site root (`../../`)."""
    return "../" * path.count("/")


def link(from_path: str, to_path: str) -> str:
    """A relative link from one page (or file) to another."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
