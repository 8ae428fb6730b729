"""Finish a DOCX or ODT package: archival metadata, the running header, ODT tables.

Pandoc fills a document's title and creator only together with a printed title
block, which would come before the institution and the act reference on the
first page; so the package's metadata part is completed here instead. The
reference documents' running header is a SUBJECT field with a placeholder; a
word processor would replace it with the document's subject, a viewer would
print the placeholder: it becomes the act reference itself, as fixed text in
the header's own style. Pandoc writes ODT tables without borders, and DOCX and
ODT tables whose rows split across pages: their cell and row styles are
completed here.
Entries keep their order, timestamps and compression: the same input still
gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Callable
from xml.sax.saxutils import escape

from psmctl.rendering.labels import Labels

# The header field that tools/build_reference_docs.py puts in both reference documents.
DOCX_FIELD = re.compile(r'<w:fldSimple w:instr=" SUBJECT ">\s*<w:r>(<w:rPr>.*?</w:rPr>)?.*?</w:r>\s*</w:fldSimple>',
                        re.S)
ODT_FIELD = re.compile(r"<text:subject>[^<]*</text:subject>")
RULE = "0.5pt solid #7F8C99"
ODT_CELLS = {
    "TableHeaderRowCell": f'fo:border="{RULE}" fo:padding="0.08cm" fo:background-color="#E6EEF6"',
    "TableRowCell": f'fo:border="{RULE}" fo:padding="0.08cm"',
}
ODT_STYLES = ('<style:style style:name="PsmRow" style:family="table-row">'
              '<style:table-row-properties fo:keep-together="always" /></style:style>'
              '<style:style style:name="TableCaption" style:family="paragraph" style:parent-style-name="Caption">'
              '<style:paragraph-properties fo:keep-with-next="always" /></style:style>')


def _put(xml: str, tag: str, value: str) -> str:
    """Fill an empty or filled <tag>…</tag> (first one) with `value`, escaped."""
    return re.sub(rf"<{tag}>[^<]*</{tag}>|<{tag}\s*/>", lambda _: f"<{tag}>{escape(value)}</{tag}>", xml, count=1)


def _docx_header(xml: str, labels: Labels) -> str:
    text = f'<w:t xml:space="preserve">{escape(labels.header)}</w:t>'
    return DOCX_FIELD.sub(lambda m: f"<w:r>{m.group(1) or ''}{text}</w:r>", xml, count=1)


def _odt_header(xml: str, labels: Labels) -> str:
    return ODT_FIELD.sub(lambda _: escape(labels.header), xml, count=1)


def _docx_rows(xml: str) -> str:
    """Table rows that never split across pages (a row taller than a page still breaks)."""
    xml = xml.replace("<w:tr><w:tc>", "<w:tr><w:trPr><w:cantSplit /></w:trPr><w:tc>")
    return xml.replace('<w:trPr><w:tblHeader w:val="on" /></w:trPr>',
                       '<w:trPr><w:cantSplit /><w:tblHeader w:val="on" /></w:trPr>')


def _odt_tables(xml: str) -> str:
    for style, properties in ODT_CELLS.items():
        ruled = f"<style:table-cell-properties {properties} />"
        xml = re.sub(rf'(<style:style style:name="{style}" style:family="table-cell">\s*)'
                     r'<style:table-cell-properties fo:border="none" />',
                     lambda m: m.group(1) + ruled, xml, count=1)
    xml = xml.replace("</office:automatic-styles>", ODT_STYLES + "</office:automatic-styles>", 1)
    return xml.replace("<table:table-row>", '<table:table-row table:style-name="PsmRow">')


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
                "word/header1.xml": lambda x: _docx_header(x, labels), "word/document.xml": _docx_rows}
    return {"meta.xml": lambda x: _odt_meta(x, labels), "styles.xml": lambda x: _odt_header(x, labels),
            "content.xml": _odt_tables}


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
