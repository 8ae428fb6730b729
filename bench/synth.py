"""Generate SYNTHETIC plans for tests and benchmarks (never written into plan/).

Every name says "sintetico" so that no generated element can be mistaken for
the real Torino plan. The shape follows the real one: 6 axes, about five
actions per strategy, ~25-line action files with the fields officers fill in.

    python bench/synth.py OUT_DIR --actions 10000
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

ACTIONS_PER_STRATEGY = 5
AXES = 6
STATUSES = ["planned", "in_progress", "completed", "suspended"]
PNRR = ["M1C1I1.7", "M2C2I4.1", "M2C4I2.1", "M4C1I3.3", "M5C2I2.2", "M6C1I1.1"]
WORDS = ("rete servizi territorio comuni mobilità scuole energia verde impresa innovazione "
         "salute comunità dati montagna pianura collina agricoltura turismo cultura lavoro").split()


def _registries(root: Path) -> None:
    reg = root / "registries"
    reg.mkdir(parents=True, exist_ok=True)
    zones = "\n".join(
        f"  - id: \"{z}\"\n    number: {z}\n    name: \"Zona sintetica {z}\"\n"
        f"    comuni:\n      - {{name: \"Comune sintetico {z}\", istat: \"{900000 + z:06d}\"}}"
        for z in range(1, 12)
    )
    (reg / "zones.yaml").write_text(f"kind: zones\ncomuni_complete: true\nzones:\n{zones}\n", "utf-8")
    missions = "\n".join(
        f"  - id: M{m}\n    title: \"Missione sintetica {m}\"\n    components:\n"
        + "\n".join(f"      - {{id: M{m}C{c}, title: \"Componente sintetica {m}.{c}\"}}" for c in range(1, 5))
        for m in range(1, 7)
    )
    measures = "\n".join(f"  - {{id: {code}, title: \"Misura sintetica {code}\"}}" for code in PNRR)
    (reg / "pnrr.yaml").write_text(f"kind: pnrr\nmissions:\n{missions}\nmeasures:\n{measures}\n", "utf-8")
    bodies = "\n".join(f"  - {{id: ente-sintetico-{b}, name: \"Ente sintetico {b}\"}}" for b in range(1, 31))
    (reg / "bodies.yaml").write_text(f"kind: bodies\nbodies:\n{bodies}\n", "utf-8")
    goals = "\n".join(f"  - {{id: {g}, title: \"Obiettivo {g}\"}}" for g in range(1, 18))
    (reg / "sdg.yaml").write_text(f"kind: sdg\ngoals:\n{goals}\n", "utf-8")
    (reg / "sources.yaml").write_text(
        "kind: sources\nsources:\n  - {key: SYN, title: \"Fonte sintetica generata da bench/synth.py\"}\n", "utf-8")


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def _action(rng: random.Random, ident: str, code: str, parent: str) -> str:
    status = rng.choice(STATUSES)
    progress = {"planned": 0, "completed": 100}.get(status, rng.randint(1, 99))
    zones = sorted({str(rng.randint(1, 11)) for _ in range(rng.randint(1, 3))}, key=int)
    start = rng.randint(2030, 2031)
    return (
        f"# Azione SINTETICA generata da bench/synth.py\n"
        f"kind: action\nid: {ident}\ncode: \"{code}\"\nparent: {parent}\n"
        f"title: \"Azione sintetica {code}: {_sentence(rng, 4)}\"\n"
        f"summary: >\n  {_sentence(rng, 18)}.\n"
        f"competence: {rng.choice(['own', 'others'])}\n"
        f"cm_role: [{rng.choice(['implementer', 'coordinator', 'support'])}]\n"
        f"lead_body: ente-sintetico-{rng.randint(1, 30)}\n"
        f"partners: [ente-sintetico-{rng.randint(1, 30)}]\n"
        f"scope:\n  zones: [{', '.join(repr(z).replace(chr(39), chr(34)) for z in zones)}]\n"
        f"funding:\n  - source: pnrr\n    pnrr: {rng.choice(PNRR)}\n"
        f"    amount: {rng.randint(10, 5000) * 1000}.00\n    year: {start}\n"
        f"sdg: [{rng.randint(1, 17)}]\n"
        f"timeline:\n  start: \"{start}-0{rng.randint(1, 9)}\"\n  end: \"2032-12\"\n"
        f"status: {status}\nprogress: {progress}\n"
        f"sources: [SYN]\n"
    )


def write_synthetic_plan(root: Path, actions: int, *, edition: str = "2030-2032", seed: int = 0) -> Path:
    """Write a synthetic plan tree with `actions` actions under `root`; return `root`."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "plan.yaml").write_text(
        f"kind: project\nbody: \"Città metropolitana SINTETICA\"\ndefault_edition: \"{edition}\"\n", "utf-8")
    _registries(root)
    folder = root / "editions" / edition
    for sub in ("axes", "strategies", "actions"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    strategies = max(1, -(-actions // ACTIONS_PER_STRATEGY))
    start, end = edition.split("-")
    (folder / "edition.yaml").write_text(
        f"kind: edition\nid: \"{edition}\"\ntitle: \"Piano SINTETICO {edition}\"\n"
        f"period: {{start: {start}, end: {end}}}\nstatus: draft\n"
        f"declared_counts: {{axes: {AXES}, strategies: {strategies}, actions: {actions}}}\n", "utf-8")
    for a in range(1, AXES + 1):
        (folder / "axes" / f"asse-sintetico-{a}.yaml").write_text(
            f"kind: axis\nid: asse-sintetico-{a}\ncode: \"{a}\"\ntitle: \"Asse sintetico {a}\"\n"
            f"summary: \"{_sentence(rng, 12)}.\"\n", "utf-8")
    made = 0
    for s in range(strategies):
        axis = s % AXES + 1
        code = f"{axis}.{s // AXES + 1}"
        sid = f"strategia-sintetica-{s + 1}"
        (folder / "strategies" / f"{sid}.yaml").write_text(
            f"kind: strategy\nid: {sid}\ncode: \"{code}\"\nparent: asse-sintetico-{axis}\n"
            f"title: \"Strategia sintetica {code}: {_sentence(rng, 5)}\"\nsummary: \"{_sentence(rng, 15)}.\"\n",
            "utf-8")
        for n in range(1, ACTIONS_PER_STRATEGY + 1):
            if made == actions:
                break
            made += 1
            aid = f"azione-sintetica-{made}"
            (folder / "actions" / f"{aid}.yaml").write_text(_action(rng, aid, f"{code}.{n}", sid), "utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--actions", type=int, default=111)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_synthetic_plan(args.out, args.actions, seed=args.seed)
    print(f"wrote a synthetic plan with {args.actions} actions to {args.out}")


if __name__ == "__main__":
    main()
