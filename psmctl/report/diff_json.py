"""`psmctl diff --format json`: the stable contract (version 1), documented in docs/diff.md."""

from __future__ import annotations

import json
from typing import Any, TextIO

from psmctl.diffing.changes import Change, Ref
from psmctl.diffing.classes import value_change
from psmctl.diffing.fields import FieldChange
from psmctl.diffing.report import DiffReport

JSON_VERSION = 1


def _ref(ref: Ref | None) -> dict[str, Any] | None:
    return None if ref is None else {"id": ref.id, "code": ref.code, "title": ref.title}


def _field(change: FieldChange, report: DiffReport) -> dict[str, Any]:
    out: dict[str, Any] = {"field": change.field, "old": change.old, "new": change.new}
    if change.words:
        out["diff"] = [[op, words] for op, words in change.words]
    classified = value_change(change, report)
    if classified is not None:
        out.update({"dimension": classified.dimension, "text": classified.phrase(),
                    "added": [{"id": i, "label": label} for i, label in classified.added],
                    "removed": [{"id": i, "label": label} for i, label in classified.removed]})
    return out


def change_json(change: Change, report: DiffReport) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "kinds": change.kinds,
        "level": change.level,
        "old": _ref(change.old),
        "new": _ref(change.new),
        "match": change.via,
        "inferred": change.inferred,
        "score": change.score,
        "group": change.group,
        "fields": [_field(f, report) for f in change.fields],
    }


def json_document(report: DiffReport) -> dict[str, Any]:
    shown = report.shown
    return {
        "version": JSON_VERSION,
        "old": report.old.as_json(),
        "new": report.new.as_json(),
        "threshold": report.threshold,
        "filters": report.filters,
        "summary": {"levels": report.counts, "changes": len(shown)},
        "changes": [change_json(c, report) for c in shown],
    }


def write_json(report: DiffReport, out: TextIO) -> None:
    json.dump(json_document(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
