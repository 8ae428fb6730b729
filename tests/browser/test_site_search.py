"""A real search in headless Chromium: Pagefind's own JavaScript API over the built index.

The site is served on 127.0.0.1 (Pagefind reads its index with fetch, which
browsers refuse from file://); a probe page imports /pagefind/pagefind.js,
searches for an action's title with a facet, and writes the URLs it found.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import threading
from pathlib import Path

import pytest

from tests.browser.test_axe import CHROMIUM, FLAGS, INSTALL
from tests.site.test_search import indexed_site

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=f"needs Chromium: {INSTALL}")

PROBE = """<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>prova</title></head><body><script type="module">
const pagefind = await import("/pagefind/pagefind.js");
const found = await pagefind.search(%s, {filters: %s});
const urls = await Promise.all(found.results.map(async r => (await r.data()).url));
await fetch("/found?" + new URLSearchParams({urls: urls.join(" ")}));
</script></body></html>"""


def search(site: Path, query: str | None, filters: str = "{}") -> list[str]:
    """The URLs Pagefind finds, as the probe page reports them back to the test's server."""
    import json
    import queue
    from urllib.parse import parse_qs, urlsplit

    (site / "probe.html").write_text(PROBE % (json.dumps(query), filters), encoding="utf-8")
    reported: queue.Queue[str] = queue.Queue()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.startswith("/found?"):
                reported.put(parse_qs(urlsplit(self.path).query, keep_blank_values=True)["urls"][0])
            super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    flags = [f for f in FLAGS if f != "--dump-dom" and not f.startswith("--virtual-time-budget")]
    url = f"http://127.0.0.1:{server.server_address[1]}/probe.html"
    browser = subprocess.Popen([str(CHROMIUM), *flags, f"--user-data-dir={site.parent / 'profile'}", url],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return reported.get(timeout=90).split()
    finally:
        browser.kill()
        browser.wait()
        server.shutdown()
        server.server_close()


def test_searching_an_action_title_finds_its_page(tmp_path: Path) -> None:
    site = indexed_site(tmp_path)
    assert search(site, "Corridoi ecologici lungo la Dora")[0] == "/2024-2026/azioni/a-mappata/"


def test_a_facet_narrows_the_search(tmp_path: Path) -> None:
    site = indexed_site(tmp_path)
    assert search(site, None, '{"zona": "zona 10 «Chivassese»"}') == ["/2024-2026/azioni/a-mappata/"]
    assert search(site, "Fibra", '{"stato": "in corso"}') == []
