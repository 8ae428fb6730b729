"""A small valid plan whose every text field carries hostile text: one builder for the corpus."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_files
from tests.hostile.harness import base_plan, yaml_string

EDITION = "editions/2024-2026"

# The text fields a document prints, each filled by `texts[name]`.
FIELDS = ("edition_title", "edition_subtitle", "level_singular", "level_plural", "axis_title", "strategy_title",
          "strategy_summary", "action_title", "action_summary", "action_notes", "indicator_name",
          "indicator_unit", "source_title", "zone_name", "body_name", "chapter_title", "chapter_body",
          "deliberation_subject", "deliberation_premise", "deliberation_decision", "person_name")


def _files(t: dict[str, str]) -> dict[str, str]:
    q = {name: yaml_string(t[name]) for name in FIELDS}
    return {
        f"{EDITION}/edition.yaml": (
            f'kind: edition\nid: "2024-2026"\ntitle: {q["edition_title"]}\nsubtitle: {q["edition_subtitle"]}\n'
            "period: {start: 2024, end: 2026}\nstatus: adopted\n"
            'adoption: {organ: Consiglio metropolitano, number: "12/2024", date: 2024-07-19}\n'
            'predecessor: "2021-2023"\n'
            f'levels:\n  - {{kind: axis, singular: {q["level_singular"]}, plural: {q["level_plural"]}}}\n'
            "  - {kind: strategy, singular: strategia, plural: strategie}\n"
            "  - {kind: action, singular: azione, plural: azioni}\n"),
        f"{EDITION}/axes/asse-verde.yaml": (
            f'kind: axis\nid: asse-verde\ncode: "1"\ntitle: {q["axis_title"]}\ncontinues: [asse-verde]\n'),
        f"{EDITION}/strategies/casa.yaml": (
            f'kind: strategy\nid: casa\ncode: "1.2"\nparent: asse-verde\ntitle: {q["strategy_title"]}\n'
            f'summary: {q["strategy_summary"]}\n'),
        f"{EDITION}/actions/piani-urbani.yaml": (
            f'kind: action\nid: piani-urbani\ncode: "1.2.1"\nparent: casa\ntitle: {q["action_title"]}\n'
            f'summary: {q["action_summary"]}\nnotes: {q["action_notes"]}\ncompetence: own\nlead_body: cm\n'
            'scope: {zones: ["1"]}\nstatus: planned\nsources: [S1]\n'),
        f"{EDITION}/indicators/superficie-verde.yaml": (
            f'kind: indicator\nid: superficie-verde\nname: {q["indicator_name"]}\nunit: {q["indicator_unit"]}\n'
            "data_source: ISTAT\npolarity: positive\nbaseline: {year: 2022, value: 25.4}\n"
            "target: {year: 2026, value: 28}\n"),
        "registries/sources.yaml": (
            f'kind: sources\nsources:\n  - {{key: S1, title: {q["source_title"]}, url: "https://example.org/s1"}}\n'),
        "registries/zones.yaml": (
            f'kind: zones\ncomuni_complete: true\nzones:\n  - id: "1"\n    name: {q["zone_name"]}\n'
            '    comuni:\n      - {name: Capoluogo, istat: "001272"}\n'
            '  - id: "2"\n    name: Zona Due\n    comuni:\n      - {name: Borgo, istat: "001100"}\n'),
        "registries/bodies.yaml": (
            f'kind: bodies\nbodies:\n  - {{id: cm, name: {q["body_name"]}, type: metropolitan_city}}\n'
            "  - {id: ateneo, name: Università di Prova, type: university}\n"),
        f"{EDITION}/chapters/01-visione.md": (
            f'---\ntitle: {q["chapter_title"]}\norder: 1\nrole: vision\nsources: [S1]\n---\n'
            f'Una metropoli **policentrica**.\n\n{t["chapter_body"]}\n'),
        f"{EDITION}/deliberations/dcm-1.yaml": (
            "kind: deliberation\nid: dcm-1\nrole: adoption\norgan: Consiglio metropolitano\n"
            f'date: "2024-07-19"\nnumber: "12/2024"\nsubject: {q["deliberation_subject"]}\n'
            f'premises:\n  - heading: premesso\n    content: [{q["deliberation_premise"]}]\n'
            f'decisions: [{q["deliberation_decision"]}]\n'
            f'presidency: {{name: {q["person_name"]}, role: Sindaco metropolitano}}\n'),
    }


def hostile_plan(tmp_path: Path, texts: dict[str, str]) -> Path:
    """The base fixture plan with `texts` (field name → text) in its text fields; the rest plain Italian."""
    plan = base_plan(tmp_path)
    filled = {name: texts.get(name, "Testo ordinario") for name in FIELDS}
    write_files(plan, _files(filled))
    return plan


def rotated(payloads: list[str], shift: int) -> dict[str, str]:
    """Each field a different payload, shifted so that several runs put every payload in many fields."""
    return {name: payloads[(i + shift) % len(payloads)] for i, name in enumerate(FIELDS)}
