"""Read a built Pagefind index back, for the tests: the pages' fragments (JSON) and their facets."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from psmctl.site.searchfiles import PREFIX


def _read(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(PREFIX), path
    return data[len(PREFIX):]


def fragments(site: Path) -> list[dict[str, Any]]:
    return [json.loads(_read(p)) for p in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))]


def filters(site: Path) -> dict[str, dict[str, set[str]]]:
    """facet → value → the URLs of the pages that carry it, from the pages' fragments."""
    out: dict[str, dict[str, set[str]]] = {}
    for fragment in fragments(site):
        for facet, values in fragment.get("filters", {}).items():
            for value in values:
                out.setdefault(facet, {}).setdefault(value, set()).add(fragment["url"])
    return out
