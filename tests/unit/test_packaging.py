"""The shipped templates are real files inside the package (a link breaks Windows checkouts and wheels)."""

from pathlib import Path

from psmctl.rendering.engine import SHIPPED

PACKAGE = Path(__file__).resolve().parents[2] / "psmctl"


def test_shipped_templates_are_real_files_inside_the_package() -> None:
    assert SHIPPED == PACKAGE / "templates"
    assert not SHIPPED.is_symlink()
    names = {path.name for path in SHIPPED.iterdir()}
    assert {"annex.md.j2", "plan.md.j2", "deliberation.md.j2", "_macros.md.j2",
            "psm.typ", "psm.html", "reference.docx", "reference.odt"} <= names
    assert not [path for path in SHIPPED.iterdir() if path.is_symlink()]


def test_no_link_anywhere_in_the_package() -> None:
    assert not [path for path in PACKAGE.rglob("*") if path.is_symlink()]
