"""What every hostile case runs and checks: a psmctl process with a timeout, and the bars of issue 13.

The bars: exit code 0/1/2 (or a signal's 130/143), never 3 (a traceback); no hang past
TIMEOUT seconds; the plan folder byte-identical unless the command is meant to write it;
no temp file left in the plan, the output folder or $TMPDIR; output formats carrying
plan text only as text.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from tests.conftest import FIXTURES, build_case

TIMEOUT = 30
ALLOWED_EXITS = {0, 1, 2, 130, 143}
MARK = "zqx"  # every injected tag, attribute or handler carries it; plan text may show it only as text
_TEMP_NAMES = re.compile(r"(^\.|\.tmp$|^psmctl-|\.NEW\.|\.journal)")
# attributes whose value is text for people: plan text may be there, escaped
TEXT_ATTRIBUTES = {"content", "title", "alt", "aria-label"}
_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)


@dataclass
class Run:
    code: int
    stdout: bytes
    stderr: bytes

    @property
    def text(self) -> str:
        return (self.stdout + self.stderr).decode("utf-8", "replace")


def base_plan(tmp_path: Path) -> Path:
    return build_case(FIXTURES / "valid" / "base", tmp_path / "plan")


def yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON strings are YAML flow scalars)."""
    return json.dumps(text, ensure_ascii=True)


def psmctl(args: list[str], cwd: Path, timeout: float = TIMEOUT, stdin: bytes | None = None,
           env: dict[str, str] | None = None) -> Run:
    """Run psmctl in a fresh process with its own $TMPDIR (cwd/tmp), as a user would."""
    tmp = cwd / "tmp"
    tmp.mkdir(exist_ok=True)
    environment = {**os.environ, "TMPDIR": str(tmp), "NO_COLOR": "1", "COLUMNS": "100", **(env or {})}
    try:
        done = subprocess.run([sys.executable, "-m", "psmctl", *args], cwd=cwd, capture_output=True,
                              timeout=timeout, input=stdin, env=environment)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"psmctl {args} ran past {timeout} s") from exc
    run = Run(done.returncode, done.stdout, done.stderr)
    assert run.code in ALLOWED_EXITS, f"exit {run.code}: {run.text[-2000:]}"
    assert b"Traceback" not in run.stderr, run.text[-2000:]
    return run


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file's bytes and every link's target, by relative path."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            files[rel] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            files[rel] = path.read_bytes()
    return files


def leftovers(*folders: Path) -> list[str]:
    """Temp files psmctl may have left: hidden or psmctl-named entries, .tmp files, journals."""
    found = []
    for folder in folders:
        if folder.is_dir():
            found += [str(p) for p in folder.rglob("*") if _TEMP_NAMES.search(p.name) and p.name != ".keep"]
    return found


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if MARK in tag.lower() or tag.lower() in {"script", "iframe", "object", "embed", "base", "form"}:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if MARK in name.lower() or name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            # ids and in-page links are made from heading text: harmless as long as they stay values
            internal = name.lower() == "id" or (name.lower() == "href" and value is not None and value.startswith("#"))
            if value and MARK in value.lower() and not internal and name.lower() not in TEXT_ATTRIBUTES:
                self.problems.append(f"<{tag} {name}={value[:80]!r}>")
            if tag.lower() == "img" and name.lower() == "src" and value and value.startswith(_SVG_IMAGE):
                # a chart psmctl drew: its labels are plan text, so the SVG is checked like a document
                self.problems += svg_problems(base64.b64decode(value[len(_SVG_IMAGE):]))
            elif value and name.lower() in {"href", "src", "action", "formaction", "xlink:href"} \
                    and _SCRIPT_URL.match(value):
                self.problems.append(f"<{tag} {name}={value[:80]!r}>")
            if name.lower() == "style" and value and MARK in value.lower():
                self.problems.append(f"<{tag} style=…>")


_SVG_IMAGE = "data:image/svg+xml;base64,"


def svg_problems(svg: bytes) -> list[str]:
    """An SVG image: well-formed, with no script, handler, link or element from plan text."""
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError as exc:
        return [f"svg: {exc}"]
    problems = []
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1].lower()
        if MARK in name or name in {"script", "foreignobject", "a", "iframe"}:
            problems.append(f"svg: <{name}>")
        for key, value in element.attrib.items():
            local = key.rsplit("}", 1)[-1].lower()
            if MARK in local or local.startswith("on") or (local == "href" and not value.startswith("#")):
                problems.append(f"svg: <{name} {local}=…>")
    return problems


def html_problems(html: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    return parser.problems + template_syntax(html)


def template_syntax(text: str) -> list[str]:
    """Attribute syntax of the shipped templates printed as text: the reader did not take it."""
    return [f"printed {sign}" for sign in ("{.unlisted", "{.unnumbered", "{.underline") if sign in text]


_OOXML_LINK = re.compile(r'Target="([^"]*)"')


def package_problems(data: bytes) -> list[str]:
    """A DOCX/ODT: every XML part well-formed, no element or attribute from plan text, no script link."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            xml = package.read(name)
            try:
                root = ElementTree.fromstring(xml)
            except ElementTree.ParseError as exc:
                problems.append(f"{name}: {exc}")
                continue
            for element in root.iter():
                if MARK in element.tag.lower():
                    problems.append(f"{name}: element {element.tag}")
                for key, value in element.attrib.items():
                    if MARK in key.lower():
                        problems.append(f"{name}: attribute {key}")
                    if key.rsplit("}", 1)[-1] in {"Target", "href"} and _SCRIPT_URL.match(value):
                        problems.append(f"{name}: link {value[:80]}")
    return problems


def formula_cells(csv_text: str) -> list[str]:
    import csv

    return [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.match(cell)]


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
