"""Time `psmctl render annex`: the template stage and the Pandoc stage, apart.

    python bench/render_bench.py [--sizes 1000 10000] [--repeat 3] [--format docx] [--no-large-pandoc]

For the real plan (plan/, edition 2024-2026) and for synthetic plans
(bench/synth.py, in a temporary folder) it prints: loading, template stage
(context + Jinja → Markdown), Pandoc stage (Markdown → document), and for the
real plan the whole command as a process (start-up included; bar: < 3 s for
DOCX on a 2-core machine). The template-time ratio 10,000 vs 1,000 actions
shows linearity (≈ 10 is linear).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.synth import write_synthetic_plan  # noqa: E402
from psmctl.loading.tree import DirectorySource, load_plan  # noqa: E402
from psmctl.rendering.document import render_markdown, write_document  # noqa: E402


def best(action, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(root: Path, edition: str, fmt: str, repeat: int, pandoc: bool) -> dict[str, float]:
    started = time.perf_counter()
    plan, _ = load_plan(DirectorySource(root))
    loading = time.perf_counter() - started
    template = min(render_markdown(plan, "annex", edition).template_seconds for _ in range(repeat))
    rendered = render_markdown(plan, "annex", edition)
    figures = {"actions": len(plan.editions[edition].actions), "load": loading, "template": template,
               "markdown_kb": len(rendered.markdown.encode()) / 1024}
    if pandoc:
        with tempfile.TemporaryDirectory() as out:
            figures["pandoc"] = best(lambda: write_document(rendered, fmt, Path(out) / f"annex.{fmt}"),
                                     1 if figures["actions"] > 2000 else repeat)
    return figures


def whole_command(fmt: str, repeat: int) -> float:
    psmctl = Path(sys.executable).parent / "psmctl"
    with tempfile.TemporaryDirectory() as out:
        command = [str(psmctl), "render", "annex", "--plan", str(ROOT / "plan"), "-f", fmt, "-o", f"{out}/a.{fmt}"]
        return best(lambda: subprocess.run(command, check=True, capture_output=True), repeat)


def show(label: str, f: dict[str, float]) -> None:
    pandoc = f"{f['pandoc']:8.3f} s" if "pandoc" in f else "  (skipped)"
    print(f"{label:<22} {int(f['actions']):>6} actions  load {f['load']:7.3f} s  template {f['template']:7.3f} s"
          f"  pandoc {pandoc}  markdown {f['markdown_kb']:8.1f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", default="docx", choices=["docx", "odt", "html", "pdf"])
    parser.add_argument("--no-large-pandoc", action="store_true", help="skip Pandoc above 2,000 actions (slow, GBs)")
    args = parser.parse_args()
    show("real plan 2024-2026", measure(ROOT / "plan", "2024-2026", args.format, args.repeat, True))
    print(f"{'real plan, whole command':<22} psmctl render annex -f {args.format}: "
          f"{whole_command(args.format, args.repeat):.3f} s (bar: < 3 s)")
    templates: dict[int, float] = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = write_synthetic_plan(Path(folder), size)
            figures = measure(root, "2030-2032", args.format, args.repeat,
                              not (args.no_large_pandoc and size > 2000))
        templates[size] = figures["template"]
        show(f"synthetic {size}", figures)
    if 1000 in templates and 10000 in templates:
        ratio = templates[10000] / templates[1000]
        print(f"template time 10,000 / 1,000 actions: {ratio:.1f} (10 = linear)")


if __name__ == "__main__":
    main()
