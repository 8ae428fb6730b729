"""Plan text is data: links, images, formulas and odd output paths are made harmless."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from psmctl.pandoc import convert
from psmctl.writing import OutputProblem, write_atomic


def test_links_and_images_from_text_are_defused(tmp_path: Path) -> None:
    markdown = ("[a](javascript:alert(3)) [b](https://example.org) [c]( JavaScript:x) "
                "![img](/etc/passwd) [d](#sez) [e](file:///etc/passwd) [f](mailto:upd@example.org)\n")
    out = tmp_path / "l.html"
    convert(markdown, "html", out)
    html = out.read_text(encoding="utf-8")
    assert 'href="https://example.org"' in html and 'href="#sez"' in html and 'href="mailto:' in html
    assert 'href="javascript' not in html.lower() and "<img" not in html and "file://" not in html


def test_output_that_is_a_folder_or_under_a_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputProblem, match="not a regular file"):
        write_atomic(tmp_path, b"x")
    (tmp_path / "afile").write_text("keep", encoding="utf-8")
    with pytest.raises(OutputProblem, match="is a file, not a folder"):
        write_atomic(tmp_path / "afile" / "x.md", b"x")
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "keep"


def test_a_symlink_is_never_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(outside)
    with pytest.raises(OutputProblem, match="symbolic link"):
        write_atomic(link, b"new\n")
    assert link.is_symlink() and outside.read_text(encoding="utf-8") == "keep\n"


def test_the_mode_of_a_replaced_file_is_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n", encoding="utf-8")
    os.chmod(real, 0o600)
    write_atomic(real, b"new\n")
    assert real.read_text(encoding="utf-8") == "new\n"
    assert (real.stat().st_mode & 0o777) == 0o600


def test_a_plan_write_through_a_linked_folder_is_refused(tmp_path: Path) -> None:
    plan, elsewhere = tmp_path / "plan", tmp_path / "elsewhere"
    plan.mkdir()
    elsewhere.mkdir()
    (plan / "actions").symlink_to(elsewhere)
    with pytest.raises(OutputProblem, match="outside the plan folder"):
        write_atomic(plan / "actions" / "a.yaml", b"x\n", inside=plan)
    assert list(elsewhere.iterdir()) == []


def test_spreadsheet_cells_never_become_formulas() -> None:
    import io

    from openpyxl import load_workbook

    from psmctl.exchange.sheetio import write_xlsx

    data = write_xlsx({"actions": (["id", "title"], [["a", '=HYPERLINK("http://x","y")']])}, {"actions": {}})
    cell = load_workbook(io.BytesIO(data))["actions"]["B2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","y")'


def test_control_characters_never_break_a_workbook() -> None:
    import io

    from openpyxl import load_workbook

    from psmctl.exchange.sheetio import write_xlsx

    data = write_xlsx({"actions": (["id", "title"], [["a", "Titolo\x01\x1b[31m\u202e fine"]])}, {"actions": {}})
    assert load_workbook(io.BytesIO(data))["actions"]["B2"].value == "Titolo[31m fine"
