"""Titles in the diff: capitals alone are no renaming; an editorial title is not a new official name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from typer.testing import CliRunner

from psmctl.cli import app


def _diff(root: Path, fmt: str) -> str:
    result = CliRunner().invoke(app, ["diff", "2030-2032", "2033-2035", "--plan", str(root), "-f", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout


def _retitled(elements: list[dict[str, Any]], ident: str, title: str, **extra: Any) -> list[dict[str, Any]]:
    return [{**e, "title": title, **extra} if e["id"] == ident else e for e in elements]


def test_a_title_differing_only_in_capitals_is_not_renamed(
        two_editions: Callable[..., Path], base_elements: list[dict[str, Any]]) -> None:
    axis = next(e for e in base_elements if e["kind"] == "axis")
    new = _retitled(base_elements, axis["id"], axis["title"].upper())
    doc = json.loads(_diff(two_editions(base_elements, new), "json"))
    assert doc["summary"]["levels"]["axis"]["renamed"] == 0
    assert doc["changes"] == []


def test_a_paraphrased_new_title_is_an_editorial_title_not_a_new_name(
        two_editions: Callable[..., Path], base_elements: list[dict[str, Any]]) -> None:
    first, second, *_ = (e for e in base_elements if e["kind"] == "action")
    new = _retitled(base_elements, first["id"], "Etichetta del redattore", title_is_paraphrase=True)
    new = _retitled(new, second["id"], "Nuovo titolo ufficiale")
    # one row of the tabella di raffronto per changed element: previous | new
    rows = _diff(two_editions(base_elements, new), "md").split(":::: riga")[1:]
    edited = next(row for row in rows if "Etichetta del redattore" in row)
    official = next(row for row in rows if "Nuovo titolo ufficiale" in row)
    assert "Titolo redazionale" in edited and "denominazione" not in edited
    assert "Nuova denominazione" in official

