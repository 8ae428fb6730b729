from __future__ import annotations

import datetime as dt

from psmctl.rendering.filters import blank, code_title, it_amount, it_date, it_number, it_words, md, md_block, shift_headings


def test_md_escapes_every_markdown_special() -> None:
    assert md("{{ 7*7 }} <b> # z | x") == r"\{\{ 7\*7 \}\} \<b\> \# z \| x"
    assert md("a\nb") == "a b"
    assert md(None) == ""


def test_md_block_keeps_paragraphs() -> None:
    assert md_block("1. uno\n\n- due") == "1\\. uno\n\n\\- due"


def test_italian_dates() -> None:
    assert it_date("2021-02-10") == "10 febbraio 2021"
    assert it_date(dt.date(2023, 5, 1)) == "1 maggio 2023"
    assert it_date("2023-05") == "maggio 2023"
    assert it_date("2023") == "2023"


def test_italian_numbers_and_amounts() -> None:
    assert it_amount(1234567) == "€ 1.234.567,00"
    assert it_amount("0.5") == "€ 0,50"
    assert it_number(999) == "999"
    assert it_number(-1234.5, 1) == "-1.234,5"


def test_year_in_words() -> None:
    assert it_words(2023) == "duemilaventitre"
    assert it_words(2021) == "duemilaventuno"
    assert it_words(1998) == "millenovecentonovantotto"


def test_blank_and_headings() -> None:
    assert blank(None) == r"\_\_\_\_"
    assert blank("23") == "23"
    assert shift_headings("# a\n```\n# code\n```\n## b", 1) == "## a\n```\n# code\n```\n### b"


def test_code_title_reads_like_the_documents_with_and_without_a_code() -> None:
    level = {"singular": "visione", "plural": "visioni"}
    assert code_title({"code": "1.2", "title": "Porto"}, level) == "Visione 1.2 – Porto"
    assert code_title({"code": None, "title": "Porto"}, level) == "Visione – Porto"
    assert code_title({"code": "1.2", "title": "Porto"}) == "1.2 – Porto"
    assert code_title({"code": "", "title": "Porto"}) == "Porto"


def test_counted_names_a_count_with_the_level_noun() -> None:
    from psmctl.model.grammar import noun
    from psmctl.rendering.filters import counted

    levels = {"progetto": noun("progetto").forms(), "azione": noun("azione").forms()}
    assert [counted(n, levels["progetto"]) for n in (1, 3)] == ["1 progetto", "3 progetti"]
    assert counted(1, levels["azione"]) == "1 azione"
