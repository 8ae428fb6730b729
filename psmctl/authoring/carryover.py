"""An element file carried into the next edition without a whole-file round-trip (issue 14).

`psmctl new edition` must write exactly what psmctl.authoring.formatting would
(the resets applied, keys in canonical order, values formatted), but the
pure-Python ruamel.yaml round-trip of every file is most of its time. Here the
file is cut, with the C loader's marks, into its top-level key blocks (a key,
its value and the comment lines after it, which is how ruamel.yaml attaches
comments); the resets drop or replace whole blocks, the blocks are put in
canonical order, a block that is one plain line already in canonical form is
kept byte for byte, and only the other blocks go through the round-trip, each
on its own. Anything outside the layouts this reasons about (CR, tabs, anchors,
tags, document markers, flow or quoted top-level keys, comments on a reset key)
returns None, and the caller formats the whole file as before.
"""

from __future__ import annotations

import io
import re
from typing import Any

from pydantic import BaseModel

from psmctl.authoring.formatting import WIDTH, Change, lost_comment, project_data, canonical_order, reorder
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
    result = _spliced(text)
    if result is None or lost_comment(text, result) is not None:
        return None
    expected = project_data(text, "", check=False)
    if isinstance(expected, dict):
        change(expected)
    return result if project_data(result, "", check=False) == expected else None


def _spliced(text: str) -> str | None:
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
    if kind not in DROPPED or element_id is None or not _ID.fullmatch(element_id) or "#" in status or (
            status and not _one_line(status, "status")):
        return None
    for key in DROPPED[kind]:
        if "#" in by_key.pop(key, ""):
            return None  # a comment on a dropped key: the round-trip decides (it refuses to lose it)
    by_key["continues"] = f"continues:\n  - {element_id}\n"
    if status and kind == "action":
        by_key["status"] = f"status: {RESET_STATUS}\n"
    model = FILE_MODELS[kind]
    order = canonical_order(model)
    keys = [k for k in order if k in by_key] + [k for k in by_key if k not in order]
    kept = {k for k in keys if k in ("continues", "status") or _canonical_line(by_key[k], k)}
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
    if _value_of(block, key) is not None:
        return True
    if not _one_line(block, key):
        return False
    value = block[len(key) + 2:-1]
    if _QUOTED.fullmatch(value):
        return True  # quotes are kept as written
    if not (value.startswith("[") and value.endswith("]")):
        return False
    items = value[1:-1].split(", ")
    return all(_FLOW_ITEM.fullmatch(item) and item == item.strip() for item in items)


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
