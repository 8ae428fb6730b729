"""Parse many files on every core: the parse stage dominates validating large plans.

Parsing (libyaml composition and the walk to plain values) is pure CPU and
independent per file, so large plans are parsed in forked worker processes in
chunks; the parent checks models while workers parse. Small plans — the real
ones have a few hundred files — stay in one process, where start-up matters more.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Iterator

from psmctl.loading.tree import Parsed, parse_file

PARALLEL_FROM = 1500  # files; below this a pool costs more than it saves
CHUNK = 250

Item = tuple[str, str, bytes]


def _parse_chunk(chunk: list[Item]) -> list[Parsed]:
    return [parse_file(rel, path, raw) for rel, path, raw in chunk]


def _workers() -> int:
    if sys.platform != "linux" or os.environ.get("PSMCTL_WORKERS") == "1":
        return 1  # fork is the cheap, safe start method only on Linux
    return min(len(os.sched_getaffinity(0)), 8)


def parse_files(items: list[Item]) -> Iterator[tuple[str, str, bytes, Parsed]]:
    """Each item with its parse result, in the order given.

    Files with the same bytes are parsed once (two revisions or a yearly update
    share most files); a file whose parse produced findings is parsed under
    its own name, so every finding names the right file.
    """
    unique: dict[tuple[bool, bytes], Item] = {}
    for rel, path, raw in items:
        unique.setdefault((rel.endswith(".md"), raw), (rel, path, raw))
    parsed = dict(zip(unique, _parse_all(list(unique.values()))))
    for rel, path, raw in items:
        result = parsed[(rel.endswith(".md"), raw)]
        if result[1] and unique[(rel.endswith(".md"), raw)][1] != path:
            result = parse_file(rel, path, raw)
        yield rel, path, raw, result


def _parse_all(items: list[Item]) -> list[Parsed]:
    workers = _workers()
    if workers < 2 or len(items) < PARALLEL_FROM:
        return [parse_file(rel, path, raw) for rel, path, raw in items]
    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        return [result for results in pool.map(_parse_chunk, chunks) for result in results]
