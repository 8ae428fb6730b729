"""Benchmark `psmctl diff` on two SYNTHETIC editions of 10,000 actions each.

The second edition is the first with about 5% of its actions changed, spread
over every kind the diff reports: renamed, renumbered (a new number, same strategy),
moved (to another strategy), modified (status and funding), removed, added,
split (one into two, linked with `continues`) and merged (two into one).

Prints the loading time of the tree holding both editions, the diff time, their
ratio (bar: ≤ 1) and the wall time of the whole command (bar: < 5 s).

    python bench/diff_bench.py [--actions 10000] [--rate 0.05]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import write_synthetic_plan  # noqa: E402

OLD, NEW = "2030-2032", "2033-2035"
KINDS = ("renamed", "renumbered", "moved", "modified", "removed", "added", "split", "merged")


def _action_file(folder: Path, ident: str, code: str, parent: str, title: str, links: list[str]) -> None:
    continues = "".join(f"  - {link}\n" for link in links)
    (folder / f"{ident}.yaml").write_text(
        f"# Azione SINTETICA generata da bench/diff_bench.py\nkind: action\nid: {ident}\ncode: \"{code}\"\n"
        f"parent: {parent}\ntitle: \"{title}\"\nstatus: planned\nprogress: 0\n"
        + (f"continues:\n{continues}" if links else ""), "utf-8")


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text("utf-8")
    path.write_text(re.sub(pattern, replacement, text, count=1, flags=re.M), "utf-8")


def _field(text: str, key: str) -> str:
    match = re.search(rf'^{key}: "?([^"\n]*)"?$', text, re.M)
    assert match, key
    return match.group(1)


def mutate(root: Path, rate: float, seed: int = 1) -> dict[str, int]:
    """Copy edition OLD to NEW under `root` and change about `rate` of its actions."""
    rng = random.Random(seed)
    old, new = root / "editions" / OLD, root / "editions" / NEW
    shutil.copytree(old, new)
    _edit(new / "edition.yaml", r'^id: .*$', f'id: "{NEW}"\npredecessor: "{OLD}"')
    _edit(new / "edition.yaml", r'^period: .*$', "period: {start: 2033, end: 2035}")
    actions = sorted((new / "actions").glob("*.yaml"))
    rng.shuffle(actions)
    per_kind = max(1, int(len(actions) * rate / len(KINDS)))
    strategies = [_field(p.read_text("utf-8"), "id") for p in sorted((new / "strategies").glob("*.yaml"))]
    codes = {_field(p.read_text("utf-8"), "id"): _field(p.read_text("utf-8"), "code")
             for p in (new / "strategies").glob("*.yaml")}
    extra: dict[str, int] = {}  # next free action number per strategy

    def next_code(strategy: str) -> str:
        extra[strategy] = extra.get(strategy, 100) + 1
        return f"{codes[strategy]}.{extra[strategy]}"

    picks = iter(actions)
    for _ in range(per_kind):
        _edit(next(picks), r'^title: "(.*)"$', r'title: "\1 (testo rivisto)"')
        renumbered = next(picks)  # a new number under the same strategy
        parent = _field(renumbered.read_text("utf-8"), "parent")
        _edit(renumbered, r'^code: .*$', f'code: "{next_code(parent)}"')
        target = rng.choice(strategies)
        moved = next(picks)
        _edit(moved, r'^parent: .*$', f"parent: {target}")
        _edit(moved, r'^code: .*$', f'code: "{next_code(target)}"')
        modified = next(picks)
        _edit(modified, r'^status: .*$', "status: cancelled")
        _edit(modified, r'^    amount: .*$', "    amount: 1.00")
        _edit(modified, r'^progress: .*$', "progress: 5")
        next(picks).unlink()
        target = rng.choice(strategies)
        ident = f"azione-nuova-{len(extra)}-{extra.get(target, 100)}"
        _action_file(new / "actions", ident, next_code(target), target,
                     f"Azione nuova sintetica {ident} sul tema {rng.random():.6f}", [])
        split = next(picks)
        text = split.read_text("utf-8")
        sid, parent, title = _field(text, "id"), _field(text, "parent"), _field(text, "title")
        split.unlink()
        for part in ("a", "b"):
            _action_file(new / "actions", f"{sid}-{part}", next_code(parent), parent, f"{title} parte {part}", [sid])
        left, right = next(picks), next(picks)
        lid, rid = _field(left.read_text("utf-8"), "id"), _field(right.read_text("utf-8"), "id")
        parent = _field(left.read_text("utf-8"), "parent")
        left.unlink()
        right.unlink()
        _action_file(new / "actions", f"{lid}-unita", next_code(parent), parent, "Azione unita sintetica", [lid, rid])
    return {kind: per_kind for kind in KINDS}


def measure(root: Path) -> None:
    from psmctl.diffing.changes import diff_editions
    from psmctl.loading.tree import DirectorySource, load_plan
    from psmctl.validate import check_plan

    started = time.perf_counter()
    plan, findings = load_plan(DirectorySource(root))
    loaded = time.perf_counter()
    check_plan(plan, findings)
    checked = time.perf_counter()
    result = diff_editions(plan.editions[OLD], plan.editions[NEW])
    diffed = time.perf_counter()
    load, check, diff = loaded - started, checked - loaded, diffed - checked
    counts = {kind: sum(result.counts[level][kind] for level in result.counts) for kind in result.counts["action"]}
    print(f"actions per edition     {len(plan.editions[OLD].of_kind('action')):>8} / "
          f"{len(plan.editions[NEW].of_kind('action'))}")
    print(f"kinds found             {counts}")
    print(f"load both editions      {load:8.2f} s")
    print(f"check both editions     {check:8.2f} s")
    print(f"diff                    {diff:8.2f} s")
    print(f"diff / load             {diff / load:8.3f}   (bar: <= 1)")
    command = [sys.executable, "-m", "psmctl", "diff", OLD, NEW, "--plan", str(root), "--format", "json"]
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    print(f"whole command (json)    {wall:8.2f} s   (bar: < 5 s; exit {done.returncode})")
    if done.returncode != 0:
        print(done.stderr[-2000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=0.05)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="psmctl-diff-bench-") as folder:
        root = write_synthetic_plan(Path(folder) / "plan", args.actions, edition=OLD)
        planted = mutate(root, args.rate)
        print(f"planted per kind        {planted}")
        measure(root)


if __name__ == "__main__":
    main()
