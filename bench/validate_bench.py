"""Time `psmctl validate` against the floor of merely loading the same files with libyaml.

    python bench/validate_bench.py [--sizes 111 1000 10000 50000] [--repeat 3]

For each size a synthetic plan is generated (bench/synth.py, in a temporary
folder), then three whole processes are timed, start-up included:
  floor     python -c: read every .yaml and yaml.load(..., CSafeLoader)
  psmctl    psmctl validate DIR --format json
  others    check-jsonschema and yamllint on the same files, when installed
It prints seconds (best of --repeat), the psmctl/floor ratio (bar: ≤ 2 at
10,000 actions) and per-action cost (linearity: flat from 10,000 to 50,000).
The real plan (plan/) is timed as well (bar: ≤ 0.5 s wall-clock).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.synth import write_synthetic_plan  # noqa: E402

BIN = Path(sys.executable).parent
FLOOR = (
    "import sys, os, yaml\n"
    "for folder, _, names in os.walk(sys.argv[1]):\n"
    "    for name in names:\n"
    "        if name.endswith('.yaml'):\n"
    "            yaml.load(open(os.path.join(folder, name), 'rb').read(), Loader=yaml.CSafeLoader)\n"
)


def best(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def others(root: Path, repeat: int) -> dict[str, float]:
    found = {}
    files = [str(p) for p in sorted(root.rglob("*.yaml"))]
    if shutil.which("yamllint") or (BIN / "yamllint").exists():
        found["yamllint"] = best([str(BIN / "yamllint") if (BIN / "yamllint").exists() else "yamllint",
                                  "-d", "relaxed", *files], repeat)
    checker = BIN / "check-jsonschema"
    schema = root / "action.schema.json"
    if checker.exists():
        subprocess.run([str(BIN / "psmctl"), "schema", "--out", str(root)], stdout=subprocess.DEVNULL, check=True)
        actions = [f for f in files if "/actions/" in f]
        found["check-jsonschema (actions only)"] = best([str(checker), "--schemafile", str(schema), *actions], repeat)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[111, 1000, 10000, 50000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    psmctl = str(BIN / "psmctl")
    real = best([psmctl, "validate", "plan", "--format", "json"], args.repeat)
    print(f"real plan (plan/): psmctl validate {real:.3f} s (bar: ≤ 0.5 s)")
    print(f"{'actions':>8} {'files':>7} {'floor s':>8} {'psmctl s':>9} {'ratio':>6} {'µs/action':>10}  others")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as temp:
            root = write_synthetic_plan(Path(temp) / "plan", size)
            files = sum(1 for _ in root.rglob("*.yaml"))
            floor = best([sys.executable, "-c", FLOOR, str(root)], args.repeat)
            ours = best([psmctl, "validate", str(root), "--format", "json"], args.repeat)
            extra = others(root, 1) if size <= 10000 else {}
            shown = ", ".join(f"{k} {v:.2f} s" for k, v in extra.items()) or "-"
            print(f"{size:>8} {files:>7} {floor:>8.2f} {ours:>9.2f} {ours / floor:>6.2f} "
                  f"{ours / size * 1e6:>10.0f}  {shown}")


if __name__ == "__main__":
    main()
