"""HTML documents reflow to any width with no hint in their text: URLs shown as they are, blanks kept whole.

The word processors and Typst get zero-width spaces in the URLs the Fonti show
(break points they would not find); a page gets none, so a copied address is
the address, and its CSS wraps links anywhere instead. A blank to fill in by
hand is a span the page keeps on one line.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from psmctl.cli import app

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "plan"
ZWSP = "\u200b"


def render(plan: Path, kind: str, fmt: str, out: Path) -> Path:
    result = CliRunner().invoke(app, ["render", kind, "--plan", str(plan), "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[list[str]] = []  # [href, text]
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open = [dict(attrs).get("href") or "", ""]

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append(self._open)
            self._open = None


def plan_without_subject(tmp_path: Path) -> Path:
    """The shipped plan, its deliberation with no subject: the OGGETTO is a blank to fill in."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    for path in plan.glob("editions/*/deliberations/*.yaml"):
        path.write_text(re.sub(r"subject: >-\n(?:  .*\n)+", "", path.read_text("utf-8")), "utf-8")
    return plan


def test_the_urls_an_html_document_shows_are_the_urls(tmp_path: Path) -> None:
    html = render(PLAN, "plan", "html", tmp_path / "plan.html").read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(html)
    shown = [(href, text) for href, text in parser.links if text.startswith("http")]
    assert len(shown) > 5
    assert [(href, text) for href, text in shown if text != href] == []
    assert ZWSP not in html
    assert re.search(r"\ba \{[^}]*overflow-wrap: anywhere", html)


def test_the_word_processors_keep_their_break_points(tmp_path: Path) -> None:
    docx = render(PLAN, "plan", "docx", tmp_path / "plan.docx")
    with zipfile.ZipFile(docx) as package:
        assert ZWSP in package.read("word/document.xml").decode("utf-8")


def test_a_blank_in_an_html_document_is_kept_whole(tmp_path: Path) -> None:
    html = render(plan_without_subject(tmp_path), "deliberation", "html", tmp_path / "delibera.html")
    text = html.read_text(encoding="utf-8")
    assert '<strong>OGGETTO:</strong> <span class="psm-blank">' + "_" * 40 + "</span>" in text
    assert re.search(r"\.psm-blank \{[^}]*white-space: nowrap", text)
