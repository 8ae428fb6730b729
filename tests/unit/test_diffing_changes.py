"""Classification of every change kind on small fixture plans."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from tests.diffplans import action

from psmctl.diffing.changes import Change, DiffOptions, EditionDiff, diff_editions
from psmctl.loading.tree import DirectorySource, load_plan


def run(root: Path, old: str = "2030-2032", new: str = "2033-2035", **options: Any) -> EditionDiff:
    plan, findings = load_plan(DirectorySource(root))
    assert findings == []
    return diff_editions(plan.editions[old], plan.editions[new], DiffOptions(**options))


def summary(diff: EditionDiff) -> list[tuple[str, list[str], str | None, str | None]]:
    return [(c.level, c.kinds, c.old and c.old.id, c.new and c.new.id) for c in diff.changed]


def find(diff: EditionDiff, ident: str) -> Change:
    return next(c for c in diff.changes if (c.new or c.old).id == ident)  # type: ignore[union-attr]


def edit(elements: list[dict[str, Any]], ident: str, **changes: Any) -> list[dict[str, Any]]:
    return [{**e, **changes} if e["id"] == ident else e for e in elements]


def drop(elements: list[dict[str, Any]], *idents: str) -> list[dict[str, Any]]:
    return [e for e in elements if e["id"] not in idents]


Build = Callable[..., Path]


def test_identical_editions_have_no_changes(two_editions: Build, base_elements: list[dict[str, Any]]) -> None:
    diff = run(two_editions(base_elements, base_elements))
    assert diff.changed == []
    assert diff.counts["action"]["unchanged"] == 4


def test_added_and_removed(two_editions: Build, base_elements: list[dict[str, Any]]) -> None:
    new = drop(base_elements, "a-bosco") + [action("a-orti", "1.2.2", "s-imprese", "Orti urbani condivisi")]
    assert summary(run(two_editions(base_elements, new))) == [
        ("action", ["added"], None, "a-orti"),
        ("action", ["removed"], "a-bosco", None),
    ]


def test_renamed_with_word_diff(two_editions: Build, base_elements: list[dict[str, Any]]) -> None:
    new = edit(base_elements, "s-imprese", title="Sostenere le micro imprese")
    change = find(run(two_editions(base_elements, new)), "s-imprese")
    assert change.kinds == ["renamed"]
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("title", "Sostenere le piccole imprese", "Sostenere le micro imprese")]
    assert change.fields[0].words == [("=", "Sostenere le"), ("-", "piccole"), ("+", "micro"), ("=", "imprese")]


def test_renumbering_a_strategy_renumbers_its_actions(two_editions: Build, base_elements: list[dict[str, Any]]) -> None:
    new = edit(edit(base_elements, "s-imprese", code="1.3"), "a-botteghe", code="1.3.1")
    assert summary(run(two_editions(base_elements, new))) == [
        ("strategy", ["renumbered"], "s-imprese", "s-imprese"),
        ("action", ["renumbered"], "a-botteghe", "a-botteghe"),
    ]


def test_moved_to_another_strategy(two_editions: Build, base_elements: list[dict[str, Any]]) -> None:
    new = edit(base_elements, "a-botteghe", parent="s-digitale", code="1.1.3")
    change = find(run(two_editions(base_elements, new)), "a-botteghe")
    assert change.kinds == ["moved", "renumbered"]
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("code", "1.2.1", "1.1.3"), ("parent", "s-imprese", "s-digitale")]


def test_parent_that_changed_id_is_not_a_move(two_editions: Build, base_elements: list[dict[str, Any]]) -> None:
    renamed = [{**e, "id": "s-nuova", "continues": ["s-digitale"]} if e["id"] == "s-digitale" else
               {**e, "parent": "s-nuova"} if e.get("parent") == "s-digitale" else e for e in base_elements]
    diff = run(two_editions(base_elements, renamed))
    assert summary(diff) == []  # the strategy kept everything but its id: same element, lineage says so
    assert find(diff, "s-nuova").via == "lineage"


def test_split_and_merge_through_lineage(two_editions: Build, base_elements: list[dict[str, Any]]) -> None:
    new = drop(base_elements, "a-dati", "a-fibra", "a-botteghe") + [
        action("a-dati-1", "1.1.1", "s-digitale", "Dati aperti: catalogo", continues=["a-dati"]),
        action("a-dati-2", "1.1.2", "s-digitale", "Dati aperti: gemelli digitali", continues=["a-dati"]),
        action("a-borghi", "1.2.1", "s-imprese", "Borghi connessi",
               continues=[{"id": "a-fibra", "uncertain": "true"}, "a-botteghe"]),
    ]
    diff = run(two_editions(base_elements, new))
    split = [c for c in diff.changed if c.kind == "split"]
    assert [(c.old.id, c.new.id, c.group) for c in split] == [  # type: ignore[union-attr]
        ("a-dati", "a-dati-1", ["a-dati-1", "a-dati-2"]), ("a-dati", "a-dati-2", ["a-dati-1", "a-dati-2"])]
    merged = [c for c in diff.changed if c.kind == "merged"]
    assert [(c.old.id, c.inferred, c.group) for c in merged] == [  # type: ignore[union-attr]
        ("a-fibra", True, ["a-botteghe", "a-fibra"]), ("a-botteghe", False, ["a-botteghe", "a-fibra"])]
    assert "moved" in next(c for c in merged if c.old.id == "a-fibra").kinds  # type: ignore[union-attr]


def test_modified_fields(two_editions: Build, base_elements: list[dict[str, Any]]) -> None:
    new = edit(base_elements, "a-dati", status="completed", progress="100",
               funding=[{"source": "pnrr", "pnrr": "M1C1I1.7", "amount": "250000.00"}],
               timeline={"end": "2034-06"})
    change = find(run(two_editions(base_elements, new)), "a-dati")
    assert change.kinds == ["modified"]
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("funding", [{"source": "own", "amount": "100000.00"}],
         [{"source": "pnrr", "pnrr": "M1C1I1.7", "amount": "250000.00"}]),
        ("progress", 40, 100),
        ("status", "in_progress", "completed"),
        ("timeline.end", None, "2034-06"),
    ]


def test_ignored_fields_are_not_compared(two_editions: Build, base_elements: list[dict[str, Any]]) -> None:
    new = edit(base_elements, "a-dati", status="completed", progress="100")
    assert run(two_editions(base_elements, new), ignore=frozenset({"status", "progress"})).changed == []


def test_similarity_pairs_leftovers_with_score(two_editions: Build, base_elements: list[dict[str, Any]]) -> None:
    new = drop(base_elements, "a-bosco") + [
        action("a-bosco-nuovo", "2.1.1", "s-parchi", "Grande bosco metropolitano",
               summary="Piantare alberi lungo i fiumi e i canali")]
    root = two_editions(base_elements, new)
    change = find(run(root), "a-bosco-nuovo")
    assert (change.kinds, change.via, change.inferred, change.old.id) == (  # type: ignore[union-attr]
        ["modified"], "similarity", True, "a-bosco")
    assert change.score is not None and 80 <= change.score < 100
    strict = run(root, threshold=99.0)
    assert summary(strict) == [("action", ["added"], None, "a-bosco-nuovo"), ("action", ["removed"], "a-bosco", None)]


def test_lineage_is_ignored_between_revisions_of_one_edition(tmp_path: Path, base_elements: list[dict[str, Any]]) -> None:
    from tests.diffplans import write_edition

    old_root = write_edition(tmp_path / "old", "2030-2032", base_elements)
    new = drop(base_elements, "a-bosco") + [action("a-x", "2.1.1", "s-parchi", "Zzz qqq", continues=["a-fibra"])]
    new_root = write_edition(tmp_path / "new", "2030-2032", new)
    old_plan, _ = load_plan(DirectorySource(old_root))
    new_plan, _ = load_plan(DirectorySource(new_root))
    diff = diff_editions(old_plan.editions["2030-2032"], new_plan.editions["2030-2032"])
    assert summary(diff) == [("action", ["added"], None, "a-x"), ("action", ["removed"], "a-bosco", None)]
