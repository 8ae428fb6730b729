"""Read a built Pagefind index back: fragments (JSON) and filter indexes (CBOR), for the tests.

Pagefind's files are gzip with a `pagefind_dcd` prefix. The filter indexes come
out in a different order on each run (a hash map inside Pagefind, see
github.com/Pagefind/pagefind/issues/638), so they are compared decoded, as sets.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

PREFIX = b"pagefind_dcd"


def _read(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(PREFIX), path
    return data[len(PREFIX):]


def fragments(site: Path) -> list[dict[str, Any]]:
    return [json.loads(_read(p)) for p in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))]


def _cbor(data: bytes, at: int) -> tuple[Any, int]:
    """The CBOR item at `at` and where the next one starts (the subset Pagefind writes)."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        value = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        value, at = int.from_bytes(data[at:at + size], "big"), at + size
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major in (2, 3):
        raw = data[at:at + value]
        return (raw.decode("utf-8") if major == 3 else raw), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _cbor(data, at)
            items.append(item)
        return items, at
    if major == 5:
        table = {}
        for _ in range(value):
            key, at = _cbor(data, at)
            table[key], at = _cbor(data, at)
        return table, at
    raise ValueError(f"CBOR major type {major} not expected in a Pagefind filter index")


def filters(site: Path) -> dict[str, dict[str, set[str]]]:
    """facet → value → the URLs of the pages that carry it, from the pages' fragments."""
    out: dict[str, dict[str, set[str]]] = {}
    for fragment in fragments(site):
        for facet, values in fragment.get("filters", {}).items():
            for value in values:
                out.setdefault(facet, {}).setdefault(value, set()).add(fragment["url"])
    return out


def filter_index(site: Path) -> list[Any]:
    """Every filter index file decoded, as a sorted list of (facet, value, pages) for comparison."""
    rows = []
    for path in (site / "pagefind" / "filter").glob("*.pf_filter"):
        item, _ = _cbor(_read(path), 0)
        facet, values = item
        rows += [(facet, value, tuple(sorted(pages))) for value, pages in values]
    return sorted(rows)
