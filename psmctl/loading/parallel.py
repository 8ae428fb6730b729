"""Parse many files on every core: the parse stage dominates validating large plans.

Parsing (libyaml composition and the walk to plain values) is pure CPU and
independent per file, so large plans are parsed in forked worker processes in
chunks; the parent checks models while workers parse. Small plans — the real
ones have a few hundred files — stay in one process, where start-up matters more
(and `multiprocessing` is not even imported).

Workers are forked after the files are read, so they find their chunk in the
memory they inherit: only two numbers go to a worker, and only what the parent
lacks comes back — a YAML file's source is dropped from the result and set
again to the bytes the parent holds (issue 14: pickling it back was a fifth
of the parent's time). A chunk comes back as one `marshal` string of plain
values (dicts, lists, tuples, strings, numbers): marshal writes and reads them
about twice as fast as pickle, and it keeps interned strings interned, so the
parent holds one copy of each key and short value, as a one-process parse does.
"""

from __future__ import annotations

import marshal
import os
import sys
from dataclasses import fields
from typing import Any, Iterator

from psmctl.diagnostics import Diagnostic, Severity
from psmctl.loading.tree import Parsed, parse_file
from psmctl.loading.yamlfile import YamlDocument

PARALLEL_FROM = 1500  # files; below this a pool costs more than it saves
CHUNK = 250

Item = tuple[str, str, bytes]

_inherited: list[Item] = []  # the files being parsed, set in the parent just before the pool forks


def _parse_range(bounds: tuple[int, int]) -> bytes:
    return marshal.dumps([_plain(item, parse_file(*item)) for item in _inherited[bounds[0]:bounds[1]]])


def _plain(item: Item, parsed: Parsed) -> tuple[Any, ...]:
    """A parse result as plain values, without what the parent already holds."""
    doc, findings, body, body_line = parsed
    kept = None
    if doc is not None:
        # the whole file is restored from the parent's bytes; a chapter's front matter is kept
        source = doc.source if item[0].endswith(".md") else b""
        kept = (doc.data, source, doc.line_offset, doc.source_refs, doc.longest_text)
    shown = [tuple(_plain_value(getattr(finding, name)) for name in _FINDING_FIELDS) for finding in findings]
    return kept, shown, body, body_line


def _restored(item: Item, plain: tuple[Any, ...]) -> Parsed:
    """The parse result `_plain` made, with the file's bytes the parent holds."""
    kept, shown, body, body_line = plain
    doc = None
    if kept is not None:
        data, source, line_offset, source_refs, longest_text = kept
        doc = YamlDocument(data=data, source=source if item[0].endswith(".md") else item[2], line_offset=line_offset,
                           source_refs=source_refs, longest_text=longest_text)
    findings = [_finding(dict(zip(_FINDING_FIELDS, values))) for values in shown]
    return doc, findings, body, body_line


# A finding crosses as the tuple of its fields, the severity as its text (marshal knows no enum).
_FINDING_FIELDS = tuple(field.name for field in fields(Diagnostic))


def _plain_value(value: object) -> object:
    return value.value if isinstance(value, Severity) else value


def _finding(values: dict[str, Any]) -> Diagnostic:
    return Diagnostic(**{**values, "severity": Severity(values["severity"])})


def _workers() -> int:
    """As many workers as there are idle cores, counting this process as busy.

    Measured (issue 14): on cores other programs keep busy, workers add CPU
    (pickling results) and win no wall time, so a loaded machine parses in-process.
    """
    if sys.platform != "linux" or os.environ.get("PSMCTL_WORKERS") == "1":
        return 1  # fork is the cheap, safe start method only on Linux
    cores = len(os.sched_getaffinity(0))
    try:
        others = max(os.getloadavg()[0] - 1, 0.0)  # the one-minute load, less this process
    except OSError:  # no load average to read: assume the cores are free
        others = 0.0
    return max(1, min(int(cores - others), cores, 8))


def parse_files(items: list[Item]) -> Iterator[tuple[str, str, bytes, Parsed]]:
    """Each item with its parse result, in the order given, as soon as it is parsed.

    Files with the same bytes are parsed once (two revisions or a yearly update
    share most files); a file whose parse produced findings is parsed under
    its own name, so every finding names the right file. Results stream: the
    caller checks the first files against their models while workers still
    parse the last ones.
    """
    unique: dict[tuple[bool, bytes], Item] = {}
    for rel, path, raw in items:
        unique.setdefault((rel.endswith(".md"), raw), (rel, path, raw))
    # first occurrences come in the order of `unique`, which is the order results arrive in
    arriving = _parse_all(list(unique.values()))
    parsed: dict[tuple[bool, bytes], Parsed] = {}
    for rel, path, raw in items:
        key = (rel.endswith(".md"), raw)
        if key not in parsed:
            parsed[key] = next(arriving)
        result = parsed[key]
        if result[1] and unique[key][1] != path:
            result = parse_file(rel, path, raw)
        yield rel, path, raw, result


def _parse_all(items: list[Item]) -> Iterator[Parsed]:
    workers = _workers()
    if workers < 2 or len(items) < PARALLEL_FROM:
        yield from (parse_file(rel, path, raw) for rel, path, raw in items)
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    global _inherited
    _inherited = items
    try:
        bounds = [(start, min(start + CHUNK, len(items))) for start in range(0, len(items), CHUNK)]
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            for (start, end), chunk in zip(bounds, pool.map(_parse_range, bounds)):
                yield from (_restored(item, plain) for item, plain in zip(items[start:end], marshal.loads(chunk)))
    finally:
        _inherited = []
