"""Apply an edited exchange sheet back onto the plan files, all or nothing.

Every row is checked before anything is written: known id, one row per
element, fingerprint equal to the file's (the element did not change since the
export), read-only cells untouched, editable cells valid for the model, and
the plan still valid with all changes together. Problems name sheet, row and
column. Files are then edited with ruamel.yaml round-trip, so comments stay.

A changed value of an indicator's series is a revised figure (issue 10 §3: "a
revised value keeps its history"): the value it replaces moves, with the source
and notes written for it, to the front of the observation's `revisions:`.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from pydantic import BaseModel

from psmctl.diagnostics import YamlPath, format_path
from psmctl.exchange.sheetio import Sheet
from psmctl.exchange.table import (
    FINGERPRINT, READ_ONLY, SHEETS, Column, cell_value, editable_columns, fingerprint, get_path, identity, normalise,
    resolve, same, stored,
)
from psmctl.loading.plan import EditionTree, EntryFile, Plan


@dataclass
class Change:
    where: str  # sheet, row, column
    file: EntryFile
    column: Column
    path: YamlPath  # resolved; may end at a list index not yet there (new series year)
    old: str
    new: str
    revises: bool = False  # an observation's value replaced: the old one is kept under `revisions:`


@dataclass
class ImportPlan:
    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # rel path → new file text

    def by_file(self) -> dict[str, list[Change]]:
        table: dict[str, list[Change]] = {}
        for change in self.changes:
            table.setdefault(change.file.rel, []).append(change)
        return table


def check_sheets(plan: Plan, raw: dict[str, bytes], sheets: list[Sheet]) -> ImportPlan:
    """Every change the sheets ask for, or every reason to refuse them."""
    result = ImportPlan()
    seen: dict[tuple[str, str], str] = {}
    for sheet in sheets:
        kind = SHEETS.get(sheet.name)
        if kind is None:
            result.problems.append(f"sheet {sheet.name!r}: not a psmctl sheet (expected {', '.join(SHEETS)})")
            continue
        if sheet.rows and _check_header(sheet, result):
            columns: dict[str, dict[str, Column]] = {}  # per edition, computed once per sheet
            for number, cells in sheet.rows:
                _check_row(plan, raw, sheet, kind, number, cells, seen, columns, result)
    _check_files(result, raw)
    return result


def _check_header(sheet: Sheet, result: ImportPlan) -> bool:
    missing = [h for h in ("id", "edition", FINGERPRINT) if h not in sheet.header]
    if missing:
        result.problems.append(f"sheet {sheet.name!r}, row 1: missing column(s) {', '.join(missing)}; "
                               "import a sheet made by `psmctl export`")
        return False
    doubled = sorted({h for h in sheet.header if h and sheet.header.count(h) > 1})
    if doubled:
        result.problems.append(f"sheet {sheet.name!r}, row 1: column(s) {', '.join(doubled)} appear twice")
        return False
    return True


def _check_row(plan: Plan, raw: dict[str, bytes], sheet: Sheet, kind: str, number: int, cells: list[Any],
               seen: dict[tuple[str, str], str], columns: dict[str, dict[str, Column]],
               result: ImportPlan) -> None:
    row = dict(zip(sheet.header, cells))
    ident, edition = (str(row.get(k) or "").strip() for k in ("id", "edition"))
    where = sheet.where(number)
    if any(cell not in (None, "") for cell in cells[len(sheet.header):]):
        result.problems.append(f"{where}: more cells than the header has columns; "
                               "a cell was typed outside the table or a column header was deleted")
        return
    tree = plan.editions.get(edition)
    item = _element(tree, ident, kind) if tree is not None else None
    if tree is None or item is None:
        what = f"unknown id {ident!r}" if tree is not None else f"unknown edition {edition!r}"
        result.problems.append(f"{where}: {what}; rows are matched to files by stable id")
        return
    if (edition, ident) in seen:
        result.problems.append(f"{where}: a second row for {ident!r} (first at {seen[(edition, ident)]})")
        return
    seen[(edition, ident)] = where
    if str(row.get(FINGERPRINT) or "").strip() != fingerprint(raw[item.rel]):
        result.problems.append(f"{where}: {item.path} changed since the export (fingerprint differs); "
                               "export again and redo the edits of this row")
        return
    if edition not in columns:
        columns[edition] = {c.name: c for c in editable_columns(tree, kind)}
    _check_missing_columns(sheet, number, item, columns[edition], result)
    _check_cells(sheet, number, row, item, tree, kind, columns[edition], result)


def _check_missing_columns(sheet: Sheet, number: int, item: EntryFile, columns: dict[str, Column],
                           result: ImportPlan) -> None:
    """A deleted column empties its cells: refused like an emptied cell where the file has a value."""
    for name, column in columns.items():
        if name not in sheet.header and cell_value(item.doc.data, column):
            result.problems.append(f"{sheet.where(number)}: column {name!r} is missing, which would empty "
                                   f"its value; psmctl never deletes a value from a sheet — keep the column "
                                   f"(export again) or remove the value in {item.path}")


def _element(tree: EditionTree, ident: str, kind: str) -> EntryFile | None:
    pool: Sequence[EntryFile | None] = tree.indicators if kind == "indicator" else [tree.by_id.get(ident)]
    return next((f for f in pool if f is not None and f.kind == kind and f.doc.data.get("id") == ident), None)


def _check_cells(sheet: Sheet, number: int, row: dict[str, Any], item: EntryFile, tree: EditionTree, kind: str,
                 columns: dict[str, Column], result: ImportPlan) -> None:
    exported = dict(zip(READ_ONLY, identity(item, tree, kind)))
    for index, name in enumerate(sheet.header):
        where = sheet.where(number, index)
        if name in READ_ONLY or name == FINGERPRINT:
            if name in READ_ONLY and str(row.get(name) or "").strip() != exported[name]:
                result.problems.append(_read_only_edited(where, name, exported[name], item))
            continue
        column = columns.get(name)
        if column is None:
            result.problems.append(f"{where}: unknown column {name!r}; remove it or export again")
            continue
        _check_cell(where, column, row.get(name), item, result)


def _read_only_edited(where: str, name: str, exported: str, item: EntryFile) -> str:
    if name == "full_code":  # derived from `code` and the parent's: it can only be changed through them
        return (f"{where}: full_code disagrees with the element's code and parent (they give "
                f"{exported or 'no code'}); change `code` or `parent` in {item.path} instead")
    return f"{where}: read-only column edited; change it in the YAML file instead"


def _check_cell(where: str, column: Column, value: Any, item: EntryFile, result: ImportPlan) -> None:
    data = item.doc.data
    path = resolve(data, column.path)
    old = cell_value(data, column)
    try:
        new = normalise(value, column.type)
    except ValueError as exc:
        result.problems.append(f"{where}: {exc}")
        return
    if same(old, new, column.type):
        return
    if not new:
        result.problems.append(f"{where}: the cell was emptied; psmctl never deletes a value from a sheet "
                               f"— remove it in {item.path}")
        return
    revises = path is not None and column.path[0] == "series"
    if path is None:
        path = _new_path(data, column)
        if path is None:
            result.problems.append(f"{where}: {item.path} has no such entry to set; add it in the file")
            return
    result.changes.append(Change(where, item, column, path, old, new, revises))


def _new_path(data: dict[str, Any], column: Column) -> YamlPath | None:
    # Only a new year of an indicator series can be added from a sheet.
    if column.path[0] == "series":
        return ("series", len(data.get("series") or []), "value")
    if all(isinstance(p, str) for p in column.path):
        return column.path
    return None


def _check_files(result: ImportPlan, raw: dict[str, bytes]) -> None:
    from psmctl.checks.schema import check_document
    from psmctl.loading.yamlfile import YamlDocument

    for rel, changes in result.by_file().items():
        item = changes[0].file
        expected = _expected(item.doc.data, changes)
        model, findings = check_document(YamlDocument(expected), item.path)
        if model is None:
            for finding in findings:
                change = next((c for c in changes if finding.path.startswith(format_path(c.path[:-1]))), changes[0])
                result.problems.append(f"{change.where}: {change.new!r} is not valid: {finding.message}")
            continue
        text = _edited_text(raw[rel].decode("utf-8"), item, changes, expected)
        if text is None:
            result.problems.append(f"{changes[0].where}: {item.path} cannot be edited safely; edit it by hand")
        else:
            result.texts[rel] = text


def _expected(data: dict[str, Any], changes: list[Change]) -> dict[str, Any]:
    """The data as the project loader must read it after the edit."""
    expected = copy.deepcopy(data)
    for change in changes:
        _put(expected, change, lambda parent, key, value: _cell_data(value, change), _PLAIN)
    return expected


# How a new mapping and a new list are made: plain for the expected data, ruamel's for the file.
_PLAIN: tuple[Any, Any] = (dict, list)


def _put(root: Any, change: Change, make: Any, containers: tuple[Any, Any]) -> None:
    node = root
    for depth, part in enumerate(change.path[:-1]):
        if isinstance(node, list) and part == len(node):
            node.append(make(node, part, _series_entry(change)))
        elif isinstance(node, dict) and node.get(part) is None:
            node[part] = make(node, part, {})
        node = node[part]
    if change.revises:
        _keep_previous(node, *containers)
    node[change.path[-1]] = make(node, change.path[-1], change.new)


def _keep_previous(observation: Any, new_map: Any, new_seq: Any) -> None:
    """The observation's value, source and notes become its newest revision (first in `revisions:`).

    The notes go with the value they were written for ("stima provvisoria"); the
    source stays on the observation too, as the sheet names no other. The moved
    scalars are the file's own objects, so the old value keeps the form it was
    written in. No `published:` is set: when the old figure was published is
    not something the import knows.
    """
    previous = new_map()
    for key in ("value", "source", "notes"):
        if observation.get(key) is not None:
            previous[key] = observation[key]
    observation.pop("notes", None)
    if observation.get("revisions") is None:
        observation["revisions"] = new_seq()
    observation["revisions"].insert(0, previous)


def _cell_data(value: Any, change: Change) -> Any:
    """A cell's text as the file holds it (a list of ids); the containers `_put` makes pass through."""
    return stored(value, change.column.type) if isinstance(value, str) else value


def _series_entry(change: Change) -> dict[str, Any]:
    return {"year": change.column.name.removeprefix("value_")}


def _edited_text(original: str, item: EntryFile, changes: list[Change], expected: dict[str, Any]) -> str | None:
    from psmctl.authoring.formatting import round_trip_yaml
    from psmctl.loading.yamlfile import parse_text

    from ruamel.yaml.comments import CommentedSeq

    yaml = round_trip_yaml()
    document = yaml.load(original)
    for change in changes:
        _put(document, change, lambda parent, key, value: _typed(yaml, parent, key, _cell_data(value, change)),
             (_compact_map, CommentedSeq))
        if change.path[0] not in item.doc.data:
            _move_into_place(document, str(change.path[0]), type(item.model))
    out = io.StringIO()
    yaml.dump(document, out)
    doc, _ = parse_text(out.getvalue(), item.path)
    return out.getvalue() if doc is not None and doc.data == expected else None


def _compact_map() -> Any:
    """A revision written on one line, `- {value: 21.4, source: ISTAT}`, as the docs' examples are."""
    from ruamel.yaml.comments import CommentedMap

    made = CommentedMap()
    made.fa.set_flow_style()
    return made


def _move_into_place(document: Any, key: str, model: type[BaseModel]) -> None:
    """A key added by the import goes where `psmctl fmt` would put it, not at the end."""
    from psmctl.authoring.formatting import canonical_order

    order = canonical_order(model)
    rank = order.index(key) if key in order else len(order)
    later = [k for k in document if k != key and k in order and order.index(k) > rank]
    if later:
        value = document.pop(key)
        document.insert(list(document).index(later[0]), key, value)


def _typed(yaml: Any, parent: Any, key: Any, value: Any) -> Any:
    """A ruamel value that writes `value` as the officer typed it (12.50 stays 12.50)."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, dict):
        made = CommentedMap()
        made.update({k: _typed(yaml, made, k, v) for k, v in value.items()})
        return made
    if isinstance(value, list):  # ids, in flow style as a plan writes them: [p1, p2]
        from ruamel.yaml.comments import CommentedSeq

        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    from psmctl.authoring.formatting import text_scalar

    old = parent.get(key) if isinstance(parent, dict) else None
    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(value)
    if isinstance(key, str) and key in ("progress", "amount", "value", "year"):
        return value  # a number, written plain as the officer typed it
    return text_scalar(value)


class _Overlay:
    """The plan's files with the edited texts in place of the originals, and the new ones."""

    def __init__(self, root: Path, texts: dict[str, str]) -> None:
        from psmctl.loading.tree import DirectorySource

        self.inner, self.texts = DirectorySource(root), texts
        self.label = self.inner.label
        self.skipped = self.inner.skipped

    def shown(self, rel: str) -> str:
        return self.inner.shown(rel)

    def files(self) -> Any:
        seen = set()
        for rel, shown, raw in self.inner.files():
            seen.add(rel)
            yield rel, shown, self.texts[rel].encode("utf-8") if rel in self.texts else raw
        for rel in sorted(set(self.texts) - seen):  # a file the import creates (a new monitoring round)
            yield rel, self.inner.shown(rel), self.texts[rel].encode("utf-8")
        self.skipped = self.inner.skipped


def new_errors(root: Path, texts: dict[str, str]) -> list[str]:
    """Errors `psmctl validate` would report after the import and not before."""
    if not texts:
        return []
    from psmctl.diagnostics import Severity
    from psmctl.loading.tree import DirectorySource
    from psmctl.validate import validate_source

    def errors(source: Any) -> set[tuple[str, str, str, str]]:
        _, report = validate_source(source)
        return {(d.file, d.path, d.code, d.message) for d in report.diagnostics if d.severity is Severity.ERROR}

    added = errors(_Overlay(root, texts)) - errors(DirectorySource(root))
    return [f"{file}: {path or '(file)'}: {message} [{code}]" for file, path, code, message in sorted(added)]


def apply(root: Path, texts: dict[str, str]) -> None:
    """Write every edited file, all as one unit: the plan is fully updated or left as it was."""
    from psmctl.writing import WriteSet

    with WriteSet(root, inside=root) as writes:
        for rel, text in sorted(texts.items()):
            writes.add(root / rel, text.encode("utf-8"))
        writes.commit()
