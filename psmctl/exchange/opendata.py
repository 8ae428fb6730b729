"""Open data: UTF-8 CSV tables of an edition and a Frictionless `datapackage.json`.

One table per level (the same rows as the exchange sheets, so a level table can
be edited and imported back) plus link tables (action–zone, action–funding,
action–AMSvS, action–SDG, element–source, element–classification value) and the
zone, source and classification registries they point to. The descriptor follows the Tabular Data Package profile:
field names and types, primary keys, and foreign keys — declared only when
every value resolves, so the package validates with standard tools.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psmctl.escaping import spreadsheet_cell
from psmctl.exchange.sheetio import write_csv
from psmctl.exchange.table import SHEETS, editable_columns, header, rows
from psmctl.loading.tree import EditionTree, Plan

TYPES = {"int": "integer", "decimal": "number", "date": "string", "text": "string", "ids": "string"}


@dataclass
class Table:
    name: str
    fields: list[tuple[str, str]]  # (name, Frictionless type)
    rows: list[list[str]]
    key: list[str]
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (field, table, field)


def level_tables(tree: EditionTree, raw: dict[str, bytes]) -> list[Table]:
    tables = []
    for name, kind in SHEETS.items():
        types = {c.name: TYPES[c.type] for c in editable_columns(tree, kind)}
        names = header(tree, kind)
        parent = _parent_table(tree, kind)
        tables.append(Table(name, [(n, types.get(n, "string")) for n in names], rows(tree, kind, raw), ["id"],
                            [("parent", parent, "id")] if parent else []))
    return tables


def _parent_table(tree: EditionTree, kind: str) -> str | None:
    """The table of the level above `kind` in this edition: a two-level plan hangs actions on the axes."""
    above = tree.level_above(kind)
    return next((name for name, k in SHEETS.items() if k == above), None)


def _actions(tree: EditionTree) -> list[dict[str, Any]]:
    return [f.doc.data for f in tree.of_kind("action")]


def link_tables(tree: EditionTree) -> list[Table]:
    actions = _actions(tree)
    zones = [[a["id"], z] for a in actions for z in ((a.get("scope") or {}).get("zones") or [])]
    funding = [[a["id"], str(n), *(str(f.get(k) or "") for k in ("source", "pnrr", "programme", "amount", "year"))]
               for a in actions for n, f in enumerate(a.get("funding") or [], start=1)]
    amsvs = [[a["id"], m] for a in actions for m in (a.get("amsvs") or [])]
    sdg = [[a["id"], g] for a in actions for g in (a.get("sdg") or [])]
    sources = [[f.doc.data["id"], f.kind, s] for f in tree.elements for s in (f.doc.data.get("sources") or [])]
    classified = [[f.model.id, f.kind, dimension, value] for f in tree.elements
                  for dimension, values in f.model.classifications.items() for value in values]
    by_action = [("action_id", "actions", "id")]
    return [
        Table("action_zones", [("action_id", "string"), ("zone_id", "string")], zones,
              ["action_id", "zone_id"], [*by_action, ("zone_id", "zones", "id")]),
        Table("action_funding", [("action_id", "string"), ("position", "integer"), ("source", "string"),
                                 ("pnrr", "string"), ("programme", "string"), ("amount", "number"),
                                 ("year", "integer")], funding, ["action_id", "position"], by_action),
        Table("action_amsvs", [("action_id", "string"), ("amsvs_id", "string")], amsvs,
              ["action_id", "amsvs_id"], by_action),
        Table("action_sdg", [("action_id", "string"), ("sdg", "integer")], sdg, ["action_id", "sdg"], by_action),
        Table("element_sources", [("element_id", "string"), ("kind", "string"), ("source_key", "string")],
              sources, ["element_id", "source_key"], [("source_key", "sources", "key")]),
        Table("element_classifications", [("element_id", "string"), ("kind", "string"), ("dimension_id", "string"),
                                          ("value_id", "string")], classified,
              ["element_id", "dimension_id", "value_id"], [("dimension_id", "classification_dimensions", "id")]),
    ]


def registry_tables(plan: Plan) -> list[Table]:
    zones = plan.registries.get("zones")
    sources = plan.registries.get("sources")
    zone_rows = [[str(z.get("id")), str(z.get("number") or ""), str(z.get("name"))]
                 for z in (zones.doc.data.get("zones") or [] if zones else [])]
    source_rows = [[str(s.get(k) or "") for k in ("key", "title", "url", "date")]
                   for s in (sources.doc.data.get("sources") or [] if sources else [])]
    return [
        Table("zones", [("id", "string"), ("number", "integer"), ("name", "string")], zone_rows, ["id"]),
        Table("sources", [("key", "string"), ("title", "string"), ("url", "string"), ("date", "string")],
              source_rows, ["key"]),
        *classification_tables(plan),
    ]


def classification_tables(plan: Plan) -> list[Table]:
    """The dimension registry as two tables: its dimensions, and the values of each."""
    registry = plan.registry("classifications")
    dimensions = registry.dimensions if registry else []
    dimension_rows = [[d.id, d.singular, d.plural, d.gender or "", d.description or "", " ".join(d.levels),
                       "true" if d.multiple else "false"] for d in dimensions]
    value_rows = [[d.id, v.id, v.code or "", v.label, v.description or ""] for d in dimensions for v in d.values]
    return [
        Table("classification_dimensions", [("id", "string"), ("singular", "string"), ("plural", "string"),
                                            ("gender", "string"), ("description", "string"), ("levels", "string"),
                                            ("multiple", "boolean")], dimension_rows, ["id"]),
        Table("classification_values", [("dimension_id", "string"), ("id", "string"), ("code", "string"),
                                        ("label", "string"), ("description", "string")], value_rows,
              ["dimension_id", "id"], [("dimension_id", "classification_dimensions", "id")]),
    ]


def _resolving_links(table: Table, tables: dict[str, Table]) -> list[tuple[str, str, str]]:
    """Foreign keys whose every non-empty value exists in the target table."""
    kept = []
    for column, target, target_column in table.links:
        names = [n for n, _ in table.fields]
        target_names = [n for n, _ in tables[target].fields]
        known = {row[target_names.index(target_column)] for row in tables[target].rows}
        values = {row[names.index(column)] for row in table.rows} - {""}
        if values <= known:
            kept.append((column, target, target_column))
    return kept


def descriptor(edition: str, title: str, tables: list[Table]) -> dict[str, Any]:
    by_name = {t.name: t for t in tables}
    resources = []
    for table in tables:
        schema: dict[str, Any] = {"fields": [{"name": n, "type": t} for n, t in table.fields],
                                  "primaryKey": table.key, "missingValues": [""]}
        links = _resolving_links(table, by_name)
        if links:
            schema["foreignKeys"] = [{"fields": column, "reference": {"resource": target, "fields": target_column}}
                                     for column, target, target_column in links]
        resources.append({"name": table.name, "path": f"{table.name}.csv", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema})
    return {"profile": "tabular-data-package", "name": f"psm-{edition}", "title": title,
            "resources": resources}


def _cells(table: Table) -> list[list[str]]:
    """The rows as CSV text; a text cell that a spreadsheet would run as a formula is neutralised."""
    text = [kind == "string" for _, kind in table.fields]
    return [[spreadsheet_cell(str(c)) if is_text else str(c) for c, is_text in zip(row, text)] for row in table.rows]


def package_title(plan: Plan, tree: EditionTree) -> str:
    """The plan's own name, as the documents' titles print it: "Piano Strategico 2030 «Terra di mezzo»"."""
    from psmctl.rendering.context import edition_name

    if tree.edition is None:
        return tree.id
    return f"{edition_name(plan, tree.edition)} «{' '.join(tree.edition.title.split())}»"


def write_package(folder: Path, plan: Plan, tree: EditionTree, raw: dict[str, bytes]) -> list[Path]:
    """Write every table and the descriptor into `folder`, all as one unit; the paths written."""
    from psmctl.writing import WriteSet, make_folders

    from psmctl.monitoring.opendata import monitoring_tables

    tables = [*level_tables(tree, raw), *link_tables(tree), *registry_tables(plan), *monitoring_tables(tree)]
    written = []
    make_folders(folder)
    with WriteSet(folder) as writes:  # a package is whole: never new tables beside an old descriptor
        for table in tables:
            path = folder / f"{table.name}.csv"
            writes.add(path, write_csv([n for n, _ in table.fields], _cells(table)))
            written.append(path)
        document = descriptor(tree.id, package_title(plan, tree), tables)
        path = folder / "datapackage.json"
        writes.add(path, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        written.append(path)
        writes.commit()
    return written
