"""An indicator's series as chart geometry: numbers only, drawn as SVG by the page template.

The template draws the points (so every text in the SVG is escaped like any
other) and the page always carries the same values as a data table, which is
the chart's text alternative (WCAG 1.1.1).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

WIDTH, HEIGHT, PAD = 640, 240, 40


def series_chart(indicator: dict[str, Any]) -> dict[str, Any] | None:
    """Points of the indicator's series scaled into the drawing; None below two observations."""
    series = indicator["series"]
    if len(series) < 2:
        return None
    years = [o["year"] for o in series]
    values = [Decimal(o["value"]) for o in series]
    low, high = min(values), max(values)
    span_x = (max(years) - min(years)) or 1
    span_y = (high - low) or Decimal(1)
    points = []
    for year, value in zip(years, values):
        x = PAD + (WIDTH - 2 * PAD) * (year - min(years)) / span_x
        y = HEIGHT - PAD - float((HEIGHT - 2 * PAD) * (value - low) / span_y)
        points.append({"x": round(x, 1), "y": round(y, 1), "year": year, "value": value})
    return {"width": WIDTH, "height": HEIGHT, "pad": PAD, "points": points,
            "line": " ".join(f"{p['x']},{p['y']}" for p in points), "low": low, "high": high}
