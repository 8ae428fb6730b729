"""Every diagnostic code is produced by at least one case: a code nothing produces is a rule nobody checked.

Codes covered here are those the fixture folders and other tests do not reach;
`test_every_code_has_a_case` fails when a new code is added without one.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from psmctl.diagnostics import CODES
from psmctl.validate import validate_path
from tests.conftest import FIXTURES, REPO, write_files

E24 = "editions/2024-2026"
DELIBERATION = ("kind: deliberation\nid: {id}\nrole: adoption\norgan: Consiglio metropolitano\n"
                'date: "2024-07-19"\nsubject: Approvazione del piano\n')

# code → files written over the base fixture plan (None removes the file)
CASES: dict[str, dict[str, str | None]] = {
    "misplaced-file": {"registries/asse.yaml": "kind: axis\nid: asse\ncode: \"9\"\ntitle: Fuori posto\n"},
    "edition-file": {"editions/2027-2029/axes/a.yaml": "kind: axis\nid: a\ncode: \"1\"\ntitle: Asse\n"},
    "edition-mismatch": {f"{E24}/edition.yaml": "kind: edition\nid: \"2024-2027\"\ntitle: Piano\n"
                                                "period: {start: 2024, end: 2026}\nstatus: draft\n"},
    "bad-levels": {f"{E24}/edition.yaml": "kind: edition\nid: \"2024-2026\"\ntitle: Piano\n"
                                          "period: {start: 2024, end: 2026}\nstatus: draft\n"
                                          "levels:\n  - {kind: action, singular: azione, plural: azioni}\n"
                                          "  - {kind: axis, singular: asse, plural: assi}\n"},
    "unknown-predecessor": {f"{E24}/edition.yaml": "kind: edition\nid: \"2024-2026\"\ntitle: Piano\n"
                                                   "period: {start: 2024, end: 2026}\nstatus: draft\n"
                                                   "predecessor: \"2018-2020\"\n"},
    "unknown-sdg": {"registries/sdg.yaml": "kind: sdg\ngoals:\n  - {id: 1, title: Obiettivo 1}\n",
                    f"{E24}/strategies/casa.yaml": "kind: strategy\nid: casa\ncode: \"1.2\"\nparent: asse-verde\n"
                                                   "title: Abitare\nsdg: [11]\n"},
    "unknown-edition": {"plan.yaml": "kind: project\nbody: Città metropolitana di Prova\n"
                                     "default_edition: \"2030-2032\"\n"},
    "duplicate-entry": {"registries/sdg.yaml": "kind: sdg\ngoals:\n  - {id: 1, title: Uno}\n  - {id: 1, title: Due}\n"},
    "deliberation-role": {f"{E24}/deliberations/dcm-1.yaml": DELIBERATION.format(id="dcm-1"),
                          f"{E24}/deliberations/dcm-2.yaml": DELIBERATION.format(id="dcm-2")},
    "hidden-file": {f"{E24}/axes/.bozza.yaml": "kind: axis\nid: bozza\ncode: \"7\"\ntitle: Bozza\n"},
    "missing-file": {"registries/sources.yaml": None},
}


def produced(root: Path) -> set[str]:
    _, report = validate_path(root)
    return {d.code for d in report.diagnostics}


def apply(root: Path, files: dict[str, str | None]) -> None:
    write_files(root, {rel: text for rel, text in files.items() if text is not None})
    for rel, text in files.items():
        if text is None:
            (root / rel).unlink()


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_case_produces_its_code(base_plan: Path, code: str) -> None:
    assert code not in produced(base_plan)
    apply(base_plan, CASES[code])
    assert code in produced(base_plan)


def test_special_files_and_links_outside_are_findings(base_plan: Path, tmp_path: Path) -> None:
    os.mkfifo(base_plan / E24 / "axes" / "tubo.yaml")
    outside = tmp_path / "fuori.yaml"
    outside.write_text("kind: axis\nid: fuori\ncode: \"8\"\ntitle: Fuori\n", "utf-8")
    (base_plan / E24 / "axes" / "fuori.yaml").symlink_to(outside)
    (base_plan / E24 / "axes" / "rotto.yaml").symlink_to(tmp_path / "non-esiste.yaml")
    assert {"special-file", "outside-plan", "unreadable"} <= produced(base_plan)


def _codes_in_tests() -> set[str]:
    """Codes that some test or fixture expects by name."""
    text = "\n".join(path.read_text("utf-8") for folder in (REPO / "tests",)
                     for path in folder.rglob("*") if path.suffix in (".py", ".txt") and path.is_file())
    return {code for code in CODES if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)}


def test_every_code_has_a_case() -> None:
    expected = {line.split()[2] for path in FIXTURES.rglob("expected.txt")
                for line in path.read_text("utf-8").splitlines() if line.strip()}
    covered = set(CASES) | {"special-file", "outside-plan", "unreadable"} | expected | _codes_in_tests()
    assert set(CODES) - covered == set()
