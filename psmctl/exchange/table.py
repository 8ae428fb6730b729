"""The spreadsheet view of an edition: one row per element, stable id first.

Read-only columns identify the element (id, kind, code, parent, title) and
carry a fingerprint of its file, so an import can refuse a row whose element
changed since the export. `code` is the code as the file writes it (what an
import reads back); `full_code` names the element across the edition (`1.2`
for code `2` under `1` in a per-parent plan, psmctl.loading.position) and
`order` is its place where the plan numbers nothing: both are checked on
import like the other read-only columns. Editable columns are the fields officers update in
the yearly monitoring: status, progress, lead body, timeline, funding amounts,
indicator baseline/target/series values.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Sequence

from psmctl.diagnostics import YamlPath
from psmctl.loading.plan import EditionTree, EntryFile, is_element

SHEETS = {"axes": "axis", "strategies": "strategy", "actions": "action", "indicators": "indicator"}
IDENTITY = ("id", "edition", "kind", "code", "parent", "title")
# Derived from the file and its parents, printed after the editable columns so that
# the columns of sheets exported before they existed keep their letters.
DERIVED = ("full_code", "order")
READ_ONLY = (*IDENTITY, *DERIVED)
FINGERPRINT = "fingerprint"


@dataclass(frozen=True)
class Column:
    """An editable column: its header, where it lives in the file, its value type."""

    name: str
    path: YamlPath
    type: str  # text | int | decimal | date | ids (a list of ids, written "p1, p2" in a cell)


ACTION_COLUMNS = (
    Column("status", ("status",), "text"),
    Column("progress", ("progress",), "int"),
    Column("lead_body", ("lead_body",), "text"),
    Column("timeline_start", ("timeline", "start"), "date"),
    Column("timeline_end", ("timeline", "end"), "date"),
)
INDICATOR_COLUMNS = (
    Column("baseline_year", ("baseline", "year"), "int"),
    Column("baseline_value", ("baseline", "value"), "decimal"),
    Column("target_year", ("target", "year"), "int"),
    Column("target_value", ("target", "value"), "decimal"),
)


def fingerprint(raw: bytes) -> str:
    """A short hash of a file's bytes: any edit to the file changes it."""
    return hashlib.sha256(raw).hexdigest()[:16]


def get_path(data: Any, path: YamlPath) -> Any:
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
        if data is None:
            return None
    return data


CLASSIFICATION_PREFIX = "classification_"


def classification_columns(tree: EditionTree, kind: str) -> list[Column]:
    """A column per classification dimension the elements of `kind` use: `classification_pilastro`."""
    used = sorted({name for f in tree.of_kind(kind) for name in (f.doc.data.get("classifications") or {})
                   if isinstance(f.doc.data.get("classifications"), dict)})
    return [Column(CLASSIFICATION_PREFIX + name, ("classifications", name), "ids") for name in used]


def editable_columns(tree: EditionTree, kind: str) -> list[Column]:
    """Editable columns of a sheet; funding, series and classification columns depend on the data."""
    if kind == "action":
        most = max((len(f.doc.data.get("funding") or []) for f in tree.of_kind("action")), default=0)
        funding = [Column(f"funding_{n + 1}_amount", ("funding", n, "amount"), "decimal") for n in range(most)]
        return [*ACTION_COLUMNS, *funding, *classification_columns(tree, kind)]
    if kind in ("axis", "strategy"):
        return classification_columns(tree, kind)
    if kind == "indicator":
        written = {str(o.get("year")) for f in tree.indicators
                   for o in (f.doc.data.get("series") or []) if isinstance(o, dict)}
        numeric = [int(y) for y in written if y.isdigit()]
        # One more year than any series has: the column the yearly monitoring fills in.
        years = sorted(written | ({str(max(numeric) + 1)} if numeric else set()))
        return [*INDICATOR_COLUMNS, *(Column(f"value_{y}", ("series", f"year={y}", "value"), "decimal") for y in years)]
    return []


def resolve(data: Any, path: YamlPath) -> YamlPath | None:
    """A column path with `year=Y` selectors turned into list indexes (None: not there yet)."""
    resolved: list[str | int] = []
    node = data
    for part in path:
        if isinstance(part, str) and part.startswith("year="):
            items = node if isinstance(node, list) else []
            index = next((i for i, o in enumerate(items) if isinstance(o, dict)
                          and str(o.get("year")) == part[5:]), None)
            if index is None:
                return None
            part = index
        resolved.append(part)
        node = get_path(node, (part,))
    return tuple(resolved)


def cell_value(data: Any, column: Column) -> str:
    path = resolve(data, column.path)
    value = get_path(data, path) if path is not None else None
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def stored(text: str, kind: str) -> Any:
    """What a cell's text is in the file: a list for an `ids` column ("p1, p2" → [p1, p2])."""
    return [part.strip() for part in text.split(",") if part.strip()] if kind == "ids" else text


def element_files(tree: EditionTree, kind: str) -> Sequence[EntryFile]:
    return tree.indicators if kind == "indicator" else tree.of_kind(kind)


def header(tree: EditionTree, kind: str) -> list[str]:
    return [*IDENTITY, *(c.name for c in editable_columns(tree, kind)), *DERIVED, FINGERPRINT]


def identity(item: EntryFile, tree: EditionTree, kind: str) -> list[str]:
    """The read-only cells of an element's row, in READ_ONLY order."""
    data = item.doc.data
    derived = tree.full_code(item.model) if is_element(item) else ""
    return [str(data.get("id", "")), tree.id, kind, str(data.get("code") or ""), str(data.get("parent") or ""),
            str(data.get("title") or data.get("name") or ""), derived, str(data.get("order") or "")]


def rows(tree: EditionTree, kind: str, raw: dict[str, bytes]) -> list[list[str]]:
    """The rows of one sheet as text cells; `raw` maps a file's rel path to its bytes."""
    columns = editable_columns(tree, kind)
    table = []
    for item in element_files(tree, kind):
        data = item.doc.data
        cells = identity(item, tree, kind)
        table.append([*cells[:len(IDENTITY)], *(cell_value(data, c) for c in columns), *cells[len(IDENTITY):],
                      fingerprint(raw[item.rel])])
    return table


def normalise(value: Any, kind: str) -> str:
    """The text a cell stands for; ValueError with a plain message if it cannot be one."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError("expected a value, found TRUE/FALSE")
    if isinstance(value, (dt.datetime, dt.date)):
        if kind != "date":
            raise ValueError("expected a number or text, found a date")
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    if kind == "ids":
        return ", ".join(stored(text, kind))
    if text == "" or kind in ("text", "date"):
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if kind == "int":
        if number != number.to_integral_value():
            raise ValueError(f"{text} is not a whole number")
        return str(int(number))
    return text if isinstance(value, str) else _plain_decimal(number)


def _plain_decimal(number: Decimal) -> str:
    # 1500000.0 from a spreadsheet cell is written 1500000, never 1.5E+6.
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def same(old: str, new: str, kind: str) -> bool:
    """Equal as values: `45` and `45.0`, `1500000.00` and `1500000` are the same amount."""
    if old == new:
        return True
    if kind in ("int", "decimal") and old and new:
        try:
            return Decimal(old) == Decimal(new)
        except InvalidOperation:
            return False
    return False
