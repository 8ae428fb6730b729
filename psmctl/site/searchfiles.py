"""Pagefind's index files made byte-stable: the same site always gives the same index bytes.

Pagefind writes each filter (facet) index in the order of a Rust hash map, which
is seeded afresh on every run (github.com/Pagefind/pagefind/issues/638): the
same pages give filter files with the values in another order, so other bytes,
another content hash in their names, and another `pf_meta` file naming them.
After Pagefind has run, `stabilise` rewrites what depends on that order:

* every filter file: its values sorted, each value's pages sorted;
* the `pf_meta` file: its list of filters sorted by name, naming each filter
  file by the hash of its new content;
* `pagefind-entry.json`: naming the meta file by the hash of its new content.

The files keep Pagefind's format (gzip of `pagefind_dcd` and CBOR), which the
search code in the browser decodes; only the order of equal-meaning entries and
the names derived from content change. gzip is written with no time stamp.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

from psmctl.errors import Refused

PREFIX = b"pagefind_dcd"  # every Pagefind binary file starts with it, once decompressed
# Where the `pf_meta` CBOR array keeps what the rewrite touches (Pagefind 1.x):
# [version, pages, index chunks, filters [[name, hash]], sorts, meta fields].
META_FILTERS = 3


def read(path: Path) -> Any:
    """The CBOR value of one Pagefind file."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(PREFIX):
        raise Refused(f"{path}: not a Pagefind index file", "rebuild the site; report this if it persists")
    value, end = decode(data, len(PREFIX))
    if end != len(data):
        raise Refused(f"{path}: unexpected bytes after the index data", "report this with Pagefind's version")
    return value


def write(path: Path, value: Any) -> bytes:
    """Write `value` as a Pagefind file; returns the uncompressed bytes (what the name's hash is of)."""
    data = PREFIX + encode(value)
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return data


def stabilise(output: Path) -> None:
    """Rewrite the Pagefind index in `output` (the `pagefind` folder) into its canonical bytes."""
    entry_path = output / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if not str(entry.get("version", "")).startswith("1."):
        raise Refused(f"Pagefind {entry.get('version')} writes an index whose layout psmctl does not know",
                      "install Pagefind 1.x (pip install 'pagefind[bin]>=1,<2'), or build with --no-search")
    for language in entry["languages"].values():
        meta_path = output / f"pagefind.{language['hash']}.pf_meta"
        meta = read(meta_path)
        meta[META_FILTERS] = sorted([name, _stable_filter(output / "filter" / f"{digest}.pf_filter", digest)]
                                    for name, digest in meta[META_FILTERS])
        language["hash"] = _name_by_content(meta_path, language["hash"], write(meta_path, meta))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _stable_filter(path: Path, digest: str) -> str:
    """One filter file rewritten with its values and their pages in order; the hash that now names it."""
    facet, values = read(path)
    return _name_by_content(path, digest, write(path, [facet, sorted([value, sorted(pages)] for value, pages in values)]))


def _name_by_content(path: Path, old: str, data: bytes) -> str:
    """Rename the file `path`, named by the hash `old` (`<language>_<hex>`), by the hash of `data`,
    with as many hex digits as Pagefind gives; the new hash."""
    language, _, digest = old.rpartition("_")
    new = f"{language}_{hashlib.sha256(data).hexdigest()[:len(digest)]}"
    path.rename(path.with_name(path.name.replace(old, new)))
    return new


# CBOR (RFC 8949), the subset Pagefind writes: integers, byte and text strings,
# arrays and maps of definite length, each head in its shortest form. Decoding
# and re-encoding a Pagefind file gives back its bytes (tests/site/test_searchfiles.py).

def decode(data: bytes, at: int = 0) -> tuple[Any, int]:
    """The CBOR item at `at` and where the next one starts."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        value = info
    elif info in _SIZES:
        size = _SIZES[info]
        value, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise Refused(f"CBOR head {data[at - 1]:#04x} is not one Pagefind writes", "report this with Pagefind's version")
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major in (2, 3):
        raw = data[at:at + value]
        return (raw.decode("utf-8") if major == 3 else bytes(raw)), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        table = {}
        for _ in range(value):
            key, at = decode(data, at)
            table[key], at = decode(data, at)
        return table, at
    raise Refused(f"CBOR major type {major} is not one Pagefind writes", "report this with Pagefind's version")


_SIZES = {24: 1, 25: 2, 26: 4, 27: 8}


def encode(value: Any) -> bytes:
    """`value` as CBOR, each head in its shortest form; maps with their keys in order."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"CBOR value {value!r} is not one Pagefind writes")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(value[k]) for k in sorted(value))
    raise TypeError(f"CBOR value of type {type(value).__name__} is not one Pagefind writes")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in _SIZES.items():
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError(f"CBOR argument {argument} too large")
