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
    """Each item with its parse result, in the order given."""
    workers = _workers()
    if workers < 2 or len(items) < PARALLEL_FROM:
        for rel, path, raw in items:
            yield rel, path, raw, parse_file(rel, path, raw)
        return
    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        for chunk, results in zip(chunks, pool.map(_parse_chunk, chunks)):
            for (rel, path, raw), parsed in zip(chunk, results):
                yield rel, path, raw, parsed
