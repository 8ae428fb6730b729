"""Time `psmctl render monitoring`: template, charts and Pandoc stages apart (a benchmark, not a test).

    python bench/monitoring_bench.py [--sizes 1000 10000] [--format docx] [--indicators 12]

For examples/synthetic-plan and for SYNTHETIC plans of 1,000 and 10,000 actions
(bench/synth.py plus three generated rounds and indicators, in a temporary
folder) it prints: loading and validation, the template stage without the
charts (context, roll-ups, assessment, Jinja), the charts (matplotlib → SVG),
Pandoc (Markdown → document), and the whole command as a process (start-up
included; bar: < 3 s to DOCX for the example on a 2-core machine).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.synth import write_synthetic_plan  # noqa: E402
from psmctl.monitoring import report  # noqa: E402
from psmctl.rendering.document import render_markdown, write_document  # noqa: E402
from psmctl.validate import validate_path  # noqa: E402

EXAMPLE = ROOT / "examples" / "synthetic-plan"
ROUNDS = ("2030-08-31", "2031-08-31", "2032-08-31")
FLOW = ("planned", "in_progress", "completed")


def add_monitoring(root: Path, edition: str, indicators: int, seed: int = 0) -> None:
    """Three SYNTHETIC rounds covering every action, and `indicators` indicators on the first strategies."""
    rng = random.Random(seed)
    folder = root / "editions" / edition
    actions = sorted(p.stem for p in (folder / "actions").glob("*.yaml"))
    stage = {a: 0 for a in actions}
    progress = {a: 0 for a in actions}
    (folder / "monitoring").mkdir(exist_ok=True)
    for year, day in enumerate(ROUNDS):
        lines = [f"# Round SINTETICO generato da bench/monitoring_bench.py\nkind: monitoring\nas_of: {day}\nactions:"]
        for n, action in enumerate(actions, start=1):
            stage[action] = min(2, stage[action] + rng.randint(0, 1))
            progress[action] = 100 if stage[action] == 2 else max(progress[action], rng.randint(0, 90) * stage[action])
            allocated = 1000 * (n % 500 + 1)
            lines.append(f"  {action}:\n    status: {FLOW[stage[action]]}\n    progress: {progress[action]}\n"
                         f"    funding:\n      - cup: J11B{30 + year}{n:09d}\n        source: pnrr\n"
                         f"        allocated: {allocated}\n        committed: {allocated * (year + 1) // 4}\n"
                         f"        paid: {allocated * year // 5}")
        (folder / "monitoring" / f"{day}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "indicators").mkdir(exist_ok=True)
    for i in range(1, indicators + 1):
        base = rng.randint(50, 200)
        series = "\n".join(f"  - {{year: {y}, value: {base + rng.randint(-5, 15) * (y - 2028)}, source: SYN}}"
                           for y in range(2028, 2033))
        (folder / "indicators" / f"indicatore-sintetico-{i}.yaml").write_text(
            f"kind: indicator\nid: indicatore-sintetico-{i}\nname: \"Indicatore sintetico {i}\"\nunit: n.\n"
            f"polarity: {rng.choice(['positive', 'negative'])}\nbaseline: {{year: 2028, value: {base}}}\n"
            f"target: {{year: 2032, value: {base + 40}}}\nseries:\n{series}\n", "utf-8")


def stages(root: Path, edition: str, fmt: str) -> dict[str, Any]:
    started = time.perf_counter()
    plan, _ = validate_path(root)
    loading = time.perf_counter() - started
    charting = [0.0]

    def timed(draw: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return draw(*args, **kwargs)
            finally:
                charting[0] += time.perf_counter() - began
        return wrapper

    originals = report.status_chart, report.series_chart
    report.status_chart, report.series_chart = timed(originals[0]), timed(originals[1])  # type: ignore[assignment]
    try:
        rendered = render_markdown(plan, "monitoring", edition, fmt=fmt)
    finally:
        report.status_chart, report.series_chart = originals  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as out:
        began = time.perf_counter()
        write_document(rendered, fmt, Path(out) / f"monitoraggio.{fmt}")
        pandoc = time.perf_counter() - began
    return {"actions": len(plan.editions[edition].actions), "load+validate": loading,
            "template": rendered.template_seconds - charting[0], "charts": charting[0], "pandoc": pandoc,
            "charts_n": len(rendered.charts), "markdown_kb": len(rendered.markdown.encode()) / 1024}


def whole_command(root: Path, fmt: str) -> float:
    with tempfile.TemporaryDirectory() as out:
        began = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("psmctl")), "render", "monitoring", "--plan", str(root),
                        "-o", f"{out}/m.{fmt}"], check=True, capture_output=True)
        return time.perf_counter() - began


def show(label: str, figures: dict[str, Any], whole: float | None) -> None:
    parts = "  ".join(f"{k} {v:.2f}s" for k, v in figures.items() if k in ("load+validate", "template", "charts",
                                                                               "pandoc"))
    tail = f"  whole command {whole:.2f}s" if whole is not None else ""
    print(f"{label:<28} {figures['actions']:>6} actions  {parts}  ({figures['charts_n']} charts, "
          f"{figures['markdown_kb']:.0f} kB Markdown){tail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--format", default="docx")
    parser.add_argument("--indicators", type=int, default=12)
    args = parser.parse_args()
    show("examples/synthetic-plan", stages(EXAMPLE, "2024-2026", args.format), whole_command(EXAMPLE, args.format))
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = write_synthetic_plan(Path(folder) / "plan", size)
            add_monitoring(root, "2030-2032", args.indicators)
            whole = whole_command(root, args.format) if size <= 1000 else None
            show("synthetic, 3 rounds", stages(root, "2030-2032", args.format), whole)


if __name__ == "__main__":
    main()
