"""Rebuild templates/reference.docx and reference.odt from Pandoc's defaults.

Run from the repository root with the project's venv (it uses the Pandoc that
pypandoc-binary ships):  .venv/bin/python tools/build_reference_docs.py

The look: A4, 2.5/2 cm margins, Liberation Serif (Times-metric) 11.5 pt body,
Liberation Sans headings in the institutional blue, a running header that
shows the document subject (the act reference, set by `psmctl render` as
`subject` metadata) and a footer "Pagina N di M"; tables ruled with a shaded
header row. The zip entries are written in a fixed order with a fixed
timestamp, so rebuilding gives the same bytes.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

# the shipped templates, packaged with psmctl
HERE = Path(__file__).resolve().parents[1] / "templates"
BLUE = "0B4F8A"
SERIF, SANS = "Liberation Serif", "Liberation Sans"
FIXED = (2024, 1, 1, 0, 0, 0)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def pandoc() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def default_data(name: str) -> dict[str, bytes]:
    raw = subprocess.run([pandoc(), "--print-default-data-file", name], capture_output=True, check=True).stdout
    from io import BytesIO

    with zipfile.ZipFile(BytesIO(raw)) as zipped:
        return {info.filename: zipped.read(info) for info in zipped.infolist()}


def write_zip(path: Path, parts: dict[str, bytes], first: str | None = None) -> None:
    names = ([first] if first else []) + sorted(n for n in parts if n != first)
    with zipfile.ZipFile(path, "w") as out:
        for name in names:
            info = zipfile.ZipInfo(name, FIXED)
            stored = name == "mimetype"  # ODF: the mimetype entry first and uncompressed
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            out.writestr(info, parts[name])


# ---------------------------------------------------------------- DOCX

def _fonts(face: str) -> str:
    return f'<w:rFonts w:ascii="{face}" w:hAnsi="{face}" w:eastAsia="{face}" w:cs="{face}" />'


def _heading_rpr(size: int) -> str:
    return f'<w:rPr>{_fonts(SANS)}<w:b /><w:color w:val="{BLUE}" /><w:sz w:val="{size}" /><w:szCs w:val="{size}" /></w:rPr>'


def docx_styles(xml: str) -> str:
    xml = re.sub(r"<w:rFonts w:asciiTheme=\"minorHAnsi\"[^>]*/>", _fonts(SERIF), xml, count=1)
    xml = xml.replace('<w:sz w:val="24" />\n        <w:szCs w:val="24" />', '<w:sz w:val="23" /><w:szCs w:val="23" />', 1)
    xml = xml.replace('w:lang w:val="en-US"', 'w:lang w:val="it-IT"')
    for level, size in ((1, 32), (2, 28), (3, 25), (4, 23), (5, 23), (6, 23)):
        xml = re.sub(rf'(w:styleId="Heading{level}">.*?)<w:rPr>.*?</w:rPr>',
                     lambda m, s=size: m.group(1) + _heading_rpr(s), xml, count=1, flags=re.S)
    xml = re.sub(r'(w:styleId="Title">.*?)<w:rPr>.*?</w:rPr>', lambda m: m.group(1) + _heading_rpr(40),
                 xml, count=1, flags=re.S)
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="7F8C99" />'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    xml = re.sub(r'(w:styleId="Table">.*?<w:tblPr>)', lambda m: m.group(1) + f"<w:tblBorders>{borders}</w:tblBorders>",
                 xml, count=1, flags=re.S)
    xml = re.sub(r'(w:styleId="Table">.*?<w:tblStylePr w:type="firstRow">)\s*<w:tcPr>.*?</w:tcPr>',
                 lambda m: m.group(1) + f'<w:rPr><w:b /></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" '
                 f'w:fill="E6EEF6" /><w:vAlign w:val="bottom" /></w:tcPr>', xml, count=1, flags=re.S)
    # "Firma": the signatures and the formula before them stay on one page
    firma = ('<w:style w:type="paragraph" w:customStyle="1" w:styleId="Firma"><w:name w:val="Firma" />'
             '<w:basedOn w:val="BodyText" /><w:qFormat /><w:pPr><w:keepNext /><w:keepLines /></w:pPr></w:style>')
    # Indice entries: indented by level, page number at the right margin after a dotted leader
    tocs = "".join(
        f'<w:style w:type="paragraph" w:styleId="TOC{level}"><w:name w:val="toc {level}" /><w:basedOn w:val="Normal" />'
        f'<w:next w:val="Normal" /><w:uiPriority w:val="39" /><w:unhideWhenUsed /><w:pPr>'
        f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}" /></w:tabs>'
        f'<w:spacing w:before="0" w:after="60" /><w:ind w:left="{220 * (level - 1)}" /></w:pPr></w:style>'
        for level in (1, 2, 3))
    return xml.replace("</w:styles>", firma + tocs + "</w:styles>", 1)


def _field(instr: str, shown: str, rpr: str = "") -> str:
    # the run's formatting sits inside the field: a run before it would style nothing
    return (f'<w:fldSimple w:instr=" {instr} "><w:r>{rpr}<w:t xml:space="preserve">{shown}</w:t></w:r></w:fldSimple>')


TEXT_WIDTH = 11906 - 1418 - 1134  # twips: A4 less the left and right margins of SECTION
HEADER_RPR = f'<w:rPr>{_fonts(SANS)}<w:color w:val="{BLUE}" /><w:sz w:val="17" /><w:szCs w:val="17" /></w:rPr>'
HEADER = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {W} {R}><w:p><w:pPr>'
          f'<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="4" w:color="{BLUE}" /></w:pBdr><w:jc w:val="right" /></w:pPr>'
          f'{_field("SUBJECT", "Riferimento dell&apos;atto", HEADER_RPR)}</w:p></w:hdr>')
FOOTER = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {W} {R}><w:p><w:pPr><w:jc w:val="center" /></w:pPr>'
          f'<w:r><w:t xml:space="preserve">Pagina </w:t></w:r>{_field("PAGE", "1")}'
          f'<w:r><w:t xml:space="preserve"> di </w:t></w:r>{_field("NUMPAGES", "1")}</w:p></w:ftr>')
SECTION = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdPsmHeader" />'
           '<w:footerReference w:type="default" r:id="rIdPsmFooter" />'
           '<w:footnotePr><w:numRestart w:val="eachSect" /></w:footnotePr>'
           '<w:pgSz w:w="11906" w:h="16838" /><w:pgMar w:top="1418" w:right="1134" w:bottom="1418" w:left="1418" '
           'w:header="709" w:footer="709" w:gutter="0" /></w:sectPr>')


def build_docx(target: Path) -> None:
    parts = default_data("reference.docx")
    parts["word/styles.xml"] = docx_styles(parts["word/styles.xml"].decode()).encode()
    document = parts["word/document.xml"].decode()
    document = re.sub(r"<w:sectPr>.*?</w:sectPr>", SECTION, document, flags=re.S)
    if "xmlns:r=" not in document.split(">", 2)[1]:
        document = document.replace("<w:document ", f"<w:document {R} ", 1)
    parts["word/document.xml"] = document.encode()
    parts["word/header1.xml"], parts["word/footer1.xml"] = HEADER.encode(), FOOTER.encode()
    # Word fills the Indice's page numbers (the TOC field) when the document is opened
    parts["word/settings.xml"] = re.sub(r"(<w:settings[^>]*>)", r'\1<w:updateFields w:val="true"/>',
                                        parts["word/settings.xml"].decode(), count=1).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = rels.replace("</Relationships>",
                        f'<Relationship Type="{base}/header" Id="rIdPsmHeader" Target="header1.xml" />'
                        f'<Relationship Type="{base}/footer" Id="rIdPsmFooter" Target="footer1.xml" /></Relationships>')
    parts["word/_rels/document.xml.rels"] = rels.encode()
    kind = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    types = parts["[Content_Types].xml"].decode().replace(
        "</Types>", f'<Override PartName="/word/header1.xml" ContentType="{kind}.header+xml" />'
                    f'<Override PartName="/word/footer1.xml" ContentType="{kind}.footer+xml" /></Types>')
    parts["[Content_Types].xml"] = types.encode()
    write_zip(target, parts, first="[Content_Types].xml")


# ---------------------------------------------------------------- ODT

ODT_MASTER = f"""<office:master-styles>
    <style:master-page style:name="Standard" style:page-layout-name="Mpm1">
      <style:header><text:p text:style-name="PsmHeader"><text:subject>Riferimento dell'atto</text:subject></text:p></style:header>
      <style:footer><text:p text:style-name="MP1">Pagina <text:page-number text:select-page="current">1</text:page-number> di <text:page-count>1</text:page-count></text:p></style:footer>
    </style:master-page>
  </office:master-styles>"""

ODT_AUTOMATIC = f"""<style:style style:name="PsmHeader" style:family="paragraph" style:parent-style-name="Standard">
      <style:paragraph-properties fo:text-align="end" fo:padding-bottom="0.1cm" fo:border-bottom="0.06pt solid #{BLUE}" />
      <style:text-properties style:font-name="{SANS}" fo:font-size="8.5pt" fo:color="#{BLUE}" />
    </style:style>
    <style:page-layout style:name="Mpm1">
      <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:num-format="1"
      style:print-orientation="portrait" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2.5cm"
      fo:margin-right="2cm" style:writing-mode="lr-tb" style:footnote-max-height="0cm" />
      <style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.5cm" /></style:header-style>
      <style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.5cm" /></style:footer-style>
    </style:page-layout>"""


def odt_styles(xml: str) -> str:
    xml = re.sub(r"<office:master-styles>.*?</office:master-styles>", ODT_MASTER, xml, flags=re.S)
    xml = re.sub(r'<style:page-layout style:name="Mpm1">.*?</style:page-layout>', "", xml, flags=re.S)
    xml = xml.replace("<office:automatic-styles>", "<office:automatic-styles>\n    " + ODT_AUTOMATIC, 1)
    fonts = (f'<style:font-face style:name="{SERIF}" svg:font-family="&apos;{SERIF}&apos;" style:font-family-generic="roman" />'
             f'<style:font-face style:name="{SANS}" svg:font-family="&apos;{SANS}&apos;" style:font-family-generic="swiss" />')
    xml = xml.replace("<office:font-face-decls>", "<office:font-face-decls>" + fonts, 1)
    xml = xml.replace('style:font-name="Times New Roman" fo:font-size="12pt"', f'style:font-name="{SERIF}" fo:font-size="11.5pt"', 1)
    xml = xml.replace('fo:language="en" fo:country="US"', 'fo:language="it" fo:country="IT"')
    # headings: sans, bold, institutional blue (the Heading parent style carries the face)
    xml = re.sub(r'(<style:style style:name="Heading" .*?<style:text-properties) style:font-name="Arial"',
                 lambda m: m.group(1) + f' style:font-name="{SANS}" fo:color="#{BLUE}"', xml, count=1, flags=re.S)
    xml = _add_text_properties(xml, "Table_20_Contents", 'fo:font-size="10pt"')
    xml = re.sub(r'(<style:style style:name="Table_20_Heading".*?<style:text-properties)',
                 lambda m: m.group(1) + ' fo:background-color="#E6EEF6"', xml, count=1, flags=re.S)
    # "Firma": the signatures and the formula before them stay on one page
    firma = ('<style:style style:name="Firma" style:family="paragraph" style:parent-style-name="Text_20_body" '
             'style:class="text"><style:paragraph-properties fo:keep-with-next="always" fo:keep-together="always" />'
             '</style:style>')
    contents = "".join(
        f'<style:style style:name="Contents_20_{level}" style:display-name="Contents {level}" style:family="paragraph" '
        f'style:parent-style-name="Index" style:class="index"><style:paragraph-properties '
        f'fo:margin-left="{0.4 * (level - 1):.1f}cm" fo:margin-top="0cm" fo:margin-bottom="0.1cm"><style:tab-stops>'
        f'<style:tab-stop style:position="{16.5 - 0.4 * (level - 1):.1f}cm" style:type="right" style:leader-style="dotted" '
        f'style:leader-text="." /></style:tab-stops></style:paragraph-properties></style:style>'
        for level in (1, 2, 3))
    contents += (f'<style:style style:name="Contents_20_Heading" style:display-name="Contents Heading" '
                 f'style:family="paragraph" style:parent-style-name="Heading" style:class="index">'
                 f'<style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" />'
                 f'<style:text-properties fo:font-size="16pt" fo:font-weight="bold" /></style:style>')
    return xml.replace("</office:styles>", firma + contents + "</office:styles>", 1)


def _add_text_properties(xml: str, style: str, attributes: str) -> str:
    start = xml.index(f'<style:style style:name="{style}"')
    end = xml.index("</style:style>", start)
    block = xml[start:end]
    if "<style:text-properties" in block:
        block = block.replace("<style:text-properties", f"<style:text-properties {attributes}", 1)
    else:
        block += f"<style:text-properties {attributes} />"
    return xml[:start] + block + xml[end:]


def build_odt(target: Path) -> None:
    parts = default_data("reference.odt")
    parts["styles.xml"] = odt_styles(parts["styles.xml"].decode()).encode()
    write_zip(target, parts, first="mimetype")


if __name__ == "__main__":
    build_docx(HERE / "reference.docx")
    build_odt(HERE / "reference.odt")
    print(f"wrote {HERE / 'reference.docx'} and {HERE / 'reference.odt'}")
