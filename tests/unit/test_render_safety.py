"""Chapter Markdown reaches the documents as text: no attributes, metadata, citations or Typst code.

Each safety layer is tested on its own by removing the other one: the reader's
extensions (psmctl.pandoc.READER) and the plan_text.lua filter.
"""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest

from psmctl import pandoc
from psmctl.pandoc import CHAPTER_READER, OFF, READER, chapter_markdown, convert
from psmctl.rendering.document import Rendered, write_document
from psmctl.rendering.labels import Labels

INLINE = ('[x](https://example.org){onclick="alert(1)" .evil} [s]{onclick="alert(2)"} `c`{onclick="alert(3)"}\n\n'
          '# Titolo {onclick="alert(4)" #forged .evil}\n\n'
          '```{onclick="alert(6)" .evil}\ncodice\n```\n\n'
          '| a |\n|---|\n| b |\n\n: didascalia {onclick="alert(7)" .evil}\n')
DIV = '::: {onclick="alert(5)" .evil #forged custom-style="Title"}\nnel div\n:::\n'
ATTRIBUTE = re.compile(r'<[^>]*(\sonclick=|class="[^"]*evil|id="forged")')
EMPTY_FILTER = "function Pandoc(doc) return doc end\n"


def rendered(markdown: str, title: str) -> Rendered:
    return Rendered(markdown, Labels(title, title, "Città metropolitana di Prova", title, None), 0.0)


def html_of(markdown: str, tmp_path: Path) -> str:
    out = tmp_path / "out.html"
    convert(markdown, "html", out, metadata={"pagetitle": "Piano"})
    return out.read_text(encoding="utf-8").split("<body>", 1)[-1]


def chapter_html(body: str, tmp_path: Path) -> str:
    """A chapter as the templates place it (cleaned first), converted like a document."""
    return html_of("# Capitolo\n\n" + chapter_markdown(body), tmp_path)


def pdf_text(body: str, tmp_path: Path, title: str = "Piano") -> str:
    """A chapter's text read back from the PDF (zero-width break opportunities removed)."""
    from pypdf import PdfReader

    out = tmp_path / "out.pdf"
    write_document(rendered(chapter_markdown(body), title), "pdf", out)
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    return re.sub(r"\s+", " ", text.replace("\u200b", ""))


def without_filter(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty.lua"
    empty.write_text(EMPTY_FILTER, encoding="utf-8")
    monkeypatch.setattr(pandoc, "TEXT_FILTER", empty)


def test_the_readers_have_every_extension_that_reaches_past_text_off() -> None:
    document = ("raw_html", "raw_tex", "raw_attribute", "link_attributes", "inline_code_attributes",
                "fenced_code_attributes", "header_attributes", "native_divs", "native_spans", "table_attributes",
                "yaml_metadata_block", "pandoc_title_block", "citations", "tex_math_dollars")
    for extension in document:
        assert f"-{extension}" in READER.split("markdown", 1)[1] and extension in OFF
    for extension in (*document, "fenced_divs", "bracketed_spans", "smart"):
        assert f"-{extension}" in CHAPTER_READER.split("markdown", 1)[1]


def pandoc_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The argument lists of every process psmctl starts from now on (Pandoc's runs)."""
    import subprocess

    seen: list[list[str]] = []
    real = subprocess.Popen

    def spy(args: list[str], **kwargs: object) -> object:
        seen.append(list(args))
        return real(args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", spy)  # subprocess.run starts its processes through it too
    return seen


def test_pandoc_always_runs_sandboxed_with_the_filter(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen = pandoc_runs(monkeypatch)
    convert("testo\n", "html", tmp_path / "x.html")
    chapter_markdown("testo\n")
    document, chapter = [run for run in seen if "--version" not in run][-2:]
    assert "--sandbox" in document and f"--from={READER}" in document
    assert "--sandbox" in chapter and f"--from={CHAPTER_READER}" in chapter
    assert all(f"--lua-filter={pandoc.TEXT_FILTER}" in run for run in (document, chapter))


def test_chapter_attributes_never_reach_html_through_the_reader(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    without_filter(monkeypatch, tmp_path)
    html = chapter_html(INLINE, tmp_path)
    assert not ATTRIBUTE.search(html) and "{onclick=" in html  # shown as text


def test_chapter_attributes_never_reach_html_through_the_filter(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    monkeypatch.setattr(pandoc, "CHAPTER_READER", "markdown-raw_html-raw_tex-raw_attribute")
    html = chapter_html(INLINE.replace("#forged ", "") + "\n" + DIV, tmp_path)
    assert not ATTRIBUTE.search(html) and "custom-style" not in html


def test_a_chapter_cannot_make_the_templates_divs_and_spans(tmp_path: Path) -> None:
    html = chapter_html("::: frontespizio\nfalso frontespizio\n:::\n\n[sottolineato]{.underline} "
                        "[inglese]{lang=en}\n", tmp_path)
    assert "frontespizio" not in re.findall(r"<div[^>]*>", html).__str__()
    assert "<u>" not in html and 'lang="en"' not in html and "[sottolineato]{.underline}" in html


def test_templates_keep_their_divs_and_spans(tmp_path: Path) -> None:
    html = html_of('::: {custom-style="Title"}\nTitolo\n:::\n\n[survey]{lang=en}\n', tmp_path)
    assert 'data-custom-style="Title"' in html and 'lang="en"' in html


def test_raw_html_in_a_chapter_is_text(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    without_filter(monkeypatch, tmp_path)
    html = chapter_html('<script>alert(1)</script> <img src=x onerror="alert(2)"> \\textbf{grassetto} $x^2$\n\n'
                        '```{=html}\n<b>x</b>\n```\n', tmp_path)
    assert "<script>" not in html and "<img" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;" in html and "\\textbf{grassetto} $x^2$" in html


def test_a_yaml_block_in_a_chapter_is_not_metadata(tmp_path: Path) -> None:
    markdown = "# Capitolo\n\ntesto\n\n---\ntitle: Titolo falso\nauthor: Nessuno\ntemplate: /etc/passwd\n---\n\nfine\n"
    out = tmp_path / "out.docx"
    convert(markdown, "docx", out, metadata={"title-meta": "Piano"})
    with zipfile.ZipFile(out) as docx:
        core = docx.read("docProps/core.xml").decode("utf-8")
    assert "Titolo falso" not in core and "Nessuno" not in core
    assert "Titolo falso" in pdf_text(markdown, tmp_path)  # shown as text, and the PDF builds


def test_control_characters_never_make_a_document_ill_formed(tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    convert("testo \x01\x1b[31m\x00 fine\x85\u202e\n", "docx", out, metadata={"title-meta": "Piano\x00\x07\x1b"})
    with zipfile.ZipFile(out) as docx:
        for name in ("docProps/core.xml", "word/document.xml"):
            xml = docx.read(name).decode("utf-8")
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202e]", xml), name
    assert "testo [31m fine" in pdf_text("testo \x01\x1b[31m\x00 fine\n", tmp_path, "Piano\x00\x1b")


@pytest.mark.parametrize("text", ["-? ... -- --- ~ -5 a~b 1. + = /", "@handle [@cit] @ref <etichetta>",
                                  "#set page(width: 1cm) $x^2$ // commento * _ ` a\\b"])
def test_typst_shorthands_and_citations_stay_literal(tmp_path: Path, text: str) -> None:
    assert text in pdf_text(f"Inizio {text} fine.\n", tmp_path)


def test_typst_escaping_is_the_filters(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pypdf import PdfReader

    without_filter(monkeypatch, tmp_path)  # Pandoc alone leaves Typst shorthands to Typst
    out = tmp_path / "out.pdf"
    write_document(rendered("a -? b \\.\\.\\. c \\-5\n", "Piano"), "pdf", out)
    assert "a -? b ... c -5" not in " ".join(page.extract_text() for page in PdfReader(out).pages)


def test_deep_lists_and_quotes_are_flattened(tmp_path: Path) -> None:
    deep = "".join("  " * i + "- livello\n" for i in range(120)) + "\n" + ">" * 400 + " citazione profonda\n"
    html = chapter_html(deep, tmp_path)
    assert html.count("<blockquote>") <= 8 and html.count("<ul>") <= 8
    assert "citazione profonda" in pdf_text(deep, tmp_path)


def test_long_words_do_not_stall_the_pdf(tmp_path: Path) -> None:
    started = time.perf_counter()
    text = pdf_text(("x" * 10_000 + " ") * 3 + ("y" * 5_000 + " ") * 6 + "\n", tmp_path)
    assert time.perf_counter() - started < 20 and text.count("x") >= 30_000


def test_pandoc_reads_no_file_it_was_not_given(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    without_filter(monkeypatch, tmp_path)  # the filter would drop the image before Pandoc looks
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + b"segreto" * 100)
    out = tmp_path / "out.docx"
    convert(f"![x]({secret})\n\n![y](file://{secret})\n", "docx", out)
    with zipfile.ZipFile(out) as docx:
        assert not [name for name in docx.namelist() if name.startswith("word/media/")]


def test_typst_is_stopped_when_it_runs_too_long(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from psmctl.rendering import document

    monkeypatch.setattr(document, "TYPST_SECONDS", 0.001)
    with pytest.raises(pandoc.PandocError, match="Typst took more than"):
        write_document(rendered("testo\n", "Piano"), "pdf", tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


HOSTILE_CHAPTER = ("---\ntitle: Visione\norder: 1\nrole: vision\n---\n"
                   'Vedi [il sito](https://example.org){onclick="alert(1)"} e @handle [@cit] -? ... -- ~ -5.\n\n'
                   "---\ntitle: Titolo falso\ncolumns: 1000000\n---\n\n"
                   '::: {.x onmouseover="alert(2)"}\nnel div\n:::\n')


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_a_hostile_chapter_renders_as_text(base_plan: Path, tmp_path: Path, fmt: str) -> None:
    from typer.testing import CliRunner

    from psmctl.cli import app

    (base_plan / "editions/2024-2026/chapters/01-visione.md").write_text(HOSTILE_CHAPTER, "utf-8")
    out = tmp_path / f"plan.{fmt}"
    result = CliRunner().invoke(app, ["render", "plan", "--plan", str(base_plan), "-o", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "html":
        html = out.read_text("utf-8")
        assert not re.search(r"<[^>]*\son(click|mouseover)=", html) and "<title>Titolo falso" not in html
    else:
        from pypdf import PdfReader

        text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(out).pages))
        assert "@handle [@cit] -? ... -- ~ -5." in text and "title: Titolo falso" in text


def test_long_code_and_addresses_still_make_a_pdf(tmp_path: Path) -> None:
    markdown = ("```\n" + "x" * 19_000 + "\n```\n\nCodice `" + "y" * 20_000 + "` e [collegamento](https://a.org/"
                + "r" * 10_000 + ") <https://a.org/" + "s" * 10_000 + ">\n")
    text = pdf_text(markdown, tmp_path).replace(" ", "")
    assert text.count("x") >= 19_000 and text.count("y") >= 20_000 and "collegamento" in text
