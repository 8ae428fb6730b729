"""Time `psmctl site build`: the real plan as a whole command, and synthetic plans stage by stage.

    python bench/site_bench.py [--sizes 1000 10000] [--documents]

The real plan (plan/, every edition, documents and search included) is timed as
a process, start-up and validation included (bar: < 5 s on a 2-core machine).
Synthetic plans (bench/synth.py, in a temporary folder, one edition) are timed
per stage as `psmctl site build` reports them, without documents unless asked
(at 10,000 actions Pandoc dominates, see DESIGN §7; bar for the site: < 2 min).
The ratio 10,000 vs 1,000 actions shows linearity (≈ 10 is linear).
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

PSMCTL = [sys.executable, "-m", "psmctl"]


def run(plan: Path, out: Path, documents: bool) -> tuple[float, str]:
    started = time.perf_counter()
    args = [*PSMCTL, "site", "build", str(plan), "-o", str(out), "--documents" if documents else "--no-documents"]
    done = subprocess.run(args, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"site build failed on {plan}:\n{done.stderr}")
    return seconds, done.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--documents", action="store_true", help="Also render documents for synthetic plans.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="psmctl-site-bench-") as folder:
        seconds, stages = run(ROOT / "plan", Path(folder) / "real", documents=True)
        print(f"real plan (documents, search): {seconds:.2f} s  [{stages}]")
        totals = {}
        for size in options.sizes:
            plan = write_synthetic_plan(Path(folder) / f"synth-{size}", size)
            seconds, stages = run(plan, Path(folder) / f"site-{size}", options.documents)
            totals[size] = seconds
            print(f"synthetic {size} actions: {seconds:.2f} s  [{stages}]")
        if 1000 in totals and 10000 in totals:
            print(f"ratio 10,000 / 1,000 actions: {totals[10000] / totals[1000]:.1f}")


if __name__ == "__main__":
    main()
