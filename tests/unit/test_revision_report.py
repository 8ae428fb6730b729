"""The revision report's grouping: axis headings take the new edition's title."""

from __future__ import annotations

from psmctl.diffing.changes import Change, Ref
from psmctl.diffing.report import by_axis


def ref(code: str, title: str, axis_title: str) -> Ref:
    return Ref(f"id-{code}", code, title, None, "asse-1", "1", axis_title)


def test_axis_heading_is_the_new_title_even_when_the_last_row_is_a_removal() -> None:
    changes = [
        Change("strategy", ["renamed"], ref("1.1", "Vecchia", "Asse vecchio"), ref("1.1", "Nuova", "Asse nuovo")),
        Change("strategy", ["removed"], ref("1.2", "Tolta", "Asse vecchio"), None),
    ]
    assert [(code, title) for code, title, _ in by_axis(changes)] == [("1", "Asse nuovo")]


def test_an_axis_only_in_the_old_edition_keeps_its_old_title() -> None:
    changes = [Change("axis", ["removed"], ref("1", "Asse vecchio", "Asse vecchio"), None)]
    assert [(code, title) for code, title, _ in by_axis(changes)] == [("1", "Asse vecchio")]
