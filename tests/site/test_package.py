"""A wheel carries the site's templates and its vendored Bootstrap Italia with its licences."""

from __future__ import annotations

import zipfile
from pathlib import Path

from hatchling.builders.wheel import WheelBuilder

from psmctl.site.build import ASSETS, TEMPLATES

CHECKOUT = Path(__file__).resolve().parents[2]


def test_a_wheel_carries_every_site_template_and_asset(tmp_path: Path) -> None:
    wheel = Path(next(WheelBuilder(str(CHECKOUT)).build(directory=str(tmp_path), versions=["standard"])))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(CHECKOUT).as_posix() for folder in (TEMPLATES, ASSETS) for p in folder.rglob("*")
               if p.is_file()}
    assert shipped and shipped <= names
    assert {"psmctl/site/assets/bootstrap-italia/LICENSE", "psmctl/site/assets/bootstrap-italia/VERSION",
            "psmctl/site/assets/bootstrap-italia/fonts/Titillium_Web/OFL.txt"} <= names


def test_the_vendored_css_asks_no_other_host() -> None:
    css = (ASSETS / "bootstrap-italia" / "css" / "bootstrap-italia.min.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(http" not in css and "url(//" not in css
    assert "2.18.3" in (ASSETS / "bootstrap-italia" / "VERSION").read_text(encoding="utf-8")
