"""`psmctl init`: the files of a new plan repository, for any Città metropolitana.

A new repository holds the plan in `plan/` (where every command, the pre-commit
hooks and the CI example look for it): `plan.yaml` naming the institution, a
first edition in the plan's own level names, the shared registries (the 17 SDGs
and the PNRR catalogue shipped with psmctl) and the registries a city fills in
itself, empty and commented. Beside `plan/`: a README, the pre-commit
configuration and a CI workflow. The plan validates clean as written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from psmctl.errors import Refused, UsageError
from psmctl.model.edition import PLAN_NAME, Level
from psmctl.model.registries import SHARED_REGISTRIES

# The shapes real plans have (issue 9): the top level first.
PRESETS: dict[str, tuple[str, ...]] = {
    "asse/strategia/azione": ("asse", "strategia", "azione"),
    "piattaforma/strategia/azione": ("piattaforma", "strategia", "azione"),
    "ambito/progetto": ("ambito", "progetto"),
    "visione/strategia/azione": ("visione", "strategia", "azione"),
    "missione/obiettivo/azione": ("missione", "obiettivo", "azione"),
    "visione/azione": ("visione", "azione"),
}
# What `init --numbering` offers: how the first edition numbers its elements (docs/plan-format.md).
NUMBERINGS = ("hierarchical", "per_parent", "free", "none")
# What a city writes itself: file, kind, the list key, and the comment that says what goes in it.
OWN_REGISTRIES = (
    ("zones", "zones", "Zone omogenee e i loro comuni (codici ISTAT). Un piano senza zone omogenee "
                       "lascia l'elenco vuoto: i documenti non stampano allora l'allegato delle zone."),
    ("bodies", "bodies", "Soggetti citati dalle azioni (soggetto attuatore, partner): id, name, type."),
    ("dup", "objectives", "Obiettivi del Documento Unico di Programmazione a cui le strategie rimandano."),
    ("sources", "sources", "Fonti citate dai file del piano (key, title, url o reference): "
                           "la bibliografia «Fonti» dei documenti."),
    ("classifications", "dimensions", """Classificazioni trasversali degli elementi (pilastri, driver...): ogni dimensione
ha un id, il nome al singolare (plurale e genere si ricavano dal nome, o si scrivono con
plural e gender), i livelli a cui si applica (axis, strategy, action; tutti se manca),
se ammette più valori per elemento (multiple, vero se manca) e i suoi valori (id, code, label).
Un elemento le richiama così: classifications: {pilastro: [p1], driver: [d1, d3]}
Per esempio, al posto di `dimensions: []`:
dimensions:
  - id: pilastro
    singular: pilastro
    levels: [action]
    multiple: false
    values:
      - {id: p1, code: P1, label: Transizione ecologica}
      - {id: p2, code: P2, label: Coesione sociale}"""),
)


@dataclass(frozen=True)
class NewPlan:
    body: str
    levels: tuple[str, ...]
    edition: str  # "2025-2027"
    title: str
    short_name: str | None = None
    plan_name: str = PLAN_NAME
    numbering: str = "hierarchical"


def parse_levels(text: str) -> tuple[str, ...]:
    """A preset name or an explicit "top/middle/bottom" list of two or three singular nouns."""
    names = tuple(part.strip() for part in text.split("/"))
    if len(names) not in (2, 3) or not all(names):
        raise UsageError(f"--levels {text!r}: expected two or three level names separated by '/'",
                         f"presets: {', '.join(PRESETS)}")
    return names


def default_edition(today: dt.date) -> str:
    return f"{today.year}-{today.year + 2}"


def check_numbering(numbering: str) -> str:
    if numbering not in NUMBERINGS:
        raise UsageError(f"--numbering {numbering!r}: expected one of {', '.join(NUMBERINGS)}",
                         "none: a plan that numbers nothing, its elements ordered by `order:`")
    return numbering


def check_edition_id(edition: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-(\d{4})", edition)
    if not match or int(match[1]) > int(match[2]):
        raise UsageError(f"--edition {edition!r}: expected START-END years, start first", "e.g. --edition 2025-2027")
    return int(match[1]), int(match[2])


def plan_files(request: NewPlan) -> dict[str, str]:
    """Relative path → text of every file `init` writes."""
    start, end = check_edition_id(request.edition)
    check_numbering(request.numbering)
    files = {
        "plan/plan.yaml": _project(request),
        f"plan/editions/{request.edition}/edition.yaml": _edition(request, start, end),
        "README.md": _readme(request),
        ".pre-commit-config.yaml": _PRE_COMMIT,
        ".github/workflows/plan.yml": _workflow(),
    }
    from psmctl.model.jsonschema import schema_files

    files.update({f"schemas/{name}": text for name, text in schema_files().items()})
    for name in SHARED_REGISTRIES:
        files[f"plan/registries/{name}.yaml"] = shared_registry(name)
    for name, key, comment in OWN_REGISTRIES:
        remarks = "".join(f"# {line}\n" for line in comment.split("\n"))
        files[f"plan/registries/{name}.yaml"] = f"{_modeline(name, 2)}{remarks}kind: {name}\n{key}: []\n"
    return files


def shared_registry(name: str) -> str:
    """The text of a registry psmctl ships for every plan (sdg, pnrr)."""
    return (resources.files("psmctl") / "data" / "registries" / f"{name}.yaml").read_text("utf-8")


def refuse_existing(root: Path, files: dict[str, str]) -> None:
    """Never overwrite: a folder that already holds any of these files is left as it is."""
    taken = sorted(rel for rel in files if (root / rel).exists())
    if taken:
        raise Refused(f"{root}: {taken[0]} already exists; nothing was written",
                      "run init in an empty folder (or a new one), e.g. psmctl init nuovo-piano")


def _modeline(schema: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{schema}.schema.json\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _project(request: NewPlan) -> str:
    lines = [_modeline("project", 1).rstrip("\n"), "kind: project", f"body: {_quoted(request.body)}"]
    if request.short_name:
        lines.append(f"short_name: {_quoted(request.short_name)}")
    lines += [
        "# Il nome ufficiale del piano, come lo chiama lo statuto; i frontespizi nominano da qui ogni edizione.",
        f"plan_name: {_quoted(request.plan_name)}",
        '# es. "{plan_name} {start}-{end}" oppure, per un piano di lungo periodo, "{plan_name}"',
        'edition_name: "{plan_name} {start}-{end}"',
        f"default_edition: {_quoted(request.edition)}",
    ]
    return "\n".join(lines) + "\n"


def _edition(request: NewPlan, start: int, end: int) -> str:
    kinds = ("axis", "strategy", "action") if len(request.levels) == 3 else ("axis", "action")
    levels = [Level(kind=kind, singular=name) for kind, name in zip(kinds, request.levels)]  # type: ignore[arg-type]
    lines = [_modeline("edition", 3).rstrip("\n"), "kind: edition", f"id: {_quoted(request.edition)}",
             f"title: {_quoted(request.title)}", f"period: {{start: {start}, end: {end}}}", "status: draft",
             "# Come questa edizione chiama i suoi livelli; plurale e genere, se omessi, sono derivati.", "levels:"]
    lines += [f"  - {{kind: {lv.kind}, singular: {_quoted(lv.singular)}, plural: {_quoted(lv.plural)}, "
              f"gender: {lv.gender}}}" for lv in levels]
    if request.numbering != "hierarchical":
        lines += [_NUMBERING_COMMENTS[request.numbering], f"numbering: {request.numbering}"]
    return "\n".join(lines) + "\n"


_NUMBERING_COMMENTS = {
    "per_parent": "# I codici ripartono da 1 sotto ogni elemento superiore (1, 2, 3…).",
    "free": "# Codici liberi, come li stampa il piano (M1, A.2…).",
    "none": "# Il piano non numera i suoi elementi: nessun `code`, e `order` (1, 2, 3…) dà il posto "
            "di ciascuno tra quelli dello stesso livello superiore.",
}


def _readme(request: NewPlan) -> str:
    levels = " › ".join(request.levels)
    return f"""# {request.plan_name} – {request.body}

I file del piano ({levels}) sono in `plan/`, uno per elemento; si controllano e si
trasformano nei documenti con psmctl (guida: `docs/getting-started.md` di psmctl).

    psmctl validate plan
    psmctl new {request.levels[0]} --title "..."
    psmctl render annex --plan plan --format docx -o out/allegato.docx

Prima di ogni commit `pre-commit` esegue `psmctl validate`; la CI (`.github/workflows/plan.yml`)
fa lo stesso su ogni push e pubblica i documenti.
"""


_PRE_COMMIT = """# pre-commit (https://pre-commit.com): psmctl validate and fmt --check on the plan files.
repos:
  - repo: local
    hooks:
      - id: psmctl-validate
        name: psmctl validate
        entry: psmctl validate plan
        language: system
        pass_filenames: false
        files: ^plan/
      - id: psmctl-fmt
        name: psmctl fmt --check
        entry: psmctl fmt --check
        language: system
        files: ^plan/(.*\\.ya?ml|editions/[^/]+/chapters/.*\\.md)$
"""


def _workflow() -> str:
    # the plan repository installs psmctl; psmctl's own repository installs its checkout instead
    return """# CI of the plan: findings as annotations on the changed lines, the documents as an artifact.
name: plan
on: [push, pull_request]
jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.12"}
      - run: pip install psmctl  # or: pip install "psmctl @ git+<URL of psmctl>@<tag>"
      - run: psmctl validate plan --format github
      - run: psmctl fmt plan --check
      - run: |
          mkdir -p out
          psmctl render annex --plan plan --format docx -o out/allegato.docx
          psmctl render plan --plan plan --format pdf -o out/piano.pdf
      - uses: actions/upload-artifact@v4
        with: {name: documenti-piano, path: out/}
"""
