"""The shipped Torino plan: one test per class of fact it encodes from the sources."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from typer.testing import CliRunner

from psmctl.cli import app
from psmctl.loading.tree import DirectorySource, Plan, load_plan
from psmctl.model.provenance import chapter_is_paraphrase, is_paraphrase
from tests.conftest import REPO

PLAN = REPO / "plan"
COMPLETE_ZONES = {1: 1, 3: 18, 4: 8, 5: 45, 8: 46, 10: 24, 11: 22}
PARTIAL_ZONES = {2, 6, 7, 9}


@cache
def shipped() -> Plan:
    plan, findings = load_plan(DirectorySource(PLAN))
    assert [f for f in findings if f.severity.value == "error"] == []
    return plan


def _zones() -> dict[int, Any]:
    return {z.number: z for z in shipped().registry("zones").zones}  # type: ignore[union-attr]


@cache
def _diff() -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["diff", "2021-2023", "2024-2026", "--plan", str(PLAN), "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["changes"]  # type: ignore[no-any-return]


def test_validate_exits_0() -> None:
    result = CliRunner().invoke(app, ["validate", str(PLAN)])
    assert result.exit_code == 0, result.output


def test_comuni_registry_holds_the_312_comuni_with_distinct_istat_codes() -> None:
    registry: Any = shipped().registry("comuni")
    codes = [c.istat for c in registry.comuni]
    assert (len(codes), len(set(codes)), registry.complete) == (312, 312, True)
    assert all(re.fullmatch(r"001\d{3}", code) for code in codes)
    names = {c.istat: c.name for c in registry.comuni}
    assert (names["001272"], names["001316"], names["001317"], names["001318"]) == (
        "Torino", "Mappano", "Val di Chy", "Valchiusa")


def test_complete_zones_list_their_members_with_registered_istat_codes() -> None:
    names = {c.istat: c.name for c in shipped().registry("comuni").comuni}  # type: ignore[union-attr]
    zones = _zones()
    members = {n: [(c.istat, c.name) for c in zones[n].comuni] for n in COMPLETE_ZONES}
    assert {n: len(m) for n, m in members.items()} == COMPLETE_ZONES
    assert sum(COMPLETE_ZONES.values()) == 164
    assert all(zones[n].comuni_complete and zones[n].comuni_count == COMPLETE_ZONES[n] for n in COMPLETE_ZONES)
    assert all(names[code] == name for m in members.values() for code, name in m)
    assert members[1] == [("001272", "Torino")]
    assert {name for _, name in members[4]} == {"Borgaro Torinese", "Caselle Torinese", "Leini", "San Benigno Canavese",
                                                "San Mauro Torinese", "Settimo Torinese", "Volpiano", "Mappano"}
    assert zones[4].uncertain  # completeness inferred by composition
    assert {"Carignano", "Moncalieri", "Orbassano"} <= {name for _, name in members[3]}
    assert {"Pinerolo", "Torre Pellice"} <= {name for _, name in members[5]}
    assert {"Cuorgnè", "Rivarolo Canavese"} <= {name for _, name in members[8]}
    assert {"Chivasso", "Caluso"} <= {name for _, name in members[10]}
    assert {"Chieri", "Carmagnola", "Osasio", "Lombriasco"} <= {name for _, name in members[11]}


def test_other_zones_are_partial_and_no_comune_is_in_two_zones() -> None:
    zones = _zones()
    assert sorted(zones) == list(range(1, 12))
    assert all(not zones[n].comuni_complete and zones[n].uncertain and zones[n].comuni for n in PARTIAL_ZONES)
    everyone = [c.istat for z in zones.values() for c in z.comuni]
    assert len(everyone) == len(set(everyone)) == 164 + 25


def test_every_cited_source_key_resolves() -> None:
    plan = shipped()
    keys = {s.key for s in plan.registry("sources").sources}  # type: ignore[union-attr]
    files = [plan.project, *plan.registries.values()]
    for tree in plan.editions.values():
        files += [tree.file, *tree.elements, *tree.indicators, *tree.chapters, *tree.deliberations]
    cited = {key for file in files if file is not None for _, key in file.doc.source_refs}
    assert cited and cited - keys == set()


def test_no_element_without_sources() -> None:
    unsourced = [f"{tree.id} {item.model.code}" for tree in shipped().editions.values()  # type: ignore[attr-defined]
                 for item in tree.elements if not item.model.sources]  # type: ignore[attr-defined]
    assert unsourced == []


def test_sources_are_an_italian_bibliography() -> None:
    for source in shipped().registry("sources").sources:  # type: ignore[union-attr]
        text = " ".join(filter(None, (source.title, source.supports, source.notes)))
        assert not re.search(r"snapshot|truncated|\baxis\b|\bstrategy\b", text, re.IGNORECASE), source.key
        assert source.title and (source.url or source.reference), source.key
        assert source.supports, source.key
        assert source.url is None or re.fullmatch(r"https?://\S+", source.url), source.key


def test_axes_carry_the_acts_names_and_the_pnrr_point_name_apart() -> None:
    for edition, pnrr_named in (("2021-2023", True), ("2024-2026", False)):
        axes = shipped().editions[edition].axes
        assert len(axes) == 6
        assert all(a.title.startswith(("Torino Metropoli ", "Torino metropoli ")) for a in axes)
        assert all(bool(a.pnrr_point_name) == pnrr_named and a.subtitle is None for a in axes)
    first = shipped().editions["2021-2023"].axes[0]
    assert (first.title, first.pnrr_point_name) == ("Torino Metropoli più produttiva e innovativa",
                                                    "Digitalizzazione, innovazione, competitività e cultura")


def test_summaries_are_declared_paraphrases_and_the_2024_action_titles_stay_editorial() -> None:
    for edition in ("2021-2023", "2024-2026"):
        tree = shipped().editions[edition]
        assert tree.edition is not None and tree.edition.paraphrased_texts == ["summary", "description", "chapters"]
        assert all(is_paraphrase(a, "summary", tree.edition) for a in tree.actions)
        # the chapters were written from the sources, not copied from the act
        assert all(chapter_is_paraphrase(chapter, tree.edition) for chapter, _ in tree.chapter_models)
    editorial = {a.code for a in shipped().editions["2024-2026"].actions if a.title_is_paraphrase}
    assert editorial == {a.code for a in shipped().editions["2024-2026"].actions}


def test_milestones_of_both_editions() -> None:
    def dates(edition: str) -> list[str]:
        assert (model := shipped().editions[edition].edition) is not None
        return [m.date for m in model.milestones]

    assert {"2020-05-18", "2020-10-07", "2020-10", "2020-11-15", "2020-12", "2021-01-11"} <= set(dates("2021-2023"))
    assert {"2023-05-10", "2023-09-27", "2023-11-10", "2023-12-05", "2024-07-19"} <= set(dates("2024-2026"))
    assert (conferenza := shipped().editions["2024-2026"].edition) is not None
    [binding] = [m for m in conferenza.milestones if m.date == "2024-07-19"]
    assert binding.organ == "Conferenza metropolitana" and "parere vincolante" in binding.event


def test_amsvs_missions_fall_in_six_groups_summing_to_the_declared_21() -> None:
    registry: Any = shipped().registry("amsvs")
    assert [g.missions_count for g in registry.groups] == [6, 4, 5, 2, 2, 2]
    assert sum(g.missions_count for g in registry.groups) == registry.declared_count == 21
    assert all(g.uncertain for g in registry.groups)  # MAS numbers inferred from the order


def test_shipped_diff_kinds() -> None:
    def kinds(level: str, old_code: str) -> list[str]:
        [change] = [c for c in _diff() if c["level"] == level and (c["old"] or {}).get("code") == old_code]
        return change["kinds"]  # type: ignore[no-any-return]

    assert [c for c in _diff() if c["level"] == "axis" and "renamed" in c["kinds"]] == []
    [one_one] = [c for c in _diff() if c["level"] == "strategy" and (c["old"] or {}).get("code") == "1.1"]
    assert ("renamed", one_one["inferred"]) == (one_one["kind"], True)
    assert "renamed" in kinds("strategy", "6.1")
    moved = {(c["old"]["code"], c["new"]["code"]) for c in _diff()
             if c["level"] == "action" and "renumbered" in c["kinds"]}
    assert moved == {("6.1.2", "6.1.1"), ("6.1.3", "6.1.2")}


def test_revision_report_calls_editorial_titles_so() -> None:
    result = CliRunner().invoke(app, ["diff", "2021-2023", "2024-2026", "--plan", str(PLAN), "-f", "md"])
    # one row of the tabella di raffronto per changed element: previous | new
    rows = [row for row in result.stdout.split(":::: riga")[1:] if "**Azione 6\\.1\\.2**" in row.split(":::")[1]
            or "**Azione 6\\.1\\.3**" in row.split(":::")[1]]
    assert len(rows) == 2 and all("Titolo redazionale; nuova numerazione" in row for row in rows)
    assert "Nuova denominazione" not in "".join(rows)
    axis_one = next(row for row in result.stdout.split(":::: riga")[1:] if "**Asse 1** – Torino Metropoli" in row)
    assert "missione PNRR corrispondente\\: Digitalizzazione, innovazione, competitività e cultura → non presente nei file" in axis_one
