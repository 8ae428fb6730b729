"""Indicator assessment: Statistics Canada's CAGR-ratio method, as Open SDG publishes it.

docs/monitoring.md §Valutazione degli indicatori states the method, its
thresholds and a worked example (tests/unit/test_monitoring_assessment.py
checks that example). In short, with base year t0 (the baseline, else the
first observation) and the latest observation ti no later than the report:

    CAGR_i = (y_i / y_0) ** (1 / (t_i - t_0)) - 1

With a target (t_T, y_T) the class comes from R = CAGR_i / CAGR_T, the
observed over the required growth; without a target, from d · CAGR_i against
fixed rates (d = +1 when up is better, -1 when down is better). Where a
value is zero or negative a growth rate has no meaning, so the average yearly
change (y_i - y_0) / (t_i - t_0) replaces it in the ratio, and a trend without
target is not assessed. The inputs are returned with the class.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from psmctl.model import Indicator
from psmctl.model.elements import Point

ON_TRACK_RATIO = 0.95
ACCELERATE_RATIO = 0.60
ON_TRACK_GROWTH = 0.015  # without a target: 1.5 % a year in the desired direction
ACCELERATE_GROWTH = 0.005

CLASSES = {
    "achieved": "Obiettivo raggiunto",
    "on_track": "In linea con l'obiettivo",
    "acceleration_needed": "Progressi, ma occorre accelerare",
    "limited": "Progressi limitati",
    "deterioration": "Peggioramento",
    "not_assessable": "Non valutabile",
}


@dataclass(frozen=True)
class Assessment:
    """The class of one indicator and every input that produced it."""

    indicator: str
    klass: str
    method: str  # "target" (ratio to the required growth), "trend" (fixed rates), "none"
    reason: str
    base_year: int | None = None
    base_value: float | None = None
    latest_year: int | None = None
    latest_value: float | None = None
    target_year: int | None = None
    target_value: float | None = None
    direction: int | None = None
    observed_growth: float | None = None  # CAGR_i, or the yearly change where values are not positive
    required_growth: float | None = None
    ratio: float | None = None

    @property
    def label(self) -> str:
        return CLASSES[self.klass]

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "label": self.label}


def assess(indicator: Indicator, until_year: int | None = None) -> Assessment:
    """The assessment of `indicator` with the observations up to `until_year` (None: all)."""
    points = [p for p in indicator.series if until_year is None or p.year <= until_year]
    base = indicator.baseline or (min(points, key=lambda p: p.year) if points else None)
    later = [p for p in points if base is not None and p.year > base.year]
    if base is None or not later:
        return Assessment(indicator.id, "not_assessable", "none", "servono un valore di base e almeno "
                          "un'osservazione successiva")
    latest = max(later, key=lambda p: p.year)
    direction = {"positive": 1, "negative": -1}.get(indicator.polarity or "")
    inputs: dict[str, Any] = {"base_year": base.year, "base_value": _f(base.value), "latest_year": latest.year,
                              "latest_value": _f(latest.value), "direction": direction}
    if direction is None:
        return Assessment(indicator.id, "not_assessable", "none", "la polarità (quale verso è un miglioramento) "
                          "non è indicata", **inputs)
    target = indicator.target
    if target is not None and target.year > base.year:
        return _against_target(indicator.id, base, latest, target, direction, inputs)
    return _trend(indicator.id, base, latest, direction, inputs)


def _f(value: Decimal) -> float:
    return float(value)


def growth(base: Point, latest: Point) -> tuple[float, bool]:
    """CAGR between two points, or the average yearly change when a value is not positive."""
    years = latest.year - base.year
    y0, yi = _f(base.value), _f(latest.value)
    if y0 > 0 and yi >= 0:
        return (yi / y0) ** (1 / years) - 1, True
    return (yi - y0) / years, False


def _against_target(ident: str, base: Point, latest: Point, target: Point, direction: int,
                    inputs: dict[str, Any]) -> Assessment:
    inputs = {**inputs, "target_year": target.year, "target_value": _f(target.value)}
    if direction * (_f(latest.value) - _f(target.value)) >= 0:
        return Assessment(ident, "achieved", "target", "l'ultimo valore raggiunge l'obiettivo", **inputs)
    relative = _f(base.value) > 0 and _f(latest.value) >= 0 and _f(target.value) > 0
    observed = growth(base, latest)[0] if relative else (_f(latest.value) - _f(base.value)) / (latest.year - base.year)
    required = growth(base, target)[0] if relative else (_f(target.value) - _f(base.value)) / (target.year - base.year)
    inputs = {**inputs, "observed_growth": round(observed, 6), "required_growth": round(required, 6)}
    if direction * required <= 0:
        # The base already met the target and the indicator has since fallen short of it.
        return Assessment(ident, "deterioration", "target", "il valore di base raggiungeva l'obiettivo, "
                          "l'ultimo no", **inputs)
    ratio = observed / required
    klass = ("on_track" if ratio >= ON_TRACK_RATIO else "acceleration_needed" if ratio >= ACCELERATE_RATIO
             else "limited" if ratio >= 0 else "deterioration")
    how = "tassi medi annui composti" if relative else "variazioni medie annue (valori non positivi)"
    return Assessment(ident, klass, "target", f"rapporto tra crescita osservata e richiesta ({how})",
                      ratio=round(ratio, 6), **inputs)


def _trend(ident: str, base: Point, latest: Point, direction: int, inputs: dict[str, Any]) -> Assessment:
    observed, relative = growth(base, latest)
    if not relative:
        return Assessment(ident, "not_assessable", "trend", "senza obiettivo serve un tasso di crescita, che non "
                          "si calcola su valori nulli o negativi", **inputs)
    signed = direction * observed
    klass = ("on_track" if signed >= ON_TRACK_GROWTH else "acceleration_needed" if signed >= ACCELERATE_GROWTH
             else "limited" if signed >= 0 else "deterioration")
    return Assessment(ident, klass, "trend", "nessun obiettivo: tasso medio annuo composto nel verso desiderato",
                      observed_growth=round(observed, 6), **inputs)
