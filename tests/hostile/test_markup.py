"""Markdown, HTML, attribute, Pandoc and Jinja syntax in every text field stays text in every format."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.hostile.harness import html_problems, leftovers, package_problems, psmctl, snapshot
from tests.hostile.plans import hostile_plan, rotated

MARKUP = [
    "<img src=x onerror=zqx()>",
    "<details open ontoggle=zqx()>testo</details>",
    "[testo]{.classe zqx=1 onpointerenter=zqx}",
    "[link](javascript:zqx(1)) e [altro](data:text/html;base64,PHNjcmlwdD4=)",
    "![immagine](x.png){onload=zqx}",
    "`<svg/onload=zqx>`{=html}",
    "<!-- nascosto --><style>*{zqx:1}</style>",
    "{{ zqx.__class__.__mro__ }} {% raw %}{% endraw %}",
    "{% for i in range(99999999) %}zqx{% endfor %}",
    "Nota^[una nota zqx] e citazione [@zqx; @altro] e @zqx",
    "Termine\n:   definizione zqx",
    "| a | b |\n|---|---|\n| <b zqx=1> | c |",
    "&lt;script&gt;zqx&lt;/script&gt; &#60;script&#62;",
    "<a href=\"//evil.example/zqx\" onmouseover=\"zqx\">x</a>",
    "</title></head><body onload=zqx()>",
]
# Only the chapter body is Markdown with blocks; these shapes need a paragraph of their own there.
BLOCKS = [
    "```{=html}\n<script>zqx()</script>\n```",
    "```{=openxml}\n<w:p><w:r><w:t>zqx</w:t></w:r></w:p>\n```",
    "::: {#zqx .warning onclick=zqx}\ntesto\n:::",
    "| verso zqx\n|    rientrato",
    "<div onmouseover=\"zqx()\">\n\n*testo*\n\n</div>",
    "---\ntitle: zqx\nheader-includes: <script>zqx()</script>\n---",
    "# Titolo {#zqx onclick=zqx}",
]
CASES = [("plan", "html", 0), ("plan", "docx", 5), ("plan", "odt", 9), ("annex", "docx", 3),
         ("annex", "html", 7), ("deliberation", "html", 11), ("deliberation", "odt", 2)]


def _texts(shift: int) -> dict[str, str]:
    texts = rotated(MARKUP, shift)
    texts["chapter_body"] = "\n\n".join(BLOCKS + MARKUP)
    return texts


@pytest.mark.parametrize(("what", "fmt", "shift"), CASES)
def test_markup_in_text_fields_stays_text(tmp_path: Path, what: str, fmt: str, shift: int) -> None:
    plan = hostile_plan(tmp_path, _texts(shift))
    before = snapshot(plan)
    out = tmp_path / "out" / f"doc.{fmt}"
    run = psmctl(["render", what, "--plan", str(plan), "-f", fmt, "-o", str(out)], tmp_path)
    assert run.code == 0, run.text
    data = out.read_bytes()
    problems = html_problems(data.decode("utf-8")) if fmt == "html" else package_problems(data)
    assert problems == []
    assert snapshot(plan) == before
    assert leftovers(plan, out.parent) == [] and list((tmp_path / "tmp").iterdir()) == []


TYPST = [
    '#("ZQ" + "XW")',
    '#set page(fill: red) #text(fill: red)[ZQXV]',
    "$ZQ^XU$ e $ x = 1 $",
    "<zqx> @zqx \\ riga",
    '#read("/etc/passwd")',
    "#{ let x = \"ZQ\"; x + \"XT\" }",
    "#import \"/etc/hostname\": *",
    "-? ... -- --- ~ ' \" * _ ` \\#",
]


@pytest.mark.slow
def test_typst_syntax_in_text_fields_is_printed_not_run(tmp_path: Path) -> None:
    texts = rotated(TYPST, 0)
    texts["chapter_body"] = "\n\n".join(TYPST + ["= Titolo Typst", "```typ\n#panic(\"zqx\")\n```"])
    plan = hostile_plan(tmp_path, texts)
    out = tmp_path / "out" / "piano.pdf"
    run = psmctl(["render", "plan", "--plan", str(plan), "-o", str(out)], tmp_path)
    assert run.code == 0, run.text
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, check=True,
                          timeout=30).stdout.decode("utf-8")
    flat = " ".join(text.split())
    for executed in ("ZQXW", "ZQXT", "root:"):
        assert executed not in flat
    for literal in ('#(', 'ZQ» + «XW»)', "#read(", "$ZQ^XU$", "@zqx", "-? ... --"):
        assert literal in flat, literal
    assert leftovers(plan, out.parent) == [] and list((tmp_path / "tmp").iterdir()) == []


_CSS_STRING = re.compile(r'"[^"\n]*"')
BREAKOUT = 'Prova"; } body { background: url(//evil.example/zqx) } p { content: "\n} html { display: none } {'


def _style(html: str) -> str:
    """The page's style with its strings emptied: what a text in a CSS string must not change."""
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    return _CSS_STRING.sub('""', style)


@pytest.mark.parametrize("what", ["plan", "deliberation"])
def test_document_labels_stay_inside_their_attribute_and_css_string(tmp_path: Path, what: str) -> None:
    plain = hostile_plan(tmp_path / "plain", {})
    psmctl(["render", what, "--plan", str(plain), "-o", str(tmp_path / "plain.html")], tmp_path)
    plan = hostile_plan(tmp_path / "hostile", {"body_name": BREAKOUT, "deliberation_subject": BREAKOUT,
                                               "edition_title": BREAKOUT, "deliberation_decision": BREAKOUT})
    run = psmctl(["render", what, "--plan", str(plan), "-o", str(tmp_path / "doc.html")], tmp_path)
    assert run.code == 0, run.text
    html = (tmp_path / "doc.html").read_text("utf-8")
    assert html_problems(html) == []
    assert _style(html) == _style((tmp_path / "plain.html").read_text("utf-8"))
