"""An element file formatted without a whole-file round-trip (issue 14).

`psmctl fmt` and `psmctl new edition` must write exactly what
psmctl.authoring.formatting's round-trip would (for new edition, with the
resets applied), but the pure-Python ruamel.yaml round-trip of every file is
most of their time. Here the file is cut, with the C loader's marks, into its
top-level key blocks (a key, its value and the comment lines after it, which
is how ruamel.yaml attaches comments); the resets drop or replace whole
blocks, the blocks are put in canonical order, a block that is one plain line
already in canonical form is kept byte for byte, and only the other blocks go
through the round-trip, each on its own: a file already in canonical form
needs none. Anything outside the layouts this reasons about (CR, tabs,
anchors, tags, document markers, flow or quoted top-level keys, comments on a
reset key) returns None, and the caller formats the whole file as before.
"""

from __future__ import annotations

import io
import re
from typing import Any

from pydantic import BaseModel

from psmctl.authoring.formatting import (WIDTH, Change, canonical_order, lost_comment, nested_model,
                                        project_data, reorder)
from psmctl.authoring.nextedition import DROPPED_ACTION_FIELDS, REPLACED_LINKS, RESET_STATUS

# the keys psmctl.authoring.nextedition drops or replaces, per kind: one rule, there
DROPPED = {"axis": REPLACED_LINKS, "strategy": REPLACED_LINKS, "action": REPLACED_LINKS + DROPPED_ACTION_FIELDS}

# What a plain one-line value must look like to be kept as written: no character the
# emitter would quote, escape or fold, short enough never to be folded at WIDTH.
_PRINTABLE = "\u0020-\u007e\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd"  # as the emitter writes them unescaped
_PLAIN_LINE = re.compile(rf"[A-Za-z0-9_.-](?:(?![#:\[\]{{}},'\"\\&*!|>%@`])[{_PRINTABLE}])*")
_FLOW_ITEM = re.compile(r"[A-Za-z0-9_.-][A-Za-z0-9_. -]*|\"[A-Za-z0-9_. -]*\"", re.ASCII)
_QUOTED = re.compile(rf'"(?:(?!["\\])[{_PRINTABLE}])*"')
_ID = re.compile(r"[a-z0-9][a-z0-9-]*", re.ASCII)
_UNSAFE = re.compile(r"[\r\t&*!]|^(?:---|\.\.\.|%)", re.MULTILINE)
_BLANK_OR_COMMENT = re.compile(r"(?:[ ]*(?:#[^\n]*\S)?\n)*")


def carried_element(text: str, change: Change) -> str | None:
    """The element file for the next edition, as the round-trip would write it; None if not sure.

    `change` is the edit of the file's values (psmctl.authoring.nextedition): the result
    must read back, with the project loader, as the original's values so edited, and keep every comment.
    """
    return _checked(text, _spliced(text, carry=True), change)


def formatted_element(text: str) -> str | None:
    """The element file in `fmt`'s canonical form, as the round-trip would write it; None if not sure."""
    return _checked(text, _spliced(text, carry=False), None)


def _checked(text: str, result: str | None, change: Change | None) -> str | None:
    """`result` if it keeps every comment of `text` and reads back as its values (so changed); else None."""
    if result is None or lost_comment(text, result) is not None:
        return None
    expected = project_data(text, "", check=False)
    if change is not None and isinstance(expected, dict):
        change(expected)
    return result if project_data(result, "", check=False) == expected else None


def _spliced(text: str, carry: bool) -> str | None:
    import yaml

    from psmctl.model import FILE_MODELS

    if _UNSAFE.search(text):
        return None
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None
    blocks = _blocks(text, node)
    if blocks is None:
        return None
    prefix, by_key = blocks
    kind, element_id = _value_of(by_key.get("kind", ""), "kind"), _value_of(by_key.get("id", ""), "id")
    status = by_key.get("status", "")
    if kind not in DROPPED or element_id is None or not _ID.fullmatch(element_id):
        return None
    if carry and ("#" in status or (status and not _one_line(status, "status"))):
        return None  # the reset replaces the status block: only a plain one-line one
    if carry:
        for key in DROPPED[kind]:
            if "#" in by_key.pop(key, ""):
                return None  # a comment on a dropped key: the round-trip decides (it refuses to lose it)
        by_key["continues"] = f"continues:\n  - {element_id}\n"
        if status and kind == "action":
            by_key["status"] = f"status: {RESET_STATUS}\n"
    model = FILE_MODELS[kind]
    order = canonical_order(model)
    keys = [k for k in order if k in by_key] + [k for k in by_key if k not in order]
    written = ("continues", "status") if carry else ()  # the resets' own blocks are in canonical form
    kept = {k for k in keys if k in written or _canonical_line(by_key[k], k) or _canonical_folded(by_key[k], k)
            or _canonical_nested(by_key[k], k, model)}
    formatted = _formatted([k for k in keys if k not in kept], by_key, model)
    if formatted is None:
        return None
    return prefix + "".join(by_key[k] if k in kept else formatted[k] for k in keys)


def _blocks(text: str, node: Any) -> tuple[str, dict[str, str]] | None:
    """(comment lines before the first key, {key: its block}) of a block mapping with plain keys at column 0."""
    import yaml

    if not isinstance(node, yaml.MappingNode) or node.flow_style or not node.value:
        return None
    starts: list[tuple[str, int]] = []
    for key, _ in node.value:
        mark = key.start_mark
        if (not isinstance(key, yaml.ScalarNode) or key.style or mark.column != 0
                or text[mark.index:key.end_mark.index] != key.value):
            return None
        starts.append((key.value, mark.index))
    if len({k for k, _ in starts}) != len(starts) or not text.endswith("\n"):
        return None
    prefix = text[:starts[0][1]]
    if _BLANK_OR_COMMENT.fullmatch(prefix) is None:
        return None
    ends = [index for _, index in starts[1:]] + [len(text)]
    return prefix, {key: text[start:end] for (key, start), end in zip(starts, ends)}


def _one_line(block: str, key: str) -> bool:
    # well inside WIDTH: the emitter folds a long value near it
    return block.startswith(f"{key}: ") and block.count("\n") == 1 and len(block) <= WIDTH - 20


def _value_of(block: str, key: str) -> str | None:
    """The plain one-line value of a block, or None."""
    if not _one_line(block, key):
        return None
    value = block[len(key) + 2:-1]
    return value if _PLAIN_LINE.fullmatch(value) and value == value.strip() else None


def _canonical_line(block: str, key: str) -> bool:
    """A block the round-trip writes back unchanged: one short line, a plain value or a flow list of plain ones."""
    if not _one_line(block, key):
        return False
    value = block[len(key) + 2:-1]
    if _canonical_value(value):
        return True  # plain, or quoted: quotes are kept as written
    if not (value.startswith("[") and value.endswith("]")):
        return False
    items = value[1:-1].split(", ")
    return all(_FLOW_ITEM.fullmatch(item) and item == item.strip() for item in items)


# A line of folded text: two spaces, then printable text starting and ending with a non-space
# (no line or paragraph separator, which YAML reads as a break).
_FOLDED_LINE = re.compile(rf"  (?! )(?:(?![\x85\u2028\u2029])[{_PRINTABLE}])+(?<! )")
_SINGLE_SPACE = re.compile(r"(?<! ) (?! )")


def _canonical_folded(block: str, key: str) -> bool:
    """Folded text the round-trip writes back unchanged.

    ruamel.yaml keeps the author's line breaks of a `>` text and adds one only
    at a single space past WIDTH columns; a text of plain lines with no such
    space is therefore written back as it is.
    """
    lines = block.split("\n")
    if lines[0] != f"{key}: >" or lines[-1] != "" or len(lines) < 3:
        return False
    return all(_FOLDED_LINE.fullmatch(line) and all(space.start() <= WIDTH for space in _SINGLE_SPACE.finditer(line))
               for line in lines[1:-1])


_NESTED_KEY = re.compile(r"[a-z_][a-z0-9_]*", re.ASCII)
_ITEM = "  - "  # a list item as the round-trip writes it (sequence indent 4, dash offset 2)


def _canonical_nested(block: str, key: str, model: type[BaseModel]) -> bool:
    """A block one level deep the round-trip writes back unchanged.

    A mapping, a list of values or a list of mappings, each value a canonical
    line, the keys of each mapping in the order of the model the field holds.
    """
    lines = block.split("\n")
    if lines[0] != f"{key}:" or lines[-1] != "" or len(lines) < 3:
        return False
    body = lines[1:-1]
    if any(len(line) > WIDTH - 20 for line in body):
        return False
    field = model.model_fields.get(key)
    inner = nested_model(field.annotation) if field is not None else None
    if not body[0].startswith(_ITEM):  # a mapping: every line a key at two spaces
        return all(line.startswith("  ") and not line.startswith("   ") for line in body) and _canonical_pairs(
            [line[2:] for line in body], inner)
    if all(line.startswith(_ITEM) and _canonical_value(line[len(_ITEM):]) for line in body):
        return True  # a list of values
    items: list[list[str]] = []  # a list of mappings: an item's first key after the dash, the others under it
    for line in body:
        if line.startswith(_ITEM):
            items.append([line[len(_ITEM):]])
        elif line.startswith(" " * len(_ITEM)) and not line.startswith(" " * (len(_ITEM) + 1)):
            items[-1].append(line[len(_ITEM):])
        else:
            return False
    return all(_canonical_pairs(item, inner) for item in items)


def _canonical_value(value: str) -> bool:
    """A list item the round-trip writes back unchanged: a plain or double-quoted one-line value."""
    return (bool(_PLAIN_LINE.fullmatch(value)) and value == value.strip()) or bool(_QUOTED.fullmatch(value))


def _canonical_pairs(lines: list[str], model: type[BaseModel] | None) -> bool:
    """`key: value` lines, each a canonical line, no key twice, known keys first in the model's order."""
    keys = []
    for line in lines:
        name, separator, _ = line.partition(": ")
        if not separator or not _NESTED_KEY.fullmatch(name) or not _canonical_line(f"{line}\n", name):
            return False
        keys.append(name)
    if len(set(keys)) != len(keys):
        return False
    order = canonical_order(model) if model is not None else ()
    return keys == [k for k in order if k in keys] + [k for k in keys if k not in order]


def _formatted(keys: list[str], by_key: dict[str, str], model: type[BaseModel]) -> dict[str, str] | None:
    """The blocks of `keys` through one round-trip, as the whole file's round-trip writes them."""
    from ruamel.yaml.error import YAMLError

    from psmctl.authoring.formatting import round_trip_yaml

    if not keys:
        return {}
    yaml = round_trip_yaml()
    try:
        data = yaml.load("".join(by_key[k] for k in keys))
    except YAMLError:
        return None
    reorder(data, model)
    if list(data) != keys:
        return None
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue()
    if re.search(r"[ \t]$", result, re.MULTILINE):
        return None  # trailing blanks: the whole file's round-trip decides whether to keep them
    # each key starts a line at column 0, in this order; nothing else does but comments
    starts = [match.start() for match in re.finditer(r"^[^\s#][^\n]*", result, re.MULTILINE)]
    if len(starts) != len(keys) or any(not result.startswith(f"{k}:", i) for k, i in zip(keys, starts)):
        return None
    return {k: result[i:j] for k, i, j in zip(keys, starts, starts[1:] + [len(result)])}
