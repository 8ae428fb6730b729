"""Canonical formatting of plan files that keeps every comment and every value.

ruamel.yaml round-trip (YAML 1.2) re-emits a file with its comments and the
quoting the author chose; keys are put in the order of the file kind's model
(``kind``, ``id``, ``code``, ``parent``, ``title`` first, provenance last,
unknown keys kept after the known ones). The result is re-read with the
project loader and compared with the original: if any value differs, the file
is refused rather than written. Chapters: only the front matter is formatted,
the Markdown body is left byte for byte.
"""

from __future__ import annotations

import io
import os
import re
import types
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel

from psmctl.errors import Refused
from psmctl.loading.files import Skipped

LEADING = ("kind", "id", "key", "code", "parent", "title")
PROVENANCE = ("uncertain", "sources", "notes")  # last in elements, as the shipped plan writes them
WIDTH = 120  # the shipped plan folds its text near 100 columns, deeper lines run longer
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


class FormatRefused(Refused):
    """A file that cannot be formatted safely; the message says why."""


@lru_cache(maxsize=None)
def canonical_order(model: type[BaseModel]) -> tuple[str, ...]:
    """Key order for a model: leading identity keys, own fields, provenance."""
    from psmctl.model.registries import Registry

    fields = list(model.model_fields)
    head = [k for k in LEADING if k in fields]
    tail = [k for k in PROVENANCE if k in fields]
    middle = [k for k in fields if k not in head and k not in tail]
    if issubclass(model, Registry):
        # A registry's header (completeness, provenance) reads before its long lists.
        lists = [k for k in middle if typing.get_origin(model.model_fields[k].annotation) is list]
        scalars = [k for k in middle if k not in lists]
        return tuple(head + scalars + tail + lists)
    return tuple(head + middle + tail)


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (directly, optionally or as list items), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return None
    for arg in typing.get_args(annotation):
        found = nested_model(arg)
        if found is not None:
            return found
    return None


def reorder(node: Any, model: type[BaseModel] | None) -> None:
    """Put the keys of `node` (and of nested mappings the model describes) in canonical order."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedSeq):
        for item in node:
            reorder(item, model)
        return
    if not isinstance(node, CommentedMap) or model is None:
        return
    order = canonical_order(model)
    known = [k for k in order if k in node]
    unknown = [k for k in node if k not in order]
    for key in known + unknown:
        node.move_to_end(key)  # comments are stored per key, so they move with it
    for key in known:
        reorder(node[key], nested_model(model.model_fields[key].annotation))


def round_trip_yaml() -> Any:
    """Round-trip YAML that, like the project loader, types nothing implicitly.

    Every plain scalar stays the text the author wrote and is written back
    plain (`True`, `~`, `012` unchanged); quoted ones keep their quotes.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.resolver import VersionedResolver

    class _TextResolver(VersionedResolver):
        @property
        def versioned_resolver(self) -> Any:
            return {}

    yaml = YAML(typ="rt")
    yaml.Resolver = _TextResolver
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    return yaml


# What YAML 1.1 or 1.2 loaders other than ours would read as a number, boolean,
# null or date: text psmctl writes in such a shape is quoted for their sake.
_TYPED_LOOKING = re.compile(
    r"^(?:[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d+)(?:[eE][-+]?\d+)?|0[xob][0-9a-fA-F_]+|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)|[yYnN]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL|~|\d{4}-\d\d?(?:-\d\d?.*)?|[-+]?\d+(?::[0-5]?\d)+(?:\.\d*)?|)$")


def text_scalar(value: str) -> Any:
    """A string to write into a plan file: quoted if another loader would type it."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(value) if _TYPED_LOOKING.match(value) else value


def _model_for(data: Any, default: type[BaseModel] | None) -> type[BaseModel] | None:
    from psmctl.model import FILE_MODELS

    if isinstance(data, dict) and isinstance(data.get("kind"), str):
        return FILE_MODELS.get(data["kind"], default)
    return default


Change = Callable[[Any], None]
"""An edit of a file's data, applied alike to the round-trip tree and to the loaded values."""


def format_yaml(text: str, file: str, default_model: type[BaseModel] | None = None, line_offset: int = 0,
                change: Change | None = None) -> str:
    """The canonical form of one YAML document; FormatRefused if unsafe.

    What stands before a `---` line and from a `...` line on is kept as written
    (ruamel.yaml drops the comments there); `line_offset` locates errors in a
    chapter's front matter on the file's own lines. With `change`, the document
    is edited in the same round-trip and must read back as the edited values.
    """
    prologue, body, epilogue = _split_markers(text)
    offset = line_offset + prologue.count("\n")
    result = _format_body(body, file, default_model, offset, change)
    lost = lost_comment(body, result)
    if lost is not None:
        raise FormatRefused(f"{file}: formatting would lose the comment {lost!r} (comments inside [...] or "
                            "{...} cannot be kept); file left as it is",
                            "move the comment onto a line of its own, or write the list one item per line")
    return prologue + result + epilogue


def _format_body(text: str, file: str, default_model: type[BaseModel] | None, line_offset: int,
                 change: Change | None = None) -> str:
    from ruamel.yaml.error import YAMLError

    expected = project_data(text, file, line_offset=line_offset)
    yaml = round_trip_yaml()
    try:
        data = yaml.load(text)
    except YAMLError as exc:
        raise FormatRefused(f"{file}: YAML the formatter cannot read: {exc}".splitlines()[0]) from None
    if change is not None:
        change(data)
        change(expected)
    reorder(data, _model_for(data, default_model))
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue()
    stripped = _TRAILING_SPACE.sub("", result)
    # Trailing blanks are noise except inside block scalars: keep them only if needed.
    for candidate in (stripped, result):
        if project_data(candidate, file, check=False) == expected:
            return candidate
    raise FormatRefused(f"{file}: formatting would change a value; file left as it is")


def _split_markers(text: str) -> tuple[str, str, str]:
    """(up to a leading `---` line, the document, from a `...` line on): the parts ruamel.yaml would drop."""
    lines = text.split("\n")
    start = 0
    for index, line in enumerate(lines):
        if line.rstrip() == "---":
            start = index + 1
        if line.strip() and not line.lstrip().startswith(("#", "%")):
            break
    end = next((i for i in range(start, len(lines)) if lines[i].rstrip() == "..."), len(lines))
    prologue = "".join(line + "\n" for line in lines[:start])
    body = "\n".join(lines[start:end]) + ("\n" if end < len(lines) else "")
    return prologue, body, "\n".join(lines[end:])


_COMMENT = re.compile(r"(?:^|\s)(#.*)$")


def lost_comment(before: str, after: str) -> str | None:
    """The first comment of `before` that `after` no longer has (a '#' in a value is kept with the value)."""
    for line in before.split("\n"):
        match = _COMMENT.search(line)
        if match and match.group(1).rstrip() not in after:
            return match.group(1).rstrip()
    return None


def project_data(text: str, file: str, check: bool = True, line_offset: int = 0) -> Any:
    """The data as `psmctl validate` reads it: every scalar as written."""
    from psmctl.loading.yamlfile import parse_text

    doc, findings = parse_text(text, file, line_offset=line_offset)
    if doc is None:
        if not check:
            return _Unreadable()
        first = next((f for f in findings if f.severity.name == "ERROR"), None)
        where = f"{file}:{first.line}:{first.column}: {first.message}" if first else file
        raise FormatRefused(f"{where} (fix it, then run fmt again)")
    return doc.data


class _Unreadable:
    """Never equal to anything: a candidate output that does not parse."""

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


def split_front_matter(text: str) -> tuple[str, str, str] | None:
    """(opening, front matter YAML, rest) of a chapter, or None without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), None)
    if end is None:
        return None
    return lines[0] + "\n", "\n".join(lines[1:end]) + "\n", "\n".join(lines[end:])


def format_text(text: str, file: str) -> str:
    """Canonical form of a plan file (YAML, or a chapter's front matter)."""
    if file.endswith(".md"):
        from psmctl.model.edition import Chapter

        parts = split_front_matter(text)
        if parts is None:
            return text  # not a chapter with front matter: `validate` reports it
        opening, front, rest = parts
        return opening + format_yaml(front, file, Chapter, line_offset=1) + rest
    from psmctl.authoring.splice import formatted_element

    spliced = formatted_element(text)  # most element files: no whole-file round-trip (issue 14)
    return spliced if spliced is not None else format_yaml(text, file)


BOM = b"\xef\xbb\xbf"


def format_bytes(raw: bytes, file: str) -> bytes:
    """`format_text` on a file's bytes, keeping its byte-order mark and its line endings (LF or CRLF)."""
    bom = raw.startswith(BOM)
    try:
        text = raw[len(BOM) if bom else 0:].decode("utf-8")
    except UnicodeDecodeError:
        raise FormatRefused(f"{file}: not UTF-8; left as it is", "save the file as UTF-8") from None
    crlf = text.count("\r\n") * 2 > text.count("\n")  # mostly CRLF: the whole file becomes CRLF
    result = format_text(text.replace("\r\n", "\n"), file)
    if crlf:
        result = result.replace("\n", "\r\n")
    return (BOM if bom else b"") + result.encode("utf-8")


@dataclass
class FormatJob:
    """The files `fmt` looks at under one folder: the plan files there (one rule, psmctl.loading.files)."""

    base: Path  # the plan root (or the folder itself outside a plan): staged writes commit here
    files: list[tuple[Path, bytes]] = field(default_factory=list)
    skipped: list[tuple[Path, Skipped]] = field(default_factory=list)


def format_job(path: Path) -> FormatJob:
    """What `fmt PATH` formats: the plan files of a folder, or one named file."""
    from psmctl.loading.files import read_named, read_plan

    folder = path if path.is_dir() and not path.is_symlink() else path.parent
    base = _plan_root(folder) or folder
    job = FormatJob(base)
    if folder is path:
        inside = os.path.relpath(os.path.abspath(path), os.path.abspath(base)).replace(os.sep, "/")
        items = [item for item in read_plan(base) if _under(item.rel if isinstance(item, Skipped) else item[0], inside)]
    else:
        found = read_named(base, path)
        items = [found] if found is not None else []
    for item in items:
        if isinstance(item, Skipped):
            job.skipped.append((base / item.rel, item))
        elif not (base / item[0]).is_symlink():  # the file it points to is formatted, not the link
            job.files.append((base / item[0], item[1]))
    return job


def _under(rel: str, folder: str) -> bool:
    return folder == "." or rel == folder or rel.startswith(folder + "/")


def _plan_root(folder: Path) -> Path | None:
    from psmctl.errors import UsageError
    from psmctl.loading.locate import find_root

    try:
        return find_root(folder)
    except UsageError:
        return None
