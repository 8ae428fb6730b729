"""Element files spliced by fmt and new edition: byte for byte what the whole-file round-trip writes."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, Callable

import pytest

from psmctl.authoring import splice
from psmctl.authoring.formatting import FormatRefused, format_text
from psmctl.authoring.nextedition import _carry_over
from psmctl.errors import UsageError
from tests.conftest import FIXTURES, REPO

NEW, OLD, PERIOD = "2027-2029", "2024-2026", (2027, 2029)
FILE = "editions/2024-2026/actions/a.yaml"
MODES = {  # the command, and the splice it tries before its whole-file round-trip
    "new edition": (lambda text: _carry_over(text, FILE, NEW, OLD, PERIOD), "carried_element"),
    "fmt": (lambda text: format_text(text, FILE), "formatted_element"),
}


def written(mode: str, text: str) -> str | Exception:
    try:
        return MODES[mode][0](text)
    except (UsageError, FormatRefused) as exc:
        return exc


def both_paths(text: str, monkeypatch: pytest.MonkeyPatch, mode: str = "new edition"
               ) -> tuple[str | Exception, str | Exception, bool]:
    """(spliced path's file, round-trip path's file, whether the splice was taken)."""
    taken: list[bool] = []
    name = MODES[mode][1]
    real = getattr(splice, name)

    def spy(*args: Any) -> str | None:
        result = real(*args)
        taken.append(result is not None)
        return result

    with monkeypatch.context() as patch:
        patch.setattr(splice, name, spy)
        fast = written(mode, text)
    with monkeypatch.context() as patch:
        patch.setattr(splice, name, lambda *args: None)
        slow = written(mode, text)
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


@pytest.mark.parametrize("mode", sorted(MODES))
def test_real_plan_fixtures_and_synthetic_plan_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              mode: str) -> None:
    from bench.synth import write_synthetic_plan

    synthetic = write_synthetic_plan(tmp_path / "synthetic", 40)
    spliced = 0
    for path in yaml_files(REPO / "plan", FIXTURES, synthetic):
        text = readable(path)
        if text is None:
            continue
        fast, slow, taken = both_paths(text, monkeypatch, mode)
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


def summary(value: str) -> str:
    """The action with a summary of this value (and a line end) after its title."""
    return variant("title: Corridoi ecologici\n", f"title: Corridoi ecologici\nsummary: {value}\n")


NESTED = textwrap.dedent("""\
    scope:
      zones: ["1", "2"]
    funding:
      - source: pnrr
        amount: 1000
        year: 2025
      - source: regione
        amount: "250.50"
    sources: [PSM]
    """)
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
    "nested blocks in canonical form": (variant("sources: [PSM]\n", NESTED), True),
    "nested keys out of order": (variant("sources: [PSM]\n", NESTED.replace(
        '  start: "2024-01"\n  end: "2026-12"\n', '  end: "2026-12"\n  start: "2024-01"\n')), True),
    "nested unknown key first": (variant("sources: [PSM]\n", NESTED.replace("  zones:", "  altro: x\n  zones:")), True),
    "nested list at column 0": (variant("sources: [PSM]\n", NESTED.replace("  - source: pnrr\n    amount",
                                                                             "- source: pnrr\n  amount")), True),
    "nested deeper mapping": (variant("sources: [PSM]\n", NESTED.replace("    year: 2025\n",
                                                                           "    year: 2025\n    rate:\n      a: 1\n")),
                              True),
    "nested comment": (variant("sources: [PSM]\n", NESTED.replace('  start: "2024-01"\n', '  start: "2024-01"  # circa\n')),
                       True),
    "nested blank line": (variant("sources: [PSM]\n", NESTED.replace("  - source: regione", "\n  - source: regione")),
                          True),
    "nested long line": (variant("sources: [PSM]\n", NESTED.replace("amount: 1000", "amount: 1000 " + "x" * 110)), True),
    "nested quoted and plain list": (variant("sources: [PSM]\n", 'sources:\n  - PSM\n  - "DUP 2025"\n'), True),
    "folded text, lines kept": (summary(">\n  " + ("parola " * 12).strip() + "\n  " + ("altra " * 10).strip()), True),
    "folded text, a space past the width": (summary(">\n  " + "a" * 119 + " b c"), True),
    "folded text, a space at the width": (summary(">\n  " + "a" * 118 + " b c"), True),
    "folded text, double spaces past the width": (summary(">\n  " + "a" * 125 + "  b"), True),
    "folded text, paragraphs": (summary(">\n  uno\n\n  due"), True),
    "folded text, kept and stripped": (summary(">-\n  uno\n  due"), True),
    "folded text, more indented": (summary(">\n  uno\n    due\n  tre"), True),
    "folded text, deeper indentation": (summary(">\n    uno\n    due"), True),
    "folded text, trailing space": (summary(">\n  uno \n  due"), True),
    "folded text, line separator": (summary(">\n  uno\u2028due"), True),
    "not a mapping": ("- kind: action\n", False),
    "broken YAML": (variant("title: Corridoi ecologici\n", "title: [Corridoi\n"), False),
}


# layouts only new edition's resets cannot splice: fmt keeps those blocks as they are
RESET_ONLY = ("comment beside the status", "comment beside a dropped key", "comment under a dropped mapping")


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_yaml_gives_what_the_round_trip_gives(name: str, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text, may_splice = TRICKY[name]
    fast, slow, taken = both_paths(text, monkeypatch, mode)
    assert same(fast, slow), (fast, slow)
    if not may_splice and not (mode == "fmt" and name in RESET_ONLY):
        assert not taken
    if name in ("plain", "keys out of order, unknown key, comment lines between keys", "long folded text",
                "nested blocks in canonical form", "nested keys out of order", "folded text, lines kept"):
        assert taken  # the layouts the splice is for are not left to the fallback


def test_the_splice_resets_and_links() -> None:
    def change(data: Any) -> None:
        from psmctl.authoring.nextedition import _link_element

        _link_element(data)

    result = splice.carried_element(ACTION, change)
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
    assert splice.carried_element(ACTION, wrong) is None


def test_a_file_in_canonical_form_needs_no_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.synth import write_synthetic_plan

    synthetic = write_synthetic_plan(tmp_path / "synthetic", 10)
    texts = [format_text(path.read_text("utf-8"), FILE)
             for path in sorted((synthetic / "editions").rglob("actions/*.yaml"))]
    assert len(texts) == 10 and all("funding:\n  - " in t and "scope:\n  " in t and "summary: >\n" in t for t in texts)

    def refuse(*args: Any) -> None:
        raise AssertionError("a round-trip for a block already in canonical form")

    monkeypatch.setattr("psmctl.authoring.formatting.round_trip_yaml", refuse)
    for text in texts:  # lines, folded text and one-level blocks: the file is kept as it is
        assert splice.formatted_element(text) == text
