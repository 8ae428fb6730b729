"""The shipped templates: real files in templates/ of the checkout, psmctl/templates in a wheel.

No link anywhere (a link breaks Windows checkouts and wheels).
"""

import zipfile
from pathlib import Path

from hatchling.builders.wheel import WheelBuilder

from psmctl.rendering.engine import SHIPPED

CHECKOUT = Path(__file__).resolve().parents[2]
SHIPPED_NAMES = {"annex.md.j2", "plan.md.j2", "deliberation.md.j2", "revision.md.j2", "_macros.md.j2",
                 "psm.typ", "psm.html", "reference.docx", "reference.odt"}


def test_a_checkout_renders_from_its_top_level_templates_folder() -> None:
    assert SHIPPED == CHECKOUT / "templates"
    assert SHIPPED_NAMES <= {path.name for path in SHIPPED.iterdir()}


def test_no_link_anywhere_in_the_package_or_the_templates() -> None:
    for folder in (CHECKOUT / "psmctl", CHECKOUT / "templates"):
        assert not [path for path in folder.rglob("*") if path.is_symlink()]


def test_a_wheel_carries_the_templates_inside_the_package(tmp_path: Path) -> None:
    wheel = Path(next(WheelBuilder(str(CHECKOUT)).build(directory=str(tmp_path), versions=["standard"])))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"psmctl/templates/{name}" for name in SHIPPED_NAMES} <= names
    assert "psmctl/rendering/layout.lua" in names
