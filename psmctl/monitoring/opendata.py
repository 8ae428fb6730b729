"""Monitoring as open data: rounds, action states, funding lines, observations and assessments.

Tables of the edition's datapackage (psmctl.exchange.opendata), so an
observatory can load every round of every plan into one engine and join the
funding lines with national open data by CUP. The assessment table carries
the method's inputs next to each class, as Open SDG publishes them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from psmctl.exchange.opendata import Table
from psmctl.loading.tree import EditionTree
from psmctl.monitoring.assessment import assess
from psmctl.monitoring.model import Amount
from psmctl.monitoring.rounds import rounds_of

ROUND = [("as_of", "date")]
BY_ROUND = ("as_of", "monitoring_rounds", "as_of")
BY_ACTION = ("action_id", "actions", "id")
BY_INDICATOR = ("indicator_id", "indicators", "id")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _money(amount: Amount | None) -> list[str]:
    return [_text(amount.amount), _text(amount.date)] if amount else ["", ""]


def monitoring_tables(tree: EditionTree) -> list[Table]:
    rounds, states, funding = [], [], []
    for _, model in rounds_of(tree):
        day = model.as_of.isoformat()
        act = model.approved_by
        rounds.append([day, _text(model.title), _text(act.organ if act else None), _text(act.number if act else None),
                       _text(act.date if act else None), str(len(model.actions))])
        for action_id, state in sorted(model.actions.items()):
            states.append([day, action_id, state.status, _text(state.progress), _text(state.note),
                           " ".join(state.evidence)])
            for n, line in enumerate(state.funding, start=1):
                funding.append([day, action_id, str(n), _text(line.cup), _text(line.source), _text(line.pnrr),
                                _text(line.programme), *_money(line.allocated), *_money(line.committed),
                                *_money(line.paid)])
    money = [(f"{name}{suffix}", kind) for name in ("allocated", "committed", "paid")
             for suffix, kind in (("", "number"), ("_date", "date"))]
    return [
        Table("monitoring_rounds", [*ROUND, ("title", "string"), ("act_organ", "string"), ("act_number", "string"),
                                    ("act_date", "date"), ("actions_reported", "integer")], rounds, ["as_of"]),
        Table("monitoring_states", [*ROUND, ("action_id", "string"), ("status", "string"), ("progress", "integer"),
                                    ("note", "string"), ("evidence", "string")], states, ["as_of", "action_id"],
              [BY_ROUND, BY_ACTION]),
        Table("monitoring_funding", [*ROUND, ("action_id", "string"), ("position", "integer"), ("cup", "string"),
                                     ("source", "string"), ("pnrr", "string"), ("programme", "string"), *money],
              funding, ["as_of", "action_id", "position"], [BY_ROUND, BY_ACTION]),
        _observations(tree),
        _assessments(tree),
    ]


def _observations(tree: EditionTree) -> Table:
    rows = []
    for indicator in tree.indicator_models:
        for point in indicator.series:
            rows.append([indicator.id, str(point.year), "0", _text(point.value), _text(point.source), ""])
            for n, old in enumerate(point.revisions, start=1):
                rows.append([indicator.id, str(point.year), str(n), _text(old.value), _text(old.source),
                             _text(old.published)])
    return Table("indicator_observations", [("indicator_id", "string"), ("year", "integer"), ("revision", "integer"),
                                            ("value", "number"), ("source", "string"), ("published", "string")],
                 rows, ["indicator_id", "year", "revision"], [BY_INDICATOR])


INPUTS = ("base_year", "base_value", "latest_year", "latest_value", "target_year", "target_value", "direction",
          "observed_growth", "required_growth", "ratio")


def _assessments(tree: EditionTree) -> Table:
    """Each indicator's class at each round (with the observations up to that round's year)."""
    rows = []
    for _, model in rounds_of(tree):
        for indicator in tree.indicator_models:
            result = assess(indicator, model.as_of.year).as_dict()
            rows.append([model.as_of.isoformat(), indicator.id, result["klass"], result["label"], result["method"],
                         *(_decimal(result[k]) for k in INPUTS)])
    fields = [*ROUND, ("indicator_id", "string"), ("class", "string"), ("label", "string"), ("method", "string"),
              *((k, "integer" if k.endswith("year") or k == "direction" else "number") for k in INPUTS)]
    return Table("indicator_assessments", fields, rows, ["as_of", "indicator_id"], [BY_ROUND, BY_INDICATOR])


def _decimal(value: Any) -> str:
    # floats as plain decimals (no exponent), so every CSV reader sees a number
    return "" if value is None else (format(Decimal(repr(value)), "f") if isinstance(value, float) else str(value))
