"""Time the Pandoc stage of one document: one format, several formats read once, and its parts.

    python bench/pandoc_bench.py [--sizes 1000 10000] [--repeat 3] [--kind plan] [--formats docx odt pdf]

For the real plan (plan/, edition 2024-2026) and synthetic plans (bench/synth.py)
it renders the document's Markdown once, then times, as CPU seconds (psmctl's
own process plus its Pandoc children, so a busy machine inflates nothing but
the waits) and as the median of interleaved runs:

  alone      each format by itself (Markdown → format, one Pandoc run each)
  together   every format through write_documents (Markdown read once → JSON AST,
             then each writer from the JSON)
  read       the reader stage alone (Markdown → JSON AST, plan text's shared rules)
  writer     each writer alone from that JSON AST: what an extra format costs

The time limits of Jinja, Pandoc and Typst (psmctl.rendering.sandbox.MAX_SECONDS,
psmctl.pandoc.MAX_SECONDS, psmctl.rendering.document.TYPST_SECONDS) are lifted here: a 10,000-action
document takes longer than a user's render may. Synthetic plans are written
in --large-formats (PDF of 10,000 actions takes minutes and gigabytes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.synth import write_synthetic_plan  # noqa: E402
from psmctl import pandoc  # noqa: E402
from psmctl.rendering import document as rendering_document  # noqa: E402
from psmctl.rendering import sandbox  # noqa: E402
from psmctl.loading.tree import DirectorySource, load_plan  # noqa: E402
from psmctl.rendering.document import Rendered, metadata_of, render_markdown, write_document, write_documents  # noqa: E402


def cpu() -> float:
    mine, children = os.times(), os.times()
    return mine.user + mine.system + children.children_user + children.children_system


def cpu_of(action: Callable[[], object]) -> tuple[float, float]:
    """(CPU, wall) seconds of `action`, its child processes included."""
    started, wall = cpu(), time.perf_counter()
    action()
    return cpu() - started, time.perf_counter() - wall


def interleaved(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[tuple[float, float]]]:
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            runs[name].append(cpu_of(action))
    return runs


def median(runs: list[tuple[float, float]], which: int = 0) -> float:
    return statistics.median(run[which] for run in runs)


def measure(label: str, rendered: Rendered, formats: list[str], repeat: int, out: Path) -> None:
    metadata = metadata_of(rendered.labels)
    read = pandoc.read_document(rendered.markdown, metadata)
    actions: dict[str, Callable[[], object]] = {
        "alone": lambda: [write_document(rendered, fmt, out / f"alone.{fmt}") for fmt in formats],
        "together": lambda: write_documents(rendered, {fmt: out / f"together.{fmt}" for fmt in formats}),
        "read": lambda: pandoc.read_document(rendered.markdown, metadata),
    }
    for fmt in formats:
        actions[f"alone {fmt}"] = lambda fmt=fmt: write_document(rendered, fmt, out / f"one.{fmt}")  # type: ignore[misc]
        actions[f"writer {fmt}"] = lambda fmt=fmt: _from_json(rendered, read, fmt, out)  # type: ignore[misc]
    runs = interleaved(actions, repeat)
    kb = len(rendered.markdown.encode()) / 1024
    print(f"{label}: Markdown {kb:,.0f} KiB; CPU s (median of {repeat}; wall in brackets)")
    alone, together = median(runs["alone"]), median(runs["together"])
    print(f"  {'+'.join(formats)}: alone {alone:.2f} [{median(runs['alone'], 1):.2f}]  together {together:.2f} "
          f"[{median(runs['together'], 1):.2f}]  ratio {together / alone:.2f}")
    print(f"  read once (Markdown → JSON AST): {median(runs['read']):.2f}")
    for fmt in formats:
        one, writer = median(runs[f"alone {fmt}"]), median(runs[f"writer {fmt}"])
        print(f"  {fmt}: alone {one:.2f}  writer from JSON {writer:.2f} ({writer / one:.2f}× alone)")


def _from_json(rendered: Rendered, read: pandoc.ReadDocument, fmt: str, out: Path) -> None:
    """One writer from the JSON AST, through the same writer functions as write_documents."""
    from psmctl.rendering.document import FORMAT_WRITERS, Output

    FORMAT_WRITERS[fmt](Output(rendered, read, {}, None), out / f"json.{fmt}")


def document(root: Path, edition: str, kind: str) -> Rendered:
    plan, _ = load_plan(DirectorySource(root))
    return render_markdown(plan, kind, edition)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kind", default="plan", choices=["annex", "plan"])
    parser.add_argument("--formats", nargs="+", default=["docx", "odt", "html", "pdf"])
    parser.add_argument("--large-formats", nargs="+", default=["docx", "odt", "html"])
    args = parser.parse_args()
    pandoc.MAX_SECONDS = 3600.0
    rendering_document.TYPST_SECONDS = 3600.0
    sandbox.MAX_SECONDS = 3600.0
    with tempfile.TemporaryDirectory(prefix="psmctl-pandoc-bench-") as folder:
        out = Path(folder)
        measure(f"real plan, {args.kind}", document(ROOT / "plan", "2024-2026", args.kind), args.formats,
                args.repeat, out)
        for size in args.sizes:
            root = write_synthetic_plan(out / f"plan-{size}", size)
            measure(f"synthetic {size:,} actions, {args.kind}", document(root, "2030-2032", args.kind),
                    args.large_formats, max(1, args.repeat if size <= 2000 else 1), out)


if __name__ == "__main__":
    main()
