"""One escaping function per target (psmctl.escaping), each tested on what it must stop."""

from __future__ import annotations

import pytest

from psmctl.escaping import (control_characters, describe, document_text, formula_like, markdown, markdown_block,
                             one_line, spreadsheet_cell, terminal)

HOSTILE = "a\x00b\x1b[2Jc\x7fd\x85e\u202ef\u2066g\u2028h"


def test_control_characters_are_found_but_crlf_and_tabs_are_not() -> None:
    assert [char for _, char in control_characters(HOSTILE)] == ["\x00", "\x1b", "\x7f", "\x85", "\u202e",
                                                                "\u2066", "\u2028"]
    assert list(control_characters("riga\r\nriga\tcolonna\n")) == []
    assert [offset for offset, _ in control_characters("a\rb")] == [1]
    assert describe("\x1b") == "U+001B (ESCAPE)" and describe("\u202e") == "U+202E (RIGHT-TO-LEFT OVERRIDE)"


def test_documents_get_the_text_without_them() -> None:
    assert document_text(HOSTILE) == "ab[2Jcdefgh" and document_text("a\r\nb") == "a\nb"


@pytest.mark.parametrize("escape", [one_line, terminal])
def test_terminals_see_escapes_not_control_sequences(escape: object) -> None:
    shown = escape(HOSTILE)  # type: ignore[operator]
    assert not list(control_characters(shown)) and "\\x1b[2J" in shown and "\\u202e" in shown


def test_one_line_is_one_line() -> None:
    assert one_line("uno\ndue\r\ntre\tquattro") == "uno\\ndue\\r\\ntre\\tquattro"
    assert terminal("uno\ndue") == "uno\ndue"


def test_markdown_escapes_every_sign_pandoc_could_read() -> None:
    assert markdown("{{ 7*7 }} <b>[x](y)</b> # 1. -5 @c $m$ | ~s~\x1b") == (
        "\\{\\{ 7\\*7 \\}\\} \\<b\\>\\[x\\]\\(y\\)\\</b\\> \\# 1\\. \\-5 \\@c \\$m\\$ \\| \\~s\\~")
    assert markdown_block("uno\n\n\ndue *x*") == "uno\n\ndue \\*x\\*"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_signs_are_neutralised(cell: str) -> None:
    assert formula_like(cell) and spreadsheet_cell(cell) == "'" + cell
    assert spreadsheet_cell("Testo = formula?") == "Testo = formula?"


def test_the_diff_terminal_view_escapes_titles() -> None:
    from psmctl.diffing.changes import Ref
    from psmctl.report.diff_text import _ref

    shown = _ref(Ref("a", "1.1", "Titolo\x1b[2J\nfalso", None, "x", "1", "Asse"))
    assert shown == "1.1 Titolo\\x1b[2J\\nfalso"
