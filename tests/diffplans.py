"""Small plan trees for the diff tests, written as JSON (valid YAML) in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

FOLDERS = {"axis": "axes", "strategy": "strategies", "action": "actions"}


def axis(ident: str, code: str, title: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "axis", "id": ident, "code": code, "title": title, **extra}


def strategy(ident: str, code: str, parent: str, title: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "strategy", "id": ident, "code": code, "parent": parent, "title": title, **extra}


def action(ident: str, code: str, parent: str, title: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "action", "id": ident, "code": code, "parent": parent, "title": title, **extra}


def write_edition(root: Path, edition: str, elements: list[dict[str, Any]], predecessor: str | None = None) -> Path:
    """Write plan.yaml (once) and one edition folder holding `elements`; return the plan root."""
    if not (root / "plan.yaml").exists():
        root.mkdir(parents=True, exist_ok=True)
        (root / "plan.yaml").write_text('kind: project\nbody: "Città metropolitana di prova"\n', "utf-8")
        (root / "registries").mkdir()
        (root / "registries" / "sources.yaml").write_text("kind: sources\nsources: []\n", "utf-8")
    folder = root / "editions" / edition
    start, end = edition.split("-")
    head: dict[str, Any] = {"kind": "edition", "id": edition, "title": f"Piano di prova {edition}",
                            "period": {"start": int(start), "end": int(end)}, "status": "draft"}
    if predecessor:
        head["predecessor"] = predecessor
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "edition.yaml").write_text(json.dumps(head, ensure_ascii=False), "utf-8")
    for element in elements:
        sub = folder / FOLDERS[element["kind"]]
        sub.mkdir(exist_ok=True)
        (sub / f"{element['id']}.yaml").write_text(json.dumps(element, ensure_ascii=False, indent=1), "utf-8")
    return root


BASE = [
    axis("asse-a", "1", "Asse della innovazione"),
    axis("asse-b", "2", "Asse del verde"),
    strategy("s-digitale", "1.1", "asse-a", "Costruire capacità digitali",
             summary="Portare la banda larga in ogni comune"),
    strategy("s-imprese", "1.2", "asse-a", "Sostenere le piccole imprese", summary="Reti di impresa e filiere"),
    strategy("s-parchi", "2.1", "asse-b", "Rete dei parchi metropolitani", summary="Collegare le aree protette"),
    action("a-fibra", "1.1.1", "s-digitale", "Fibra nelle aree montane", status="planned", progress="0"),
    action("a-dati", "1.1.2", "s-digitale", "Dati aperti del territorio", status="in_progress", progress="40",
           funding=[{"source": "own", "amount": "100000.00"}]),
    action("a-botteghe", "1.2.1", "s-imprese", "Botteghe digitali nei borghi"),
    action("a-bosco", "2.1.1", "s-parchi", "Grande bosco metropolitano", summary="Piantare alberi lungo i fiumi"),
]
