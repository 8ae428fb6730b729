"""Plan prose on the site: Markdown read by Pandoc as the documents read it, safe, each text on its own."""

from __future__ import annotations

import pytest

from psmctl.site import prose
from psmctl.site.prose import prose_html


def test_emphasis_lists_and_links_become_html() -> None:
    [html] = prose_html(["Una metropoli *policentrica* e **coesa**.\n\n- primo punto\n- secondo punto\n\n"
                         "Vedi [il sito](https://www.example.it/piano)."])
    assert "<em>policentrica</em>" in html and "<strong>coesa</strong>" in html
    assert "<ul>\n<li>primo punto</li>\n<li>secondo punto</li>\n</ul>" in html
    assert '<a href="https://www.example.it/piano">il sito</a>' in html


def test_links_lead_only_to_the_web_mail_or_the_page() -> None:
    texts = ["[a](javascript:alert(1)) [b]( JaVaScRiPt:alert()) [c](data:text/html,x) [d](file:///etc/passwd)",
             "<https://ok.example.it> [m](mailto:urp@example.it) [qui](#main) <b onclick=x>grassetto</b>"]
    refused, kept = prose_html(texts)
    assert "href" not in refused and "javascript" not in refused.lower()
    assert '<a href="https://ok.example.it"' in kept and 'href="mailto:urp@example.it"' in kept
    assert 'href="#main"' in kept and "&lt;b onclick=x&gt;grassetto&lt;/b&gt;" in kept


def test_a_heading_in_a_text_sits_under_the_page_headings() -> None:
    first, second = prose_html(["# Titolo\n\n## Sotto\n\n###### Fondo", "## Solo secondo livello\n\n### Terzo"])
    assert first.startswith("<h3>Titolo</h3>") and "<h4>Sotto</h4>" in first and "<h6>Fondo</h6>" in first
    assert second.startswith("<h3>Solo secondo livello</h3>") and "<h4>Terzo</h4>" in second
    assert " id=" not in first + second


@pytest.mark.parametrize("first", [
    "```\ncodice mai chiuso",  # a fence runs to the end of what is read
    "~~~~\ncodice mai chiuso",
    "[x]: https://altro.example.it/\n\nTesto.",  # a link definition holds for all that is read
    "(@) primo esempio",  # example numbers run on
    "Termine",  # the next text's `:` would make a definition of the separator
])
def test_a_text_never_reaches_into_the_next(first: str) -> None:
    texts = [first, "[x]\n\n(@) secondo esempio", ":   definizione", "*fine*"]
    assert prose_html(texts) == [prose_html([text])[0] for text in texts]
    assert prose_html(texts)[3] == "<p><em>fine</em></p>\n"


def test_texts_in_many_batches_keep_their_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prose, "BATCH", 2)
    out = prose_html([f"testo *{i}*" for i in range(7)])
    assert out == [f"<p>testo <em>{i}</em></p>\n" for i in range(7)]


def test_backticks_in_a_text_do_not_end_its_block() -> None:
    [html] = prose_html(["Codice ````` e ``` dentro `x`\n\n``` \nfine"])
    assert "<code>x</code>" in html and "fine" in html
