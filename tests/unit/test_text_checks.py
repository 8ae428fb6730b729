"""Plan text itself: control characters, size limits and chapter Markdown that prints as text."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from psmctl.checks import text as limits
from psmctl.validate import validate_path
from tests.conftest import write_files

STRATEGY = "editions/2024-2026/strategies/casa.yaml"
CHAPTER = "editions/2024-2026/chapters/01-visione.md"
FRONT = "---\ntitle: Visione\norder: 1\nrole: vision\n---\n"


def found(root: Path, *codes: str) -> list[tuple[str, int, int, str]]:
    _, report = validate_path(root)
    return [(Path(d.file).relative_to(root).as_posix(), d.line, d.column, d.code)
            for d in report.diagnostics if d.code in codes]


def strategy(summary: str) -> str:
    return f'kind: strategy\nid: casa\ncode: "1.2"\nparent: asse-verde\ntitle: Abitare\nsummary: "{summary}"\n'


@pytest.mark.parametrize("escape", ["\\x01", "\\e", "\\0", "\\x7f", "\\x85", "\\u202e", "\\u2066", "\\r", "\\u2028"])
def test_control_characters_in_a_field_are_located_errors(base_plan: Path, escape: str) -> None:
    write_files(base_plan, {STRATEGY: strategy(f"Qualità{escape}dell'abitare")})
    assert found(base_plan, "control-character") == [(STRATEGY, 6, 10, "control-character")]


def test_tabs_and_line_breaks_are_ordinary_text(base_plan: Path) -> None:
    write_files(base_plan, {STRATEGY: strategy("Prima riga\\tcolonna\\nseconda riga"),
                            CHAPTER: FRONT.replace("\n", "\r\n") + "Testo\r\n\r\nscritto su Windows.\r\n"})
    assert found(base_plan, "control-character") == []


def test_control_characters_in_a_chapter_are_located(base_plan: Path) -> None:
    write_files(base_plan, {CHAPTER: FRONT + "Prima riga\n\nseconda \x1b[2J riga\n"})
    assert found(base_plan, "control-character") == [(CHAPTER, 8, 9, "control-character")]


def test_fields_over_their_limit_are_refused(base_plan: Path) -> None:
    write_files(base_plan, {STRATEGY: strategy("x" * (limits.SUMMARY + 1)).replace("Abitare", "t" * 1001)})
    assert found(base_plan, "too-long") == [(STRATEGY, 5, 8, "too-long"), (STRATEGY, 6, 10, "too-long")]


def test_limits_are_what_refuses(base_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(base_plan, {STRATEGY: strategy("x" * 100_000)})
    assert found(base_plan, "too-long") == [(STRATEGY, 6, 10, "too-long")]
    monkeypatch.setitem(limits.LIMITS, "summary", 10**9)
    monkeypatch.setattr(limits, "LONG_TEXT", 10**9)
    assert found(base_plan, "too-long") == []


def test_a_huge_chapter_or_line_is_refused_fast(base_plan: Path) -> None:
    write_files(base_plan, {CHAPTER: FRONT + ("parola " * 1000 + "\n\n") * 7200})  # 50 MB
    started = time.perf_counter()
    assert [(file, code) for file, _, _, code in found(base_plan, "too-long", "too-large")] == [
        (CHAPTER, "too-large")]  # not even read
    write_files(base_plan, {CHAPTER: FRONT + ("parola " * 1000 + "\n\n") * 200})
    assert found(base_plan, "too-long") == [(CHAPTER, 6, 1, "too-long")]
    write_files(base_plan, {CHAPTER: FRONT + "Intro\n\n" + "x" * 1_200_000 + "\n"})
    assert found(base_plan, "too-long") == [(CHAPTER, 6, 1, "too-long")]
    write_files(base_plan, {CHAPTER: FRONT + "Intro\n\n" + "x" * (limits.LINE + 1) + "\n"})
    assert found(base_plan, "too-long") == [(CHAPTER, 8, limits.LINE + 1, "too-long")]
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize(("line", "column"), [
    ('Vedi [il sito](https://example.org){onclick="alert(1)"}.', 14),
    ("Testo [evidenziato]{.rosso} qui.", 19),
    ("Codice `x`{.python} qui.", 10),
    ("## Titolo {#ancora .classe}", 1),
    ("::: {.avviso}", 1),
    ('Un <span style="color:red">testo</span>.', 4),
    ("<!-- nascosto -->", 1),
])
def test_chapter_markup_that_prints_as_text_is_warned(base_plan: Path, line: str, column: int) -> None:
    write_files(base_plan, {CHAPTER: FRONT + "Intro\n\n" + line + "\n"})
    assert found(base_plan, "chapter-markup") == [(CHAPTER, 8, column, "chapter-markup")]


def test_a_yaml_block_in_a_chapter_is_warned_and_code_is_not(base_plan: Path) -> None:
    body = "Intro\n\n---\ntitle: Falso\n---\n\n```\n<b>{.x}</b>\n:::\n```\n\nCosto < 5 e > 3; vedi (S1){2}.\n"
    write_files(base_plan, {CHAPTER: FRONT + body})
    assert found(base_plan, "chapter-markup") == [(CHAPTER, 8, 1, "chapter-markup")]


@pytest.mark.parametrize("paragraph", ["[a " * (limits.BRACKETS + 1), "`" * (limits.BACKTICKS + 1),
                                       "![a\n" * (limits.BRACKETS + 1)])
def test_paragraphs_pandoc_reads_slowly_are_refused(base_plan: Path, paragraph: str) -> None:
    write_files(base_plan, {CHAPTER: FRONT + "Intro\n\n" + paragraph + "\n\nFine.\n"})
    assert [(f, code) for f, _, _, code in found(base_plan, "too-complex")] == [(CHAPTER, "too-complex")]
    write_files(base_plan, {CHAPTER: FRONT + "Intro\n\n" + ("[a] " * 50 + "\n\n") * 40})  # many, spread out
    assert found(base_plan, "too-complex") == []


@pytest.fixture
def half_second_limit(monkeypatch: pytest.MonkeyPatch) -> Any:
    from psmctl import pandoc

    monkeypatch.setattr(pandoc, "MAX_SECONDS", 0.5)
    monkeypatch.setattr(pandoc, "SECONDS_PER_MB", 0.0)
    return pandoc


def test_pandoc_is_stopped_when_it_runs_too_long(half_second_limit: Any, tmp_path: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(half_second_limit.PandocError, match="more than 0.5 seconds"):
        half_second_limit.convert("[a " * 3000 + "\n", "html", tmp_path / "x.html")
    assert time.perf_counter() - started < 5 and list(tmp_path.iterdir()) == []


def test_the_limit_is_pandocs_cpu_time_not_the_clock(half_second_limit: Any, monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    # With the clock's backstop out of reach, the CPU limit alone stops the slow conversion
    # (1 s of CPU, the kernel's granularity), so a busy machine's slow clock never refuses a document.
    monkeypatch.setattr(half_second_limit, "WALL_FACTOR", 1000.0)
    started = time.perf_counter()
    with pytest.raises(half_second_limit.PandocError, match="more than 0.5 seconds"):
        half_second_limit.convert("[a " * 6000 + "\n", "html", tmp_path / "x.html")
    assert time.perf_counter() - started < 60 and list(tmp_path.iterdir()) == []


def test_a_larger_document_gets_more_time() -> None:
    from psmctl import pandoc

    assert pandoc.time_limit(0) == pandoc.MAX_SECONDS
    assert pandoc.time_limit(2_000_000) == pandoc.MAX_SECONDS + 2 * pandoc.SECONDS_PER_MB


def test_files_whose_values_are_all_short_are_not_walked_again(base_plan: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # the loader measures the longest value while walking; the size check walks only files that reach a limit
    walked: list[object] = []
    real = limits._suspect

    def spy(value: object, controls: bool) -> bool:
        walked.append(value)
        return real(value, controls)

    write_files(base_plan, {STRATEGY: strategy("x" * (limits.SHORT_TEXT + 1))})
    monkeypatch.setattr(limits, "_suspect", spy)
    assert found(base_plan, "too-long") == []  # a summary may be longer than a title
    assert [v for v in walked if isinstance(v, dict) and v.get("id") == "casa"]  # the long one was walked
    assert not [v for v in walked if isinstance(v, dict) and v.get("kind") == "axis"]  # the short ones were not


def test_the_longest_value_is_measured_through_lists_and_mappings() -> None:
    from psmctl.loading.yamlfile import parse_text

    doc, _ = parse_text("a: [x, {b: [\"" + "y" * 1234 + "\"]}]\nc: zz\n", "f.yaml")
    assert doc is not None and doc.longest_text == 1234
