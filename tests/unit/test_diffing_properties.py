"""Invariants of the diff, on random plan shapes built as models (no files)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from psmctl.diffing.changes import DiffOptions, diff_editions
from psmctl.loading.tree import EditionTree, PlanFile
from psmctl.loading.yamlfile import YamlDocument
from psmctl.model import Action, Axis, Strategy

MODELS = {"axis": Axis, "strategy": Strategy, "action": Action}
WORDS = st.sampled_from("rete verde dati scuola salute borgo fiume impresa treno parco".split())
TITLE = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
# shape: axes → strategies → actions, each with a title
SHAPE = st.lists(st.lists(st.lists(TITLE, max_size=3).flatmap(lambda acts: st.tuples(TITLE, st.just(acts))),
                          max_size=3).flatmap(lambda strats: st.tuples(TITLE, st.just(strats))),
                 min_size=1, max_size=3)


def tree(edition: str, elements: list[dict[str, Any]]) -> EditionTree:
    out = EditionTree(edition)
    for data in elements:
        model = MODELS[data["kind"]].model_validate(data)
        assert out.add(PlanFile(f"{data['id']}.yaml", f"{data['id']}.yaml", YamlDocument(data=data), model))
    return out


def elements(shape: list[Any], shift: int = 0) -> list[dict[str, Any]]:
    """Elements with stable ids; `shift` adds to every number, i.e. renumbers everything."""
    out: list[dict[str, Any]] = []
    for a, (axis_title, strategies) in enumerate(shape, start=1):
        axis_code = str(a + shift)
        out.append({"kind": "axis", "id": f"a{a}", "code": axis_code, "title": axis_title})
        for s, (strategy_title, actions) in enumerate(strategies, start=1):
            code = f"{axis_code}.{s + shift}"
            out.append({"kind": "strategy", "id": f"a{a}-s{s}", "code": code, "parent": f"a{a}",
                        "title": strategy_title})
            out += [{"kind": "action", "id": f"a{a}-s{s}-x{n}", "code": f"{code}.{n + shift}",
                     "parent": f"a{a}-s{s}", "title": title} for n, title in enumerate(actions, start=1)]
    return out


@settings(max_examples=60, deadline=None)
@given(SHAPE)
def test_a_plan_diffed_with_itself_is_empty(shape: list[Any]) -> None:
    plan = elements(shape)
    assert diff_editions(tree("2030-2032", plan), tree("2033-2035", plan)).changed == []


@settings(max_examples=60, deadline=None)
@given(SHAPE, st.integers(min_value=1, max_value=5))
def test_renumbering_everything_yields_only_renumbered(shape: list[Any], shift: int) -> None:
    old, new = elements(shape), elements(shape, shift)
    diff = diff_editions(tree("2030-2032", old), tree("2033-2035", new))
    assert [c.kinds for c in diff.changes] == [["renumbered"]] * len(old)


@settings(max_examples=60, deadline=None)
@given(SHAPE, SHAPE)
def test_swapping_sides_swaps_added_and_removed(left_shape: list[Any], right_shape: list[Any]) -> None:
    # Similarity off (threshold above 100): the id pass alone must be symmetric.
    left, right = tree("2030-2032", elements(left_shape)), tree("2030-2032", elements(right_shape))
    options = DiffOptions(threshold=101.0)
    forward, backward = diff_editions(left, right, options), diff_editions(right, left, options)

    def ids(diff: Any, kind: str) -> set[str]:
        return {(c.old or c.new).id for c in diff.changes if c.kind == kind}

    assert ids(forward, "added") == ids(backward, "removed")
    assert ids(forward, "removed") == ids(backward, "added")
    assert {c.new.id for c in forward.changes if c.kind == "renamed"} == \
        {c.old.id for c in backward.changes if c.kind == "renamed"}
