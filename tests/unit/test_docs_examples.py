"""Every YAML example in docs/ parses, and every chapter front matter shown there is a valid chapter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from psmctl.model.edition import Chapter
from tests.conftest import REPO

FENCE = re.compile(r"(?ms)^( *)```(yaml|markdown)\n(.*?)^\1```")
FRONT_MATTER = re.compile(r"(?s)\A---\n(.*?)\n---\n")


def examples() -> list[tuple[str, str, str]]:
    """(where, language, text) of every fenced yaml/markdown block in docs/, indentation removed."""
    found = []
    for page in sorted((REPO / "docs").glob("*.md")):
        text = page.read_text("utf-8")
        for match in FENCE.finditer(text):
            indent, language, body = match.groups()
            body = "\n".join(line[len(indent):] for line in body.split("\n"))
            found.append((f"{page.name}:{text[:match.start()].count(chr(10)) + 1}", language, body))
    return found


def test_docs_have_examples_to_check() -> None:
    assert sum(1 for _, language, _ in examples() if language == "yaml") >= 5


@pytest.mark.parametrize("where, language, body", examples(), ids=[e[0] for e in examples()])
def test_example_parses(where: str, language: str, body: str) -> None:
    if language == "yaml":
        list(yaml.safe_load_all(body))
        return
    front = FRONT_MATTER.match(body)
    if front is not None:
        data = yaml.safe_load(front.group(1))
        Chapter.model_validate(data)
