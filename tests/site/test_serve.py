"""psmctl site serve: loopback only, serves the built site, rebuilds on change, keeps the last good site."""

from __future__ import annotations

import threading
import urllib.request
from pathlib import Path

from psmctl.site.build import Options
from psmctl.site.serve import HOST, Preview
from tests.site.test_build import two_editions


def _load(root: Path) -> object:
    from psmctl.cli.site import _checked_plan

    return _checked_plan(root)


def test_preview_rebuilds_on_change_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    plan = two_editions(tmp_path / "plan")
    preview = Preview(plan, tmp_path / "site", Options(documents=False, search=False), _load)
    assert preview.rebuild() and not preview.changed()
    action = plan / "editions" / "2024-2026" / "actions" / "a-fibra.yaml"
    action.write_text(action.read_text("utf-8").replace("Fibra nelle aree montane", "Fibra ovunque"), "utf-8")
    assert preview.changed() and preview.rebuild()
    page = tmp_path / "site" / "2024-2026" / "azioni" / "a-fibra" / "index.html"
    assert "Fibra ovunque" in page.read_text("utf-8")
    action.write_text("kind: action\nid: [broken\n", "utf-8")
    assert not preview.rebuild()
    assert "Fibra ovunque" in page.read_text("utf-8")


def test_the_server_listens_on_loopback_and_serves_the_site(tmp_path: Path) -> None:
    plan = two_editions(tmp_path / "plan")
    preview = Preview(plan, tmp_path / "site", Options(documents=False, search=False), _load)
    preview.rebuild()
    server = preview.server(0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == HOST == "127.0.0.1"
        with urllib.request.urlopen(f"http://{HOST}:{port}/2024-2026/azioni/a-fibra/index.html", timeout=10) as reply:
            assert "Fibra nelle aree montane" in reply.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()
