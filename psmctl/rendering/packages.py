"""Finish a DOCX or ODT package: archival metadata and the running header's text.

Pandoc fills a document's title and creator only together with a printed title
block, which would come before the institution and the act reference on the
first page; so the package's metadata part is completed here instead. The
reference documents' running header is a SUBJECT field whose stored text is a
placeholder: a reader that does not update fields (a viewer, an archive's
indexer) would print the placeholder, so the stored text becomes the real act
reference. Entries keep their order, timestamps and compression: the same
input still gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Callable
from xml.sax.saxutils import escape

from psmctl.rendering.labels import Labels

# The placeholder that templates/build_reference_docs.py stores in both reference documents.
PLACEHOLDER = ("Riferimento dell&apos;atto", "Riferimento dell'atto")


def _put(xml: str, tag: str, value: str) -> str:
    """Fill an empty or filled <tag>…</tag> (first one) with `value`, escaped."""
    return re.sub(rf"<{tag}>[^<]*</{tag}>|<{tag}\s*/>", lambda _: f"<{tag}>{escape(value)}</{tag}>", xml, count=1)


def _header_text(xml: str, labels: Labels) -> str:
    for placeholder in PLACEHOLDER:
        xml = xml.replace(placeholder, escape(labels.header))
    return xml


def _dated(xml: str, labels: Labels, tags: tuple[str, ...]) -> str:
    """The plan's date in the package's own date fields (Pandoc may leave 1970 there)."""
    if labels.date is None:
        return xml
    stamp = f"{labels.date.isoformat()}T00:00:00Z"
    for tag in tags:
        xml = re.sub(rf"(<{tag}[^>]*>)[^<]*(</{tag}>)", lambda m: m.group(1) + stamp + m.group(2), xml, count=1)
    return xml


def _docx_core(xml: str, labels: Labels) -> str:
    xml = _dated(xml, labels, ("dcterms:created", "dcterms:modified"))
    xml = _put(xml, "dc:title", labels.title)
    xml = _put(xml, "dc:creator", labels.author)
    return _put(xml, "dc:subject", labels.subject)


def _odt_meta(xml: str, labels: Labels) -> str:
    xml = _dated(xml, labels, ("meta:creation-date", "dc:date"))
    xml = _put(xml, "dc:title", labels.title)
    xml = _put(xml, "dc:creator", labels.author)
    xml = _put(xml, "meta:initial-creator", labels.author)
    return _put(xml, "dc:subject", labels.subject)


def _edits(fmt: str, labels: Labels) -> dict[str, Callable[[str], str]]:
    if fmt == "docx":
        return {"docProps/core.xml": lambda x: _docx_core(x, labels),
                "word/header1.xml": lambda x: _header_text(x, labels)}
    return {"meta.xml": lambda x: _odt_meta(x, labels), "styles.xml": lambda x: _header_text(x, labels)}


def finish_package(data: bytes, fmt: str, labels: Labels) -> bytes:
    """The package `data` (docx or odt) with its metadata and header text filled in."""
    edits = _edits(fmt, labels)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            edit = edits.get(info.filename)
            if edit is not None:
                content = edit(content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()
