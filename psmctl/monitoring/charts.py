"""Charts of the monitoring report, drawn with matplotlib as SVG or PNG.

matplotlib installs from PyPI with its own fonts and needs nothing at run
time. SVG for HTML, Markdown and the PDF (vector; the PDF step hands it to
Typst), PNG at 150 dpi for DOCX and ODT (Word before 2016 and LibreOffice
show no SVG-only picture in a DOCX). Output is
byte-identical for the same input: a fixed `svg.hashsalt` for element ids and
no date or software version in the metadata. In the SVG text stays
text naming the reference documents' sans, Liberation Sans (then DejaVu Sans),
so the reader's font draws it as it draws the document, and the file stays
small; matplotlib measures it with the same fonts. Colours
are the Okabe-Ito palette (readable by colour-blind readers), and each status
also has its own hatch and lightness so the chart reads in grey.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from typing import Any, Sequence

STATUS_STYLE = {  # status → (colour, hatch)
    "completed": ("#0072B2", ""),
    "in_progress": ("#56B4E9", "//"),
    "planned": ("#F0E442", ""),  # solid and light, against completed solid and dark (dots would weigh 70 kB)
    "suspended": ("#E69F00", "xx"),
    "cancelled": ("#D55E00", "\\\\"),
    "unreported": ("#FFFFFF", "--"),
}
SERIES = "#0072B2"
TARGET = "#D55E00"
BASELINE = "#000000"


@dataclass(frozen=True)
class Chart:
    """One chart: its SVG bytes, its text alternative, and the src the document embeds."""

    key: str
    image: bytes
    mime: str  # image/svg+xml or image/png
    alt: str

    @property
    def src(self) -> str:
        return f"data:{self.mime};base64," + base64.b64encode(self.image).decode("ascii")

    @property
    def digest(self) -> str:
        """What the Pandoc filter checks before it lets an image through (psmctl/plan_text.lua)."""
        return hashlib.sha1(self.src.encode("ascii")).hexdigest()


STYLE: dict[Any, Any] = {"svg.hashsalt": "psmctl", "svg.fonttype": "none", "font.family": "sans-serif",
         "font.sans-serif": ["Liberation Sans", "DejaVu Sans"], "font.size": 9,
         "axes.spines.top": False, "axes.spines.right": False, "hatch.linewidth": 0.6}


def _figure(width: float, height: float) -> tuple[Any, Any]:
    # A bare Figure, not pyplot: no GUI backend, no global figure registry, faster to import.
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    return fig, fig.add_subplot()


MIME = {"svg": "image/svg+xml", "png": "image/png"}
METADATA: dict[str, dict[str, Any]] = {"svg": {"Date": None, "Creator": "psmctl"}, "png": {"Software": None}}


def _drawn(fig: Any, kind: str) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=kind, dpi=150, metadata=METADATA[kind], bbox_inches="tight")
    return buffer.getvalue()


def _styled(draw: Any) -> Any:
    """Run `draw` under the chart style only, leaving matplotlib's global settings as they were."""
    import matplotlib

    with matplotlib.rc_context(STYLE):
        return draw()


def status_chart(key: str, rows: Sequence[tuple[str, dict[str, int]]], labels: dict[str, str], alt: str,
                 kind: str = "svg", count_label: str = "numero di azioni") -> Chart:
    """Horizontal stacked bars: for each row (an axis), its actions by status; `count_label` names the
    bar length in the plan's level words («numero di progetti»)."""
    return Chart(key, _styled(lambda: _status_figure(rows, labels, kind, count_label)), MIME[kind], alt)


def _status_figure(rows: Sequence[tuple[str, dict[str, int]]], labels: dict[str, str], kind: str,
                   count_label: str) -> bytes:
    fig, ax = _figure(6.3, 0.45 * len(rows) + 1.1)
    names = [name for name, _ in rows][::-1]
    left = [0] * len(rows)
    for status, (colour, hatch) in STATUS_STYLE.items():
        counts = [counts.get(status, 0) for _, counts in rows][::-1]
        if not any(counts):
            continue
        ax.barh(names, counts, left=left, color=colour, hatch=hatch, edgecolor="#333333", linewidth=0.6,
                label=labels[status])
        left = [a + b for a, b in zip(left, counts)]
    ax.set_xlabel(count_label)
    ax.xaxis.get_major_locator().set_params(integer=True)
    if any(left):  # no bar, no legend (matplotlib warns on an empty one)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35 if len(rows) < 4 else -0.15), ncol=3,
                  frameon=False)
    return _drawn(fig, kind)


def series_chart(key: str, points: Sequence[tuple[int, float]], baseline: tuple[int, float] | None,
                 target: tuple[int, float] | None, unit: str, title: str, alt: str, kind: str = "svg") -> Chart:
    """An indicator's observations, its baseline point and its target as a dashed line."""
    return Chart(key, _styled(lambda: _series_figure(points, baseline, target, unit, title, kind)), MIME[kind], alt)


def _series_figure(points: Sequence[tuple[int, float]], baseline: tuple[int, float] | None,
                   target: tuple[int, float] | None, unit: str, title: str, kind: str) -> bytes:
    fig, ax = _figure(6.3, 2.6)
    if points:
        ax.plot([p[0] for p in points], [p[1] for p in points], color=SERIES, marker="o", linewidth=1.6,
                label="valori osservati")
    if baseline is not None:
        ax.plot([baseline[0]], [baseline[1]], color=BASELINE, marker="s", linestyle="none", markersize=7,
                label="valore di base")
    if target is not None:
        ax.axhline(target[1], color=TARGET, linestyle="--", linewidth=1.2, label=f"obiettivo {target[0]}")
        ax.plot([target[0]], [target[1]], color=TARGET, marker="D", linestyle="none")
    ax.set_title(title, fontsize=9, loc="left")
    ax.set_ylabel(unit)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="best", frameon=False, fontsize=8)
    return _drawn(fig, kind)
