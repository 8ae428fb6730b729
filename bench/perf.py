"""The performance table in one run: each figure beside its floor or peer, as a ratio.

    python bench/perf.py [--repeat 5] [--large 10000] [--quick] [--render-large] [--huge 50000]

Every figure is a whole process (start-up included), run interleaved with its
floor or peer — A B A B … — so a busy machine slows both sides alike; the
ratio is taken per pair and reported as its median. Wall seconds and CPU
seconds (user + system of the child, from `os.wait4`) are both printed as
min / median / max. Goals are the ones the project set itself; "ok" says
whether the median ratio or figure meets it.

Rows:
  start-up     psmctl validate plan/ and psmctl --help against `python -c pass` (wall and CPU)
  validate     a synthetic plan of --large actions against a plain CSafeLoader
               load of the same files; CPU µs per action; peak RSS per file;
               check-jsonschema and yamllint on the same files where installed
  diff         two synthetic editions of --large actions (5 % changed), json and
               text (through rich)
  render       the real annex to DOCX; Pandoc alone on the same Markdown; the
               plan document of 1,000 actions (--render-large: and of --large)
               to DOCX beside Pandoc alone, and its template stage (-f md)
               1,000 against --large (linear: ≤ 11× for 10×)
  fmt --check  an unchanged 1,000-action tree against validate of the same tree
               (the cache warm), and the first run with no cache, per file
  new edition  1,000 actions, CPU
  export xlsx  1,000 and --large actions (linear: ratio ≤ 10.5 for 10×)
  flatness     --huge N: CPU per action of validate at N actions beside --large
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.diff_bench import NEW, OLD, mutate  # noqa: E402
from bench.synth import write_synthetic_plan  # noqa: E402

BIN = Path(sys.executable).parent
PSMCTL = str(BIN / "psmctl")
FLOOR_LOAD = (
    "import sys, os, yaml\n"
    "for folder, _, names in os.walk(sys.argv[1]):\n"
    "    for name in names:\n"
    "        if name.endswith('.yaml'):\n"
    "            yaml.load(open(os.path.join(folder, name), 'rb').read(), Loader=yaml.CSafeLoader)\n"
)


@dataclass
class Run:
    wall: float
    cpu: float
    rss_kib: int  # peak resident set of the child


def run(command: Sequence[str], setup: Callable[[], None] | None = None) -> Run:
    """One whole process; CPU and peak RSS from the kernel's accounting of that child alone."""
    if setup:
        setup()
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1 is "findings", still a full run
        raise SystemExit(f"{' '.join(command)} exited {code}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def paired(a: Sequence[str], b: Sequence[str], repeat: int,
           setup: Callable[[], None] | None = None) -> tuple[list[Run], list[Run]]:
    """Interleave A and B `repeat` times after one warm-up each (file cache, .pyc)."""
    run(a, setup), run(b, setup)
    left, right = [], []
    for _ in range(repeat):
        left.append(run(a, setup))
        right.append(run(b, setup))
    return left, right


def spread(values: Sequence[float]) -> str:
    return f"{min(values):.3f}/{statistics.median(values):.3f}/{max(values):.3f}"


def ratio(a: Sequence[Run], b: Sequence[Run], cpu: bool = False) -> float:
    return statistics.median((x.cpu / y.cpu) if cpu else (x.wall / y.wall) for x, y in zip(a, b))


class Table:
    def __init__(self) -> None:
        print(f"{'figure':<44} {'psmctl min/med/max':>22} {'floor/peer med':>15} {'ratio':>7}  goal")

    def row(self, label: str, ours: str, floor: str, value: float, goal: float, unit: str = "×") -> None:
        verdict = "ok" if value <= goal else "MISSED"
        print(f"{label:<44} {ours:>22} {floor:>15} {value:>6.2f}{unit}  ≤ {goal:g}{unit} {verdict}")

    def note(self, text: str) -> None:
        print(f"  {text}")


def startup(table: Table, repeat: int) -> None:
    """Whole processes beside `python -c pass`, wall and CPU (a busy machine inflates wall time most)."""
    python = [sys.executable, "-c", "pass"]
    for label, command, goal in (("validate plan/", [PSMCTL, "validate", str(ROOT / "plan"), "-f", "json"], 6),
                                 ("psmctl --help", [PSMCTL, "--help"], 2)):
        ours, base = paired(command, python, repeat)
        table.row(f"{label} vs python -c pass (wall)", spread([r.wall for r in ours]),
                  f"{statistics.median(r.wall for r in base):.3f}", ratio(ours, base), goal)
        table.row(f"{label} vs python -c pass (CPU)", spread([r.cpu for r in ours]),
                  f"{statistics.median(r.cpu for r in base):.3f}", ratio(ours, base, cpu=True), goal)


def validate_large(table: Table, root: Path, actions: int, repeat: int) -> None:
    files = sum(1 for _ in root.rglob("*.yaml"))
    ours, floor = paired([PSMCTL, "validate", str(root), "-f", "json"],
                         [sys.executable, "-c", FLOOR_LOAD, str(root)], repeat)
    table.row(f"validate {actions:,} vs CSafeLoader load (wall)", spread([r.wall for r in ours]),
              f"{statistics.median(r.wall for r in floor):.3f}", ratio(ours, floor), 1.0)
    table.row(f"validate {actions:,} vs CSafeLoader load (CPU)", spread([r.cpu for r in ours]),
              f"{statistics.median(r.cpu for r in floor):.3f}", ratio(ours, floor, cpu=True), 1.0)
    per_action = statistics.median(r.cpu for r in ours) / actions * 1e6
    table.row(f"validate {actions:,}: CPU per action", "", "", per_action, 300, " µs")
    table.row(f"validate {actions:,}: peak RSS per file", f"{max(r.rss_kib for r in ours)} KiB", "",
              max(r.rss_kib for r in ours) / files, 8, " KiB")
    for name, command in peers(root):
        theirs, again = paired(command, [PSMCTL, "validate", str(root), "-f", "json"], 1)
        table.note(f"peer {name}: {theirs[0].cpu:.2f} s CPU = {ratio(theirs, again, cpu=True):.1f}× psmctl")


def peers(root: Path) -> list[tuple[str, list[str]]]:
    found = []
    files = [str(p) for p in sorted(root.rglob("*.yaml"))]
    lint = shutil.which("yamllint", path=f"{BIN}:{os.environ.get('PATH', '')}")
    if lint:
        found.append(("yamllint", [lint, "-d", "relaxed", *files]))
    checker = shutil.which("check-jsonschema", path=f"{BIN}:{os.environ.get('PATH', '')}")
    if checker:
        subprocess.run([PSMCTL, "schema", "--out", str(root / "_schemas")], check=True, capture_output=True)
        actions = [f for f in files if "/actions/" in f]
        found.append(("check-jsonschema (actions)",
                      [checker, "--schemafile", str(root / "_schemas" / "action.schema.json"), *actions]))
    return found


def diff_large(table: Table, actions: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="psmctl-perf-diff-") as folder:
        root = write_synthetic_plan(Path(folder) / "plan", actions, edition=OLD)
        mutate(root, 0.05)
        for fmt in ("json", "text"):
            command = [PSMCTL, "diff", OLD, NEW, "--plan", str(root), "-f", fmt]
            ours, _ = paired(command, [sys.executable, "-c", "pass"], max(1, repeat // 2))
            cpu = statistics.median(r.cpu for r in ours)
            table.row(f"diff {actions:,} vs {actions:,}, {fmt} (CPU s)", spread([r.cpu for r in ours]), "", cpu, 3.5,
                      " s")


def render_real(table: Table, repeat: int) -> None:
    pandoc = _pandoc()
    with tempfile.TemporaryDirectory(prefix="psmctl-perf-render-") as out:
        markdown = Path(out) / "annex.md"
        subprocess.run([PSMCTL, "render", "annex", "--plan", str(ROOT / "plan"), "-f", "md", "-o", str(markdown)],
                       check=True, capture_output=True)
        ours, alone = paired(
            [PSMCTL, "render", "annex", "--plan", str(ROOT / "plan"), "-f", "docx", "-o", f"{out}/a.docx"],
            [pandoc, str(markdown), "-o", f"{out}/p.docx"], repeat)
        table.row("render real annex → DOCX (wall s)", spread([r.wall for r in ours]),
                  f"{statistics.median(r.wall for r in alone):.3f}", statistics.median(r.wall for r in ours), 0.5, " s")
        table.note(f"whole command / Pandoc alone on the same Markdown: {ratio(ours, alone):.2f}×")


def render_synthetic(table: Table, roots: dict[int, Path], repeat: int, pandoc_sizes: Sequence[int]) -> None:
    """The plan document of synthetic plans: the whole command beside Pandoc alone; the template stage."""
    pandoc = _pandoc()
    with tempfile.TemporaryDirectory(prefix="psmctl-perf-render-") as out:
        template: dict[int, list[Run]] = {}
        for actions, root in roots.items():
            markdown = Path(out) / f"plan-{actions}.md"
            render = [PSMCTL, "render", "plan", "--plan", str(root), "-f", "md", "-o", str(markdown)]
            template[actions] = [run(render) for _ in range(max(1, repeat // 2))]
            if actions not in pandoc_sizes:
                continue
            ours, alone = paired(
                [PSMCTL, "render", "plan", "--plan", str(root), "-f", "docx", "-o", f"{out}/a.docx"],
                [pandoc, str(markdown), "-o", f"{out}/p.docx"], max(1, repeat // 2))
            stage = statistics.median(r.wall for r in ours) - statistics.median(r.wall for r in template[actions])
            table.note(f"render plan {actions:,} → DOCX: whole {spread([r.wall for r in ours])} s, Pandoc stage "
                       f"(DOCX − md) {stage:.2f} s, Pandoc alone on the Markdown "
                       f"{statistics.median(r.wall for r in alone):.2f} s")
        small, large = min(template), max(template)
        if small != large:
            cpu = {n: statistics.median(r.cpu for r in runs) for n, runs in template.items()}
            table.row(f"render -f md {large:,} / {small:,} (CPU, scale {large // small})",
                      f"{cpu[large]:.2f} / {cpu[small]:.2f}", "", cpu[large] / cpu[small], large / small * 1.1)


def flatness(table: Table, large: Path, actions: int, huge: int, repeat: int) -> None:
    """CPU per action at `huge` actions beside `actions`: flat means no superlinear stage."""
    with tempfile.TemporaryDirectory(prefix="psmctl-perf-huge-") as folder:
        root = write_synthetic_plan(Path(folder) / "plan", huge)
        per = {}
        for size, tree in ((actions, large), (huge, root)):
            runs = [run([PSMCTL, "validate", str(tree), "-f", "json"]) for _ in range(max(1, repeat // 2))]
            per[size] = statistics.median(r.cpu for r in runs) / size * 1e6
        table.row(f"validate CPU per action {huge:,} / {actions:,}", f"{per[huge]:.0f} / {per[actions]:.0f} µs", "",
                  per[huge] / per[actions], 1.1)


def _pandoc() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def fmt_check(table: Table, root: Path, repeat: int) -> None:
    files = sum(1 for _ in root.rglob("*.yaml"))
    with tempfile.TemporaryDirectory(prefix="psmctl-perf-cache-") as cache:
        cold = Path(cache) / "cold"

        def no_cache() -> None:
            shutil.rmtree(cold, ignore_errors=True)

        os.environ["PSMCTL_CACHE_DIR"] = str(Path(cache) / "warm")
        subprocess.run([PSMCTL, "fmt", str(root)], capture_output=True)  # the tree is now canonical
        ours, validate = paired([PSMCTL, "fmt", "--check", str(root)],
                                [PSMCTL, "validate", str(root), "-f", "json"], repeat)
        table.row("fmt --check, unchanged 1,000 vs validate", spread([r.wall for r in ours]),
                  f"{statistics.median(r.wall for r in validate):.3f}", ratio(ours, validate), 1.2)
        table.note(f"  same, CPU: {ratio(ours, validate, cpu=True):.2f}×")
        os.environ["PSMCTL_CACHE_DIR"] = str(cold)
        first = [run([PSMCTL, "fmt", "--check", str(root)], no_cache) for _ in range(max(1, repeat // 2))]
        del os.environ["PSMCTL_CACHE_DIR"]
    per_file = statistics.median(r.wall for r in first) / files * 1e3
    table.row("fmt --check, first run (no cache), per file", spread([r.wall for r in first]), "", per_file, 5,
              " ms")
    table.note(f"first run CPU per file: {statistics.median(r.cpu for r in first) / files * 1e3:.1f} ms")


def new_edition(table: Table, root: Path, repeat: int) -> None:
    target = root / "editions" / "2033-2035"
    command = [PSMCTL, "new", "edition", "2033-2035", "--from", "2030-2032", "--plan", str(root)]
    ours = [run(command, lambda: shutil.rmtree(target, ignore_errors=True)) for _ in range(max(1, repeat // 2))]
    shutil.rmtree(target, ignore_errors=True)
    table.row("new edition, 1,000 actions (CPU s)", spread([r.cpu for r in ours]), "",
              statistics.median(r.cpu for r in ours), 5, " s")


def export_linear(table: Table, small: Path, large: Path, actions: int, out: Path) -> None:
    one = run([PSMCTL, "export", "-f", "xlsx", "--plan", str(small), "-o", str(out / "s.xlsx")])
    ten = run([PSMCTL, "export", "-f", "xlsx", "--plan", str(large), "-o", str(out / "l.xlsx")])
    scale = actions / 1000
    table.row(f"export xlsx {actions:,} / 1,000 (CPU, scale {scale:g})", f"{ten.cpu:.2f} / {one.cpu:.2f}", "",
              ten.cpu / one.cpu, scale * 1.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--large", type=int, default=10_000, help="actions of the large synthetic plan")
    parser.add_argument("--quick", action="store_true", help="skip the large plan (start-up, render, fmt, new only)")
    parser.add_argument("--render-large", action="store_true",
                        help="also render the --large plan to DOCX through Pandoc (minutes at 10,000)")
    parser.add_argument("--huge", type=int, default=0, help="also check CPU per action at this many actions")
    args = parser.parse_args()
    table = Table()
    startup(table, args.repeat)
    render_real(table, args.repeat)
    with tempfile.TemporaryDirectory(prefix="psmctl-perf-") as folder:
        small = write_synthetic_plan(Path(folder) / "small", 1000)
        fmt_check(table, small, args.repeat)
        new_edition(table, small, args.repeat)
        if args.quick:
            return
        large = write_synthetic_plan(Path(folder) / "large", args.large)
        validate_large(table, large, args.large, max(2, args.repeat // 2))
        export_linear(table, small, large, args.large, Path(folder))
        render_synthetic(table, {1000: small, args.large: large}, args.repeat,
                         (1000, args.large) if args.render_large else (1000,))
        if args.huge:
            flatness(table, large, args.large, args.huge, args.repeat)
    diff_large(table, args.large, args.repeat)


if __name__ == "__main__":
    main()
