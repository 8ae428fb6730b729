"""Field-level comparison of two matched elements, with word diffs for text.

Values are compared as model objects (cheap) and only a field that differs is
turned into JSON-ready values, so unchanged elements cost a few attribute reads.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

# Identity and position are reported as kinds (renamed, renumbered, moved);
# lineage and provenance differ between editions by construction and would
# drown the real changes. `--ignore-field` adds to this list.
STRUCTURAL = ("title", "code", "parent")
# `order` is compared as a position among siblings (changes.reorders), not as a number.
NOT_COMPARED = frozenset({"id", "kind", "order", "continues", "supersedes", "sources", "notes", "uncertain",
                          "title_is_paraphrase"})
TEXT_FIELDS = frozenset({"title", "summary", "description", "subtitle", "short_name"})


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any
    # word-level diff of a text field: [("=" | "-" | "+", words)]
    words: list[tuple[str, str]] = dataclasses.field(default_factory=list)


def _json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, list):
        return [_json(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)  # Decimal amounts keep their written precision


@functools.lru_cache(maxsize=1 << 16)
def one_line(text: str) -> str:
    """A text on one line with single spaces, as titles are matched and shown.

    Cached: both editions of a diff share most titles, and every element repeats
    its axis's title (issue 14: a tenth of the diff of 10,000 actions).
    """
    return " ".join(text.split())


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The words kept, removed and added between two texts, in reading order."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return out


def _ignored(name: str, ignore: frozenset[str]) -> bool:
    return name in ignore or name.split(".")[0] in ignore


def _change(name: str, old: Any, new: Any) -> FieldChange:
    change = FieldChange(name, _json(old), _json(new))
    if name.split(".")[-1] in TEXT_FIELDS and isinstance(old, str) and isinstance(new, str):
        change.words = word_diff(old, new)
    return change


def _same_text(old: Any, new: Any, fold_case: bool = False) -> bool:
    # Folded YAML and re-wrapped paragraphs differ only in whitespace.
    if isinstance(old, str) and isinstance(new, str):
        a, b = (old.casefold(), new.casefold()) if fold_case else (old, new)
        return a.split() == b.split()
    return bool(old == new)


def compare_fields(old: BaseModel, new: BaseModel, ignore: frozenset[str]) -> list[FieldChange]:
    """Every compared field that differs; title, code and parent first."""
    if old is new or old == new:
        return []  # identical files share one model; equal models have no field to report
    names = [n for n in STRUCTURAL if n in type(old).model_fields or n in type(new).model_fields]
    names += sorted((set(type(old).model_fields) | set(type(new).model_fields)) - NOT_COMPARED - set(STRUCTURAL))
    changes: list[FieldChange] = []
    for name in names:
        if _ignored(name, ignore):
            continue
        a, b = getattr(old, name, None), getattr(new, name, None)
        # Sources spell one name "Torino Metropoli …" or "Torino metropoli …":
        # a title differing only in capitals is the same name, not a renaming.
        if _same_text(a, b, fold_case=name == "title"):
            continue
        if name == "classifications":
            changes.extend(_classifications(a or {}, b or {}, ignore))
            continue
        if isinstance(a, BaseModel) or isinstance(b, BaseModel):
            changes.extend(_nested(name, a, b, ignore))
        else:
            changes.append(_change(name, a, b))
    return changes


def _classifications(old: dict[str, list[str]], new: dict[str, list[str]],
                     ignore: frozenset[str]) -> list[FieldChange]:
    """One change per dimension whose values differ (`classifications.driver`); their order is not a change."""
    out = []
    for dimension in sorted(set(old) | set(new)):
        a, b = old.get(dimension, []), new.get(dimension, [])
        dotted = f"classifications.{dimension}"
        if set(a) != set(b) and not _ignored(dotted, ignore):
            out.append(FieldChange(dotted, list(a), list(b)))
    return out


def _nested(name: str, old: BaseModel | None, new: BaseModel | None, ignore: frozenset[str]) -> list[FieldChange]:
    # scope and timeline are small records: report `scope.zones`, `timeline.end`.
    present = old if old is not None else new
    assert present is not None
    model = type(present)
    out = []
    for sub, info in model.model_fields.items():
        dotted = f"{name}.{sub}"
        default = info.get_default(call_default_factory=True)
        a = getattr(old, sub) if old is not None else default
        b = getattr(new, sub) if new is not None else default
        if not _ignored(dotted, ignore) and not _same_text(a, b):
            out.append(_change(dotted, a, b))
    return out
