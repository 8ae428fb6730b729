"""The one Pandoc step shared by `render` and `diff`: Markdown in, a document out.

Pandoc comes from pypandoc-binary, so `pip install` is the whole set-up.
It always runs with `--sandbox` (no access to files we did not name: an image
link in plan text cannot embed a system file), with every reader extension
that lets text turn into code, metadata or attributes off, behind the
plan_text.lua filter, and with a fixed SOURCE_DATE_EPOCH so that the same
input gives the same bytes. Output is written to a temporary file and renamed into
place, so a failed conversion never leaves half a document.
"""

from __future__ import annotations

import math
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from psmctl.errors import Refused
from psmctl.escaping import document_text
from psmctl.interrupts import held
from psmctl.writing import publish, target_of

# Plan text is escaped by the templates; switching these off in the reader is
# the second wall (DESIGN §7): no raw HTML/TeX or math; no attributes on links,
# code, headings or tables; no YAML or title block turning into document
# metadata (only what psmctl passes with --metadata); no citations (`@name` is
# text). Fenced divs and bracketed spans stay on: the templates use them for
# layout and languages; smart punctuation too, for the templates' own words
# (plan text reaches it escaped, so `...` and `--` in it stay as written).
OFF = ("raw_html", "raw_tex", "raw_attribute", "tex_math_dollars", "tex_math_single_backslash",
       "latex_macros", "link_attributes", "inline_code_attributes", "fenced_code_attributes",
       "header_attributes", "native_divs", "native_spans", "table_attributes",
       "yaml_metadata_block", "pandoc_title_block", "citations")
READER = "markdown" + "".join(f"-{extension}" for extension in OFF)
# Chapters are Markdown written by people, read before they enter a template
# with divs and spans off too, then written back as Markdown whose every text
# sign is escaped (chapter_markdown): a chapter can hold text, emphasis,
# lists, tables, code, links and headings, and nothing the templates use.
CHAPTER_OFF = (*OFF, "fenced_divs", "bracketed_spans", "smart")
CHAPTER_READER = "markdown" + "".join(f"-{extension}" for extension in CHAPTER_OFF)
# 3.1.4 fixed arbitrary file writes through --extract-media (CVE-2023-35936);
# 3.1.6 fixed the follow-up (CVE-2023-38745).
MINIMUM_VERSION = (3, 1, 6)
# Pandoc's Markdown reader is superlinear on some inputs (thousands of unclosed
# '[' in a paragraph took minutes): a conversion that runs longer is refused.
# The shipped plan converts in about a second. The limit is Pandoc's CPU time,
# not the clock: on a shared machine (load 20 on 2 cores) a 1,000-action
# monitoring report took 5 s of CPU and 23 s of wall time, and a wall-clock
# limit refused it. A large document gets more time, linearly (Pandoc needs
# about 4.5 s of CPU per MB to DOCX); the clock only stops a process that
# waits on nothing, at WALL_FACTOR times the limit.
MAX_SECONDS = 15.0
SECONDS_PER_MB = 10.0
WALL_FACTOR = 6.0
EPOCH = "1704067200"  # 2024-01-01T00:00:00Z: fixed, so documents are byte-stable

TEXT_FILTER = Path(__file__).with_name("plan_text.lua")

WRITERS = {"docx": "docx", "odt": "odt", "html": "html5", "md": "gfm", "typst": "typst",
           "fragment": "html5"}  # fragment: HTML body only, for the site's chapter pages


class PandocError(Refused):
    """Pandoc is missing, too old, or failed on a document."""


def pandoc_path() -> str:
    """$PYPANDOC_PANDOC, else the binary of pypandoc-binary; pypandoc's own search only without either.

    pypandoc's search asks every candidate for its version (a process each):
    the bundled binary is found without it, and is the Pandoc psmctl is tested with.
    """
    from psmctl.pandocprobe import bundled_pandoc

    found = bundled_pandoc()
    if found is not None:
        return found
    import pypandoc

    try:
        return str(pypandoc.get_pandoc_path())
    except OSError as exc:
        raise PandocError("Pandoc is not available; reinstall with `make demo` (pypandoc-binary)") from exc


def pandoc_version() -> tuple[int, ...]:
    from psmctl.pandocprobe import probed_version

    return probed_version(pandoc_path())


def check_version() -> None:
    version = pandoc_version()
    if version < MINIMUM_VERSION:
        wanted = ".".join(map(str, MINIMUM_VERSION))
        raise PandocError(f"Pandoc {'.'.join(map(str, version))} is too old; psmctl needs {wanted} or newer")


@dataclass(frozen=True)
class ReadDocument:
    """A document Pandoc has read once, as its JSON AST: the metadata set and plan text's rules that
    hold in every format applied (plan_text.lua). Each writer starts from it, so a document written
    in several formats is read, and its plan text checked, only once."""

    ast: bytes


def read_document(markdown: str, metadata: dict[str, str] | None = None) -> ReadDocument:
    """The template's Markdown read by Pandoc, ready for `convert` to any format."""
    check_version()
    args = [pandoc_path(), "--sandbox", f"--from={READER}", "--to=json", f"--lua-filter={TEXT_FILTER}",
            *_metadata_args(metadata)]
    return ReadDocument(_run(args, _input(markdown), {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}))


def convert(
    source: str | ReadDocument,
    to: str,
    output: Path,
    *,
    reference_doc: Path | None = None,
    template: Path | None = None,
    metadata: dict[str, str] | None = None,
    toc: bool = False,
    extra_args: Sequence[str] = (),
    resource_dir: Path | None = None,
    epoch: int | None = None,
    filters: Sequence[Path] = (),
) -> None:
    """Convert `source` to format `to` (a key of WRITERS) and write `output` atomically.

    `source` is Markdown, read here with `metadata`, or a document `read_document` read
    (with its metadata). `epoch` is the document's own date (seconds since 1970): DOCX/ODT
    record it as their creation date; without it the fixed EPOCH keeps the output byte-stable.
    `filters` are Lua filters that run before plan_text.lua, which always has the last word.
    """
    if to not in WRITERS:
        raise PandocError(f"unknown output format {to!r}")
    if isinstance(source, ReadDocument) and metadata:
        raise ValueError("a document already read carries its metadata")
    check_version()
    output = target_of(output)
    # the same filter both ways: read from JSON, it applies only the rules of the output format
    reading = ["--from=json"] if isinstance(source, ReadDocument) else [f"--from={READER}", *_metadata_args(metadata)]
    args = [pandoc_path(), "--sandbox", *reading, f"--to={WRITERS[to]}",
            *(f"--lua-filter={f.resolve()}" for f in filters), f"--lua-filter={TEXT_FILTER}"]
    if to in ("html", "typst"):
        args.append("--standalone")
    if toc:
        args.append("--toc")
    if reference_doc is not None:
        args.append(f"--reference-doc={reference_doc.resolve()}")
    if template is not None:
        args.append(f"--template={template.resolve()}")
    if resource_dir is not None:
        args.append(f"--resource-path={resource_dir.resolve()}")
    args.extend(extra_args)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch) if epoch is not None else EPOCH}
    temp: Path | None = None
    try:
        with held():
            fd, temp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=f".{to}", dir=output.parent)
            temp = Path(temp_name)
        os.close(fd)
        _run([*args, f"--output={temp}"], source.ast if isinstance(source, ReadDocument) else _input(source), env)
        publish(temp, output)
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def _metadata_args(metadata: dict[str, str] | None) -> list[str]:
    return [f"--metadata={key}:{document_text(value)}" for key, value in sorted((metadata or {}).items())]


def _input(markdown: str) -> bytes:
    return document_text(markdown).encode("utf-8")


def chapter_markdown(body: str) -> str:
    """A chapter's Markdown made safe to place in a template: only text, emphasis, lists, tables,
    code, links and headings survive, every text sign escaped (psmctl/plan_text.lua)."""
    check_version()
    # written for READER, less smart: quotes stay plain for the document's smart punctuation to set
    args = [pandoc_path(), "--sandbox", f"--from={CHAPTER_READER}", f"--to={READER}-smart", "--wrap=preserve",
            f"--lua-filter={TEXT_FILTER}"]
    from psmctl.pandocprobe import kept_output

    # a pure function of Pandoc, its arguments and the text: the next render reuses it
    return kept_output(args, body, lambda: _run(args, _input(body), {**os.environ, "SOURCE_DATE_EPOCH": EPOCH})).decode("utf-8")


def time_limit(size: int) -> float:
    """Seconds of CPU Pandoc may take on `size` bytes of input."""
    return MAX_SECONDS + SECONDS_PER_MB * size / 1_000_000


def _run(args: list[str], data: bytes, env: dict[str, str]) -> bytes:
    limit = time_limit(len(data))
    process: subprocess.Popen[bytes] | None = None
    try:
        with held():  # Popen interrupted after the fork would lose the child: nothing could stop it
            process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       env=env, preexec_fn=_cpu_limit(limit))
        stdout, stderr = process.communicate(data, timeout=limit * WALL_FACTOR)
    except BaseException as exc:
        # Pandoc is stopped and reaped before anything is cleaned up: left running after Ctrl-C
        # or SIGTERM (subprocess.run waits for it only briefly), it writes into folders being removed.
        if process is not None:
            process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
        if isinstance(exc, subprocess.TimeoutExpired):
            raise _too_long(limit) from None
        raise
    if process.returncode in _STOPPED_BY_LIMIT:
        raise _too_long(limit)
    if process.returncode != 0:
        raise PandocError(f"Pandoc failed ({process.returncode}): {stderr.decode('utf-8', 'replace').strip()}")
    return stdout


def _cpu_limit(seconds: float) -> Callable[[], None] | None:
    """What the child runs before Pandoc: the kernel stops it after `seconds` of CPU (SIGXCPU, then
    SIGKILL a second later). Nothing where there is no RLIMIT_CPU (not POSIX): the clock alone."""
    try:
        import resource
    except ImportError:
        return None
    soft = max(1, math.ceil(seconds))

    def limit() -> None:  # runs in the forked child: only a system call, no Python state touched
        resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))

    return limit


def _stopped_by_limit() -> frozenset[int]:
    import signal

    return frozenset(-getattr(signal, name) for name in ("SIGXCPU", "SIGKILL") if hasattr(signal, name))


_STOPPED_BY_LIMIT = _stopped_by_limit()


def _too_long(limit: float) -> PandocError:
    return PandocError(f"Pandoc took more than {limit:g} seconds on this document and was stopped; "
                       "a chapter may hold Markdown it reads very slowly (run `psmctl validate`)")
