"""A plan's own order (codes, or `order` where nothing is numbered) and full codes (issue 9).

The base fixture plan is turned into an edition that numbers nothing: each
`code` becomes an `order`, so the same plan can be checked both ways.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from psmctl.loading.position import full_code
from psmctl.validate import validate_path
from tests.conftest import write_files

E24 = "editions/2024-2026"
EDITION = (f"{E24}/edition.yaml", "kind: edition\nid: \"2024-2026\"\ntitle: Piano di prova\n"
                                  "period: {start: 2024, end: 2026}\nstatus: draft\npredecessor: \"2021-2023\"\n"
                                  "numbering: {numbering}\n")


def set_numbering(root: Path, numbering: str) -> None:
    write_files(root, {EDITION[0]: EDITION[1].replace("{numbering}", numbering)})


def unnumbered(root: Path) -> Path:
    """The base plan's 2024-2026 edition with `numbering: none`: every `code: "1.2"` becomes `order: 2`."""
    set_numbering(root, "none")
    for path in (root / E24).glob("*/*.yaml"):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r'^code: "(?:[\d.]*\.)?(\d+)"$', r"order: \1", text, flags=re.M), "utf-8")
    return root


def findings(root: Path) -> list[tuple[str, int, int, str, str]]:
    _, report = validate_path(root)
    return [(Path(d.file).name, d.line, d.column, d.code, d.message) for d in report.diagnostics
            if d.severity.value == "error"]


def codes(root: Path) -> set[str]:
    return {f[3] for f in findings(root)}


def test_an_edition_that_numbers_nothing_validates_and_keeps_its_order(base_plan: Path) -> None:
    root = unnumbered(base_plan)
    write_files(root, {f"{E24}/strategies/prima.yaml": "kind: strategy\nid: prima\nparent: asse-verde\n"
                                                       "order: 0\ntitle: Prima\n"})
    assert "invalid-value" in codes(root)  # an order counts from 1
    write_files(root, {f"{E24}/strategies/prima.yaml": "kind: strategy\nid: prima\nparent: asse-verde\n"
                                                       "order: 3\ntitle: Prima di tutte\n"})
    (root / E24 / "strategies/casa.yaml").write_text(
        (root / E24 / "strategies/casa.yaml").read_text("utf-8").replace("order: 2", "order: 1"), "utf-8")
    (root / E24 / "strategies/rete-verde.yaml").write_text(
        (root / E24 / "strategies/rete-verde.yaml").read_text("utf-8").replace("order: 1", "order: 2"), "utf-8")
    assert findings(root) == []
    plan, _ = validate_path(root)
    tree = plan.editions["2024-2026"]
    assert [s.id for s in tree.strategies] == ["casa", "rete-verde", "prima"]  # by order, not by file name
    assert [f.model.id for f in tree.children["asse-verde"]] == ["casa", "rete-verde", "prima"]
    assert {tree.full_code(s) for s in tree.strategies} == {""}


def test_a_code_in_an_edition_that_numbers_nothing_is_a_located_finding(base_plan: Path) -> None:
    root = unnumbered(base_plan)
    path = root / E24 / "strategies/casa.yaml"
    path.write_text(path.read_text("utf-8").replace("order: 2", 'code: "1.2"\norder: 2'), "utf-8")
    [found] = findings(root)
    assert found[:4] == ("casa.yaml", 3, 7, "unnumbered-code")
    assert "numbers nothing (numbering: none)" in found[4]


def test_a_missing_or_repeated_order_is_a_located_finding(base_plan: Path) -> None:
    root = unnumbered(base_plan)
    casa = root / E24 / "strategies/casa.yaml"
    casa.write_text(casa.read_text("utf-8").replace("order: 2", "order: 1"), "utf-8")
    assert [f[:4] for f in findings(root)] == [("rete-verde.yaml", 3, 8, "duplicate-order")]
    casa.write_text(casa.read_text("utf-8").replace("order: 1\n", ""), "utf-8")
    [missing] = findings(root)
    assert missing[:4] == ("casa.yaml", 1, 1, "missing-order")
    _, report = validate_path(root)
    assert "add `order: 2`" in (report.diagnostics[0].hint or "")


def test_siblings_under_different_parents_may_share_an_order(base_plan: Path) -> None:
    root = unnumbered(base_plan)
    assert findings(root) == []  # corridoi and piani-urbani are both `order: 1`, under two strategies


def test_an_order_beside_a_code_is_refused_where_codes_give_the_order(base_plan: Path) -> None:
    casa = base_plan / E24 / "strategies/casa.yaml"
    casa.write_text(casa.read_text("utf-8") + "order: 2\n", "utf-8")
    [found] = findings(base_plan)
    assert found[3] == "order-key" and "the code 1.2 gives the element its place" in found[4]


def test_a_missing_code_is_refused_where_the_edition_numbers(base_plan: Path) -> None:
    casa = base_plan / E24 / "strategies/casa.yaml"
    casa.write_text(casa.read_text("utf-8").replace('code: "1.2"\n', ""), "utf-8")
    [found] = findings(base_plan)
    assert found[:4] == ("casa.yaml", 1, 1, "missing-key") and "needs a `code:`" in found[4]


@pytest.mark.parametrize("numbering", ["hierarchical", "per_parent", "free", "none"])
def test_an_empty_code_is_refused_under_every_numbering(base_plan: Path, numbering: str) -> None:
    set_numbering(base_plan, numbering)
    casa = base_plan / E24 / "strategies/casa.yaml"
    casa.write_text(casa.read_text("utf-8").replace('code: "1.2"', 'code: ""'), "utf-8")
    found = [f for f in findings(base_plan) if f[0] == "casa.yaml"]
    assert found and found[0][:4] == ("casa.yaml", 3, 7, "invalid-value")
    assert "a code cannot be empty" in found[0][4]


def test_full_codes_prefix_per_parent_codes_with_the_parent_full_code() -> None:
    assert full_code("2", "1.3", "per_parent") == "1.3.2"
    assert full_code("2", "", "per_parent") == "2"  # a top-level element
    assert full_code("1.3.2", "1.3", "hierarchical") == "1.3.2"
    assert full_code("A.2", "M1", "free") == "A.2"
    assert full_code(None, "", "none") == "" and full_code("3", "1", "none") == ""


def test_per_parent_messages_name_the_full_code(base_plan: Path) -> None:
    set_numbering(base_plan, "per_parent")
    for rel, code in (("strategies/casa.yaml", "2"), ("strategies/rete-verde.yaml", "1"),
                      ("actions/corridoi.yaml", "1"), ("actions/piani-urbani.yaml", "1")):
        path = base_plan / E24 / rel
        path.write_text(re.sub(r'^code: ".*"$', f'code: "{code}"', path.read_text("utf-8"), flags=re.M), "utf-8")
    write_files(base_plan, {f"{E24}/actions/doppia.yaml": "kind: action\nid: doppia\ncode: \"1\"\nparent: casa\n"
                                                          "title: Doppia\ncontinues: [nessuna]\n"})
    messages = [f[4] for f in findings(base_plan)]
    assert "code 1.2.1 is already used by" in " ".join(messages)  # not the bare, ambiguous «1»
    assert any(m.startswith("1.2.1 «Doppia»: ") for m in messages)


def per_parent_plan(tmp_path: Path) -> Path:
    from tests.conftest import FIXTURES, build_case

    return build_case(FIXTURES / "valid" / "per-parent-numbering", tmp_path / "plan")


def test_documents_print_codes_as_the_act_does_and_full_codes_in_lists_across_parents(tmp_path: Path) -> None:
    from psmctl.rendering.context import build_context

    root = per_parent_plan(tmp_path)
    action = root / E24 / "actions/piani-urbani.yaml"
    action.write_text(action.read_text("utf-8") + "funding:\n  - {source: pnrr, pnrr: M5C2I2.2}\n", "utf-8")
    plan, _ = validate_path(root)
    context = build_context(plan, "2024-2026")
    strategies = context["axes"][0]["strategies"]
    assert [(s["code"], s["full_code"]) for s in strategies] == [("1", "1.1"), ("2", "1.2")]
    assert [a["code"] for s in strategies for a in s["actions"]] == ["1", "1"]  # under their headings
    assert ("1.2.1", "M5C2I2.2") in {(row["code"], row["ref"]) for row in context["mappings"]["pnrr"]}


def test_the_diff_names_per_parent_elements_by_full_code_and_orders_them_by_place(tmp_path: Path) -> None:
    from psmctl.diffing.changes import diff_editions

    plan, _ = validate_path(per_parent_plan(tmp_path))
    diff = diff_editions(plan.editions["2021-2023"], plan.editions["2024-2026"])
    actions = [c.new.code for c in diff.changes if c.level == "action" and c.new]
    assert actions == ["1.1.1", "1.2.1"]  # not «1», «1»
    assert [c.new.id for c in diff.changes if c.level == "action" and c.new] == ["corridoi", "piani-urbani"]
