"""Charts: same input, same bytes; statuses told apart without colour; text alternatives as given."""

from __future__ import annotations

import matplotlib

from psmctl.monitoring.charts import STATUS_STYLE, series_chart, status_chart
from psmctl.monitoring.labels import STATUS_LABELS

ROWS = [("1", {"completed": 2, "in_progress": 1, "planned": 3}), ("2", {"suspended": 1, "cancelled": 1})]


def test_same_input_same_bytes_and_global_settings_untouched() -> None:
    before = dict(matplotlib.rcParams)
    first = status_chart("k", ROWS, STATUS_LABELS, "alt")
    assert status_chart("k", ROWS, STATUS_LABELS, "alt").image == first.image
    png = status_chart("k", ROWS, STATUS_LABELS, "alt", "png")
    assert png.image.startswith(b"\x89PNG") and status_chart("k", ROWS, STATUS_LABELS, "alt", "png").image == png.image
    series = [(2022, 10.0), (2023, 11.5)]
    assert series_chart("s", series, (2022, 10.0), (2026, 14.0), "n.", "t", "a").image == \
        series_chart("s", series, (2022, 10.0), (2026, 14.0), "n.", "t", "a").image
    assert b"<dc:date>" not in first.image and b"conclusa" in first.image  # no timestamp; labels as text
    assert dict(matplotlib.rcParams) == before


def test_statuses_differ_in_grey_or_in_hatch() -> None:
    def grey(colour: str) -> int:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        return round(0.299 * r + 0.587 * g + 0.114 * b) // 32  # eight grey levels

    looks = {(grey(colour), hatch) for colour, hatch in STATUS_STYLE.values()}
    assert len(looks) == len(STATUS_STYLE)


def test_the_digest_names_the_embedded_source() -> None:
    import hashlib

    chart = status_chart("k", ROWS, STATUS_LABELS, "alt")
    assert chart.src.startswith("data:image/svg+xml;base64,")
    assert status_chart("k", ROWS, STATUS_LABELS, "alt", "png").src.startswith("data:image/png;base64,")
    assert chart.digest == hashlib.sha1(chart.src.encode()).hexdigest()
