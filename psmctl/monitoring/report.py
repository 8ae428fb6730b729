"""The context of the *relazione di monitoraggio*: roll-ups, assessments, charts, changes.

A document kind like the others (psmctl.rendering.document): this builder
turns the core's results into plain dicts, `psmctl/templates/monitoring.md.j2` lays
them out, the shared pipeline converts them. Nothing is computed here that
another output needs: roll-ups, classes and changes come from their modules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from psmctl.loading.tree import EditionTree, Plan
from psmctl.model import Indicator
from psmctl.model.grammar import Gender, gender_of
from psmctl.monitoring.assessment import assess
from psmctl.monitoring.changes import compare
from psmctl.monitoring.charts import Chart, series_chart, status_chart
from psmctl.monitoring.dup import dup_coverage
from psmctl.monitoring.labels import (
    MONEY_LABELS, SOURCE_LABELS, class_label, line_label, status_label, status_labels,
)
from psmctl.monitoring.rollup import STATUSES, UNREPORTED, Group, Rollup, rollup
from psmctl.monitoring.rounds import pick_date, previous_date, round_dates, rounds_of
from psmctl.rendering.context import ContextProblem, build_context
from psmctl.rendering.filters import it_date, it_number
from psmctl.rendering.labels import Labels, as_date, edition_name

CHART_ROWS = 15  # an axis with more strategies is charted as one bar; its table lists them all


@dataclass
class ChartSet:
    """The charts of one document, all of one image kind; `add` keeps each and gives the template its dict."""

    kind: str
    drawn: list[Chart] = field(default_factory=list)

    def add(self, chart: Chart) -> dict[str, str]:
        self.drawn.append(chart)
        return {"src": chart.src, "alt": chart.alt}


def image_kind(fmt: str | None) -> str:
    """PNG for DOCX and ODT (an SVG-only picture is blank in LibreOffice and Word before 2016), else SVG."""
    return "png" if fmt in ("docx", "odt") else "svg"


def monitoring_context(plan: Plan, edition_id: str, as_of: dt.date | None, fmt: str | None = None) -> dict[str, Any]:
    base = build_context(plan, edition_id)
    tree = plan.editions[edition_id]
    day = pick_date(tree, as_of)
    if day is None:
        raise ContextProblem(f"edition {edition_id} has no monitoring round",
                             f"add editions/{edition_id}/monitoring/<as_of>.yaml (see docs/monitoring.md)")
    if day not in round_dates(tree):
        raise ContextProblem(f"edition {edition_id} has no monitoring round dated {day}",
                             f"rounds: {', '.join(d.isoformat() for d in round_dates(tree))}")
    result = rollup(plan, tree, day)
    previous = previous_date(tree, day)
    charts = ChartSet(image_kind(fmt))
    shown = _shown_statuses(result)
    levels = base["levels"]
    action = levels["action"]  # status words and chart texts agree with it: «progetti conclusi»
    gender = gender_of(action)
    context = {
        "body": base["body"], "institution": base["institution"], "edition": base["edition"], "levels": levels,
        "as_of": day.isoformat(), "round": _round(tree, day), "previous": previous.isoformat() if previous else None,
        "status_names": [status_labels(gender, plural=True)[s] for s in shown],  # columns that count
        "total": _group(result.total, shown),
        "axes": _axes(tree, result, shown, levels["axis"]["singular"], action, charts),
        "zones": [_group(g, shown) for g in result.zones],
        "sources": [{**_group(g, shown), "label": SOURCE_LABELS.get(g.key, g.key)} for g in result.sources],
        "overdue": _overdue(tree, result, gender),
        "indicators": [_indicator(i, day, charts) for i in tree.indicator_models],
        "dup": dup_coverage(plan, tree),
        "changes": _changes(tree, previous, day, gender),
    }
    context["status_chart"] = _plan_chart(tree, result, levels["axis"], action, charts)
    context["chart_digests"] = [c.digest for c in charts.drawn]
    return context


def monitoring_labels(context: dict[str, Any]) -> Labels:
    """Title, running header and date of the report: the round's date, so re-renders stay identical."""
    when = f"Stato di attuazione al {it_date(context['as_of'])}"
    name = edition_name(context["edition"])
    return Labels(f"Relazione di monitoraggio – {when} – {name}", f"{context['body']} – {when}", context["body"],
                  f"Relazione di monitoraggio: {name}", as_date(context["as_of"]))


def _shown_statuses(result: Rollup) -> list[str]:
    """The status columns of the tables: those some action of the plan has at the date."""
    return [s for s in (*STATUSES, UNREPORTED) if result.total.by_status[s]]


def _round(tree: EditionTree, day: dt.date) -> dict[str, Any] | None:
    for _, model in rounds_of(tree):
        if model.as_of == day:
            act = model.approved_by
            return {"title": model.title, "act": {"organ": act.organ, "number": act.number, "date": act.date}
                    if act else None, "reported": len(model.actions)}
    return None


def _share(value: float | None) -> str:
    return "—" if value is None else f"{it_number(value * 100, 1)} %"


def _group(group: Group, statuses: list[str]) -> dict[str, Any]:
    return {
        "key": group.key, "label": group.label, "count": group.count,
        "by_status": [group.by_status[s] for s in statuses],
        "completed": _share(group.completed_share), "started": _share(group.started_share),
        "progress": "—" if group.average_progress is None else f"{it_number(group.average_progress, 1)} %",
        "overdue": len(group.overdue),
        "money": {MONEY_LABELS[k]: v for k, v in group.money.items()},
    }


def _status_alt(title: str, group_rows: list[tuple[str, dict[str, int]]], action: dict[str, str]) -> str:
    parts = []
    for name, counts in group_rows:
        shown = ", ".join(f"{n} {status_labels(gender_of(action), n != 1)[s]}" for s, n in counts.items() if n)
        parts.append(f"{name}: {shown or action['none']}")
    return f"{title}. " + "; ".join(parts) + "."


def _status_chart(key: str, rows: list[tuple[str, dict[str, int]]], title: str, action: dict[str, str],
                  charts: ChartSet) -> dict[str, str]:
    """A status chart in the action level's words: legend, axis label and text alternative."""
    return charts.add(status_chart(key, rows, status_labels(gender_of(action), plural=True), _status_alt(title, rows, action),
                                   charts.kind, count_label=f"numero di {action['plural']}"))


def _chart_name(tree: EditionTree, key: str) -> str:
    """A chart's row label: the element's full code, or its title where the plan numbers nothing."""
    found = tree.by_id.get(key)
    return (tree.full_code(found.model) or found.model.title) if found else key


def _plan_chart(tree: EditionTree, result: Rollup, axis_level: dict[str, str], action: dict[str, str],
                charts: ChartSet) -> dict[str, Any]:
    word = axis_level["singular"]
    rows = [(f"{word.capitalize()} {_chart_name(tree, g.key)}", dict(g.by_status)) for g in result.axes]
    return _status_chart("status-axes", rows, f"Stato {action['of_plural']} per {word}", action, charts)


def _axes(tree: EditionTree, result: Rollup, shown: list[str], word: str, action: dict[str, str],
          charts: ChartSet) -> list[dict[str, Any]]:
    strategies = {g.key: g for g in result.strategies}
    out = []
    for axis, group in zip(tree.axes, result.axes):
        rows = [strategies[f.model.id] for f in tree.children.get(axis.id, []) if f.model.id in strategies]
        chart_rows = [(_chart_name(tree, g.key), dict(g.by_status)) for g in rows]
        if not chart_rows or len(chart_rows) > CHART_ROWS:
            chart_rows = [(tree.full_code(axis) or axis.title, dict(group.by_status))]
        # an axis with no actions gets a sentence, not an empty chart
        chart = _status_chart(f"status-{axis.id}", chart_rows,
                              f"Stato {action['of_plural']} – {word} {tree.full_code(axis) or axis.title}",
                              action, charts) if group.count else None
        out.append({**_group(group, shown), "code": tree.full_code(axis), "title": axis.title,
                    "strategies": [_group(g, shown) for g in rows], "chart": chart})
    return out


def _overdue(tree: EditionTree, result: Rollup, gender: Gender) -> list[dict[str, Any]]:
    out = []
    for action in tree.actions:
        if action.id in result.total.overdue:
            state = result.states[action.id].state
            out.append({"code": tree.full_code(action), "title": action.title,
                        "end": action.timeline.end if action.timeline else None,
                        "status": status_label(state.status if state else None, gender),
                        "progress": state.progress if state else None, "note": state.note if state else None})
    return out


def _indicator(indicator: Indicator, day: dt.date, charts: ChartSet) -> dict[str, Any]:
    result = assess(indicator, day.year)
    points = [(p.year, float(p.value)) for p in sorted(indicator.series, key=lambda p: p.year) if p.year <= day.year]
    base = (indicator.baseline.year, float(indicator.baseline.value)) if indicator.baseline else None
    target = (indicator.target.year, float(indicator.target.value)) if indicator.target else None
    alt = (f"Andamento di «{indicator.name}» ({indicator.unit or 'valori'}): "
           + ", ".join(f"{y} {it_number(v, 2)}" for y, v in points)
           + (f"; obiettivo {it_number(target[1], 2)} al {target[0]}" if target else "; nessun obiettivo")
           + f". Valutazione: {result.label}.")
    chart = charts.add(series_chart(f"indicator-{indicator.id}", points, base, target, indicator.unit or "",
                                    f"{indicator.name} – {result.label}", alt, charts.kind))
    sources = {p.year: p.source for p in indicator.series}
    return {
        "id": indicator.id, "name": indicator.name, "unit": indicator.unit, "polarity": indicator.polarity,
        "class": result.label, "method": result.method, "reason": result.reason, "inputs": result.as_dict(),
        "series": [{"year": y, "value": v, "source": sources.get(y)} for y, v in points],
        "baseline": base, "target": target, "chart": chart,
    }


def _changes(tree: EditionTree, previous: dt.date | None, day: dt.date, gender: Gender) -> dict[str, Any]:
    changes = compare(tree, previous, day)
    data = changes.as_dict()
    for item in data["status"]:
        item["old"], item["new"] = status_label(item["old"], gender), status_label(item["new"], gender)
    lines: dict[tuple[str, str], dict[str, Any]] = {}
    for item in data.pop("money"):  # one row per funding line, its three amounts side by side
        row = lines.setdefault((item["action"], item["line"]), {"code": item["code"], "line": line_label(item["line"]),
                                                                **{label: None for label in MONEY_LABELS.values()}})
        row[MONEY_LABELS[item["field"]]] = {"old": item["old"], "new": item["new"]}
    data["money"] = list(lines.values())
    for item in data["indicators"]:
        item["old"], item["new"] = class_label(item["old"]), class_label(item["new"])
    data["since"] = it_date(previous) if previous else None
    return data
