"""Element files spliced into the next edition: byte for byte what the whole-file round-trip writes."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, Callable

import pytest

from psmctl.authoring import carryover
from psmctl.authoring.nextedition import _carry_over
from psmctl.errors import UsageError
from tests.conftest import FIXTURES, REPO

NEW, OLD, PERIOD = "2027-2029", "2024-2026", (2027, 2029)


def carried(text: str) -> str | Exception:
    try:
        return _carry_over(text, "editions/2024-2026/actions/a.yaml", NEW, OLD, PERIOD)
    except UsageError as exc:
        return exc


def both_paths(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str | Exception, str | Exception, bool]:
    """(spliced path's file, round-trip path's file, whether the splice was taken)."""
    taken: list[bool] = []
    real = carryover.carried_element

    def spy(*args: Any) -> str | None:
        result = real(*args)
        taken.append(result is not None)
        return result

    with monkeypatch.context() as patch:
        patch.setattr(carryover, "carried_element", spy)
        fast = carried(text)
    with monkeypatch.context() as patch:
        patch.setattr(carryover, "carried_element", lambda *args: None)
        slow = carried(text)
    return fast, slow, bool(taken and taken[0])


def same(a: str | Exception, b: str | Exception) -> bool:
    return a == b if isinstance(a, str) or isinstance(b, str) else str(a) == str(b)


def yaml_files(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*.yaml") if "deliberations" not in p.parts)


def readable(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError:  # the fixtures' deliberately broken files
        return None


def test_real_plan_fixtures_and_synthetic_plan_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.synth import write_synthetic_plan

    synthetic = write_synthetic_plan(tmp_path / "synthetic", 40)
    spliced = 0
    for path in yaml_files(REPO / "plan", FIXTURES, synthetic):
        text = readable(path)
        if text is None:
            continue
        fast, slow, taken = both_paths(text, monkeypatch)
        assert same(fast, slow), path
        spliced += taken
    # not a vacuous comparison: the synthetic actions and most real elements take the splice
    assert spliced >= 40 + len(yaml_files(REPO / "plan" / "editions")) // 2


ACTION = textwrap.dedent("""\
    # yaml-language-server: $schema=../../../schemas/action.schema.json
    kind: action
    id: corridoi
    code: "1.1.1"
    parent: rete-verde
    title: Corridoi ecologici
    status: in_progress
    progress: 40
    timeline:
      start: "2024-01"
      end: "2026-12"
    continues: [vecchi-corridoi]
    sources: [PSM]
    """)


def variant(old: str, new: str) -> str:
    assert old in ACTION
    return ACTION.replace(old, new)


TRICKY: dict[str, tuple[str, bool]] = {  # text, whether the splice may be taken
    "plain": (ACTION, True),
    "keys out of order, unknown key, comment lines between keys": (
        variant("title: Corridoi ecologici\n", "extra: tenuto\n# sul titolo\n\ntitle: Corridoi ecologici\n")
        .replace("kind: action\n", "") + "kind: action\n", True),
    "comment beside the status": (variant("status: in_progress\n", "status: in_progress  # da verificare\n"), False),
    "comment beside a dropped key": (variant("progress: 40\n", "progress: 40  # stima\n"), False),
    "comment under a dropped mapping": (variant('  end: "2026-12"\n', '  end: "2026-12"\n  # proroga?\n'), False),
    "flow-style mapping dropped": (variant('timeline:\n  start: "2024-01"\n  end: "2026-12"\n',
                                           'timeline: {start: "2024-01", end: "2026-12"}\n'), True),
    "flow-style mapping kept": (variant("sources: [PSM]\n", 'sources: [PSM]\nscope: {zones: ["1", "2"]}\n'), True),
    "flow-style document": ('{kind: action, id: x, code: "1.1.1", parent: p, title: T, status: done}\n', False),
    "quoted keys": (variant("status: in_progress\n", '"status": in_progress\n').replace("title:", "'title':"),
                    False),
    "CRLF": (ACTION.replace("\n", "\r\n"), False),
    "last key without newline": (ACTION.rstrip("\n"), False),
    "anchor and alias": (variant("sources: [PSM]\n", "sources: &s [PSM]\nnotes: *s\n"), False),
    "document markers": ("---\n" + ACTION + "...\n", False),
    "long folded text": (variant("title: Corridoi ecologici\n", "title: Corridoi ecologici\nsummary: >\n  " +
                                 ("parola " * 40).strip() + "\n"), True),
    "long plain line": (variant("title: Corridoi ecologici\n", "title: " + "parola " * 30 + "fine\n"), True),
    "escaped quoted text": (variant("title: Corridoi ecologici\n", 'title: "Corridoi\\tecologici \\"verdi\\""\n'),
                            True),
    "no status, no continues": (variant("status: in_progress\n", "").replace("continues: [vecchi-corridoi]\n", ""),
                                True),
    "tab inside": (variant("sources: [PSM]\n", "sources: [PSM]\t\n"), False),
    "trailing blanks": (variant("title: Corridoi ecologici\n", "title: Corridoi ecologici   \n"), True),
    "block list of links": (variant("continues: [vecchi-corridoi]\n", "continues:\n  - a\n  - b\nsupersedes: [c]\n"),
                            True),
    "not a mapping": ("- kind: action\n", False),
    "broken YAML": (variant("title: Corridoi ecologici\n", "title: [Corridoi\n"), False),
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_yaml_gives_what_the_round_trip_gives(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text, may_splice = TRICKY[name]
    fast, slow, taken = both_paths(text, monkeypatch)
    assert same(fast, slow), (fast, slow)
    if not may_splice:
        assert not taken
    if name in ("plain", "keys out of order, unknown key, comment lines between keys", "long folded text"):
        assert taken  # the layouts the splice is for are not left to the fallback


def test_the_splice_resets_and_links() -> None:
    def change(data: Any) -> None:
        from psmctl.authoring.nextedition import _link_element

        _link_element(data)

    result = carryover.carried_element(ACTION, change)
    assert result == textwrap.dedent("""\
        # yaml-language-server: $schema=../../../schemas/action.schema.json
        kind: action
        id: corridoi
        code: "1.1.1"
        parent: rete-verde
        title: Corridoi ecologici
        continues:
          - corridoi
        status: planned
        sources: [PSM]
        """)


def test_a_splice_that_would_not_read_back_as_the_reset_values_is_refused() -> None:
    wrong: Callable[[Any], None] = lambda data: data.update(title="altro")  # noqa: E731
    assert carryover.carried_element(ACTION, wrong) is None
