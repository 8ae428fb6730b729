"""Every HTML document in headless Chromium: axe-core (WCAG 2.1 AA) and no horizontal scroll.

Each document is loaded in two frames, 1280 px and 390 px wide (a phone; headless
Chromium will not make a window narrower than 500 px, a frame can be). Runs when
Chromium and axe-core are present; `.ci/run` installs both, so CI always runs it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from psmctl.cli import app

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "plan"
AXE = Path(os.environ.get("PSMCTL_AXE_CORE", ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
INSTALL = "apt-get install chromium && npm install --prefix .ci axe-core@4 (or run .ci/run)"
WIDTHS = (1280, 390)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--allow-file-access-from-files", "--window-size=1400,1000", "--virtual-time-budget=30000", "--dump-dom"]
PROBE = """<script src="%s"></script><script>
window.addEventListener('load', function () {
  axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(function (r) {
    var out = {width: window.innerWidth, scroll: document.documentElement.scrollWidth,
               violations: r.violations.map(function (v) {
                 return {id: v.id, nodes: v.nodes.map(function (n) { return n.target.join(' '); })}; })};
    var pre = window.parent.document.createElement('pre');
    pre.className = 'axe-result'; pre.textContent = JSON.stringify(out);
    window.parent.document.body.appendChild(pre);
  });
});
</script></body>"""

pytestmark = pytest.mark.skipif(CHROMIUM is None or not AXE.is_file(), reason=f"needs Chromium and axe-core: {INSTALL}")


def render(kind: str, out: Path) -> Path:
    if kind == "revision":
        args = ["diff", "2021-2023", "2024-2026", "--plan", str(PLAN), "-f", "html", "-o", str(out)]
    elif kind == "monitoring":  # plan/ has no monitoring round: the synthetic example has three
        args = ["render", kind, "--plan", str(ROOT / "examples" / "synthetic-plan"), "-f", "html", "-o", str(out)]
    else:
        args = ["render", kind, "--plan", str(PLAN), "-f", "html", "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


def audit(page: Path, folder: Path) -> list[dict[str, object]]:
    probed = folder / f"probed-{page.name}"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE % AXE.as_uri(), 1), encoding="utf-8")
    frames = "".join(f'<iframe title="{w} px" src="{probed.name}" style="width:{w}px;height:900px;border:0"></iframe>'
                     for w in WIDTHS)
    host = folder / f"host-{page.name}"
    host.write_text(f'<!DOCTYPE html><html lang="it"><head><title>prova</title></head><body>{frames}</body></html>',
                    encoding="utf-8")
    profile = folder / f"profile-{page.stem}"
    dom = subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", host.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    results = [json.loads(raw.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
               for raw in re.findall(r'<pre class="axe-result">(.*?)</pre>', dom, re.S)]
    assert len(results) == len(WIDTHS), f"axe did not report for every frame: {dom[-500:]}"
    return sorted(results, key=lambda r: -int(str(r["width"])))


@pytest.mark.parametrize("kind", ["annex", "plan", "deliberation", "revision", "monitoring"])
def test_html_document_has_no_axe_violation_and_no_horizontal_scroll(tmp_path: Path, kind: str) -> None:
    results = audit(render(kind, tmp_path / f"{kind}.html"), tmp_path)
    assert [r["width"] for r in results] == list(WIDTHS)
    for result in results:
        assert result["violations"] == [], f"{kind} at {result['width']} px: {result['violations']}"
        assert int(str(result["scroll"])) <= int(str(result["width"])), f"{kind} scrolls sideways at {result['width']} px"
