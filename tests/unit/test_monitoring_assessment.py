"""Indicator assessment (CAGR-ratio method) on hand-computed cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from psmctl.model import Indicator
from psmctl.monitoring.assessment import assess

DOCS = Path(__file__).resolve().parents[2] / "docs" / "monitoring.md"


def indicator(series: dict[int, float], *, baseline: tuple[int, float] | None = None,
              target: tuple[int, float] | None = None, polarity: str | None = "positive") -> Indicator:
    data: dict[str, Any] = {"kind": "indicator", "id": "x", "name": "Indicatore", "polarity": polarity,
                            "series": [{"year": y, "value": str(v), "source": "S"} for y, v in series.items()]}
    if baseline:
        data["baseline"] = {"year": baseline[0], "value": str(baseline[1])}
    if target:
        data["target"] = {"year": target[0], "value": str(target[1])}
    return Indicator.model_validate(data)


def test_worked_example_of_the_docs() -> None:
    # (110/100)^(1/3) - 1 = 3.2280 %; (150/100)^(1/10) - 1 = 4.1380 %; R = 0.7801
    result = assess(indicator({2020: 100, 2023: 110}, baseline=(2020, 100), target=(2030, 150)))
    assert (result.klass, result.observed_growth, result.required_growth, result.ratio) == (
        "acceleration_needed", 0.03228, 0.04138, 0.780095)
    text = DOCS.read_text("utf-8")
    for figure in ("3,228 %", "4,138 %", "0,780", "Progressi, ma occorre accelerare"):
        assert figure in text


def test_decreasing_polarity_compares_falls() -> None:
    # (5.9/6)^(1/3) - 1 = -0.5587 %; (4.2/6)^(1/8) - 1 = -4.3605 %; R = 0.1281 → limited
    result = assess(indicator({2022: 6.0, 2025: 5.9}, baseline=(2022, 6.0), target=(2030, 4.2), polarity="negative"))
    assert result.klass == "limited"
    assert result.ratio == pytest.approx(0.1281, abs=1e-4)


def test_no_target_is_a_trend_against_fixed_rates() -> None:
    # (197/180)^(1/3) - 1 = 3.05 % ≥ 1.5 % → on track
    assert assess(indicator({2022: 180, 2025: 197}, baseline=(2022, 180))).klass == "on_track"
    # 1 % a year: between 0.5 % and 1.5 %
    assert assess(indicator({2022: 100, 2023: 101})).klass == "acceleration_needed"
    assert assess(indicator({2022: 100, 2023: 100.2})).klass == "limited"
    assert assess(indicator({2022: 100, 2023: 99})).klass == "deterioration"
    assert assess(indicator({2022: 100, 2023: 99}, polarity="negative")).klass == "acceleration_needed"


def test_zero_baseline_uses_the_yearly_change() -> None:
    # 0 → 3 in three years against 0 → 10 in ten: one unit a year observed and required, R = 1
    result = assess(indicator({2020: 0, 2023: 3}, baseline=(2020, 0), target=(2030, 10)))
    assert (result.klass, result.ratio) == ("on_track", 1.0)
    assert assess(indicator({2020: 0, 2023: 3}, baseline=(2020, 0))).klass == "not_assessable"


def test_too_few_points_or_no_polarity_is_not_assessable() -> None:
    assert assess(indicator({2022: 10}, baseline=(2022, 10), target=(2026, 12))).klass == "not_assessable"
    assert assess(indicator({})).klass == "not_assessable"
    assert assess(indicator({2022: 10, 2024: 12}, polarity="neutral")).klass == "not_assessable"
    assert assess(indicator({2022: 10, 2024: 12}, polarity=None)).klass == "not_assessable"


def test_target_reached_and_moving_away_from_a_met_target() -> None:
    assert assess(indicator({2022: 10, 2024: 12.5}, target=(2026, 12))).klass == "achieved"
    # down is better, the base (4) already met the target (5), the latest (6) no longer does
    assert assess(indicator({2022: 4, 2024: 6}, target=(2026, 5), polarity="negative")).klass == "deterioration"


def test_observations_after_the_report_year_are_not_used() -> None:
    series = indicator({2022: 100, 2023: 101, 2025: 90}, target=(2030, 120))
    assert assess(series, until_year=2024).latest_year == 2023
    assert assess(series).klass == "deterioration"
