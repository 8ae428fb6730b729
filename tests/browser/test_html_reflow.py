"""In headless Chromium, at a phone's width: a blank to fill in stays on one line, long URLs wrap, the title's
words stay whole."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.browser.test_axe import CHROMIUM, FLAGS, INSTALL
from tests.cli.test_html_reflow import PLAN, plan_without_subject, render

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=f"needs Chromium: {INSTALL}")
WIDTHS = (390, 300)
PROBE = """<script>
window.addEventListener('load', function () {
  var lines = function (el) {
    var range = document.createRange(); range.selectNodeContents(el);
    var tops = {}; Array.prototype.forEach.call(range.getClientRects(), function (r) { tops[Math.round(r.top)] = 1; });
    return Object.keys(tops).length;
  };
  var broken = function (el) {  // the words of el whose letters fall on more than one line
    var found = [], walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), node, match, words = /\\S+/g;
    while ((node = walker.nextNode())) {
      while ((match = words.exec(node.data))) {
        var range = document.createRange(); range.setStart(node, match.index); range.setEnd(node, match.index + match[0].length);
        var tops = {}; Array.prototype.forEach.call(range.getClientRects(), function (r) { tops[Math.round(r.top)] = 1; });
        if (Object.keys(tops).length > 1) found.push(match[0]);
      }
    }
    return found;
  };
  var out = {width: window.innerWidth, scroll: document.documentElement.scrollWidth,
             blanks: Array.prototype.map.call(document.querySelectorAll('.psm-blank'), lines),
             title: broken(document.querySelector('h1'))};
  var pre = window.parent.document.createElement('pre');
  pre.className = 'probe'; pre.textContent = JSON.stringify(out);
  window.parent.document.body.appendChild(pre);
});
</script></body>"""


def probe(page: Path, folder: Path) -> list[dict[str, object]]:
    probed = folder / f"probed-{page.name}"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE, 1), encoding="utf-8")
    frames = "".join(f'<iframe title="{w} px" src="{probed.name}" style="width:{w}px;height:900px;border:0"></iframe>'
                     for w in WIDTHS)
    host = folder / f"host-{page.name}"
    host.write_text(f'<!DOCTYPE html><html lang="it"><head><title>prova</title></head><body>{frames}</body></html>',
                    encoding="utf-8")
    dom = subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={folder / 'profile'}", host.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    results = [json.loads(raw.replace("&quot;", '"').replace("&amp;", "&"))
               for raw in re.findall(r'<pre class="probe">(.*?)</pre>', dom, re.S)]
    assert len(results) == len(WIDTHS), dom[-500:]
    return results


def test_the_oggetto_blank_stays_on_one_line(tmp_path: Path) -> None:
    page = render(plan_without_subject(tmp_path), "deliberation", "html", tmp_path / "delibera.html")
    for result in probe(page, tmp_path):
        assert result["blanks"] and set(result["blanks"]) == {1}, result  # type: ignore[arg-type]
        assert int(str(result["scroll"])) <= int(str(result["width"])), result


def test_the_fonti_do_not_scroll_sideways(tmp_path: Path) -> None:
    for result in probe(render(PLAN, "plan", "html", tmp_path / "piano.html"), tmp_path):
        assert int(str(result["scroll"])) <= int(str(result["width"])), result


def test_the_title_breaks_between_words_only(tmp_path: Path) -> None:
    # the shipped plan's title at 390 and 300 px: neither «metro(poli)montana» nor «2024-2026» split in two
    for result in probe(render(PLAN, "annex", "html", tmp_path / "allegato.html"), tmp_path):
        assert result["title"] == [], result
