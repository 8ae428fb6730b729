"""The revision report's grouping: axis headings take the new edition's title."""

from __future__ import annotations

from pathlib import Path

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


def _report_of(tmp_path: Path, incomplete: bool) -> str:
    import json

    from typer.testing import CliRunner

    from psmctl.cli import app
    from tests.diffplans import BASE, write_edition

    old = [{**e, "pnrr_point_name": "Digitalizzazione e innovazione"} if e["id"] == "asse-a" else e for e in BASE]
    root = write_edition(tmp_path / "plan", "2030-2032", old)
    write_edition(root, "2033-2035", BASE, predecessor="2030-2032")
    edition = root / "editions" / "2033-2035" / "edition.yaml"
    edition.write_text(json.dumps({**json.loads(edition.read_text("utf-8")), "incomplete": incomplete}), "utf-8")
    out = tmp_path / "r.md"
    result = CliRunner().invoke(app, ["diff", "2030-2032", "2033-2035", "--plan", str(root), "-f", "md", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    return out.read_text("utf-8")


def test_a_value_an_incomplete_edition_does_not_hold_is_not_encoded_not_emptied(tmp_path: Path) -> None:
    assert "Digitalizzazione e innovazione → non presente nei file" in _report_of(tmp_path / "a", incomplete=True)
    assert "Digitalizzazione e innovazione → —" in _report_of(tmp_path / "b", incomplete=False)
