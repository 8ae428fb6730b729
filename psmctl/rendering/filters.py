"""Jinja filters: escape plan text for Markdown, and format values the Italian way.

Plan text is data. `md` backslash-escapes every ASCII punctuation mark that
Pandoc's Markdown could read as syntax (emphasis, headings, links, lists,
tables, raw HTML/TeX, math, smart dashes), so a title such as
``{{ 7*7 }} <script> **y** # z`` reaches the document letter for letter. The
escaping itself is psmctl.escaping's, the one Markdown escaper.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Callable

from psmctl.escaping import markdown, markdown_block
from psmctl.model.grammar import agree as _agree
from psmctl.model.grammar import counted as _counted
from psmctl.model.grammar import gender_of
from psmctl.rendering.quotes import it_quotes

MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
          "agosto", "settembre", "ottobre", "novembre", "dicembre")


def md(value: Any) -> str:
    """Plan text as one line of literal Markdown (titles, table cells), with Italian quotes."""
    return markdown(None if value is None else it_quotes(str(value)))


def md_block(value: Any) -> str:
    """Plan text as literal Markdown paragraphs: blank lines in the text separate them."""
    return markdown_block(value, line=md)


def shift_headings(body: str, by: int) -> str:
    """Push the ATX headings of a chapter body down `by` levels (the chapter title is above)."""
    out, fenced = [], False
    for line in body.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and re.match(r"^#{1,6}\s", line):
            line = "#" * by + line
        out.append(line)
    return "\n".join(out)


def it_date(value: Any) -> str:
    """`2021-02-10` → "10 febbraio 2021"; `2023-05` → "maggio 2023"; `2023` → "2023"."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    parts = str(value).split("-")
    if len(parts) == 3:
        return it_date(dt.date(int(parts[0]), int(parts[1]), int(parts[2])))
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def it_short_date(value: Any) -> str:
    """`2021-02-10` → "10/02/2021", as acts cite other acts."""
    if value is None or value == "":
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return day.strftime("%d/%m/%Y")


def _group(digits: str) -> str:
    return ".".join(reversed([digits[max(0, i - 3):i] for i in range(len(digits), 0, -3)]))


def it_number(value: Any, decimals: int = 0) -> str:
    """1234567.5 → "1.234.567,5" with `decimals` digits: Italian grouping and decimal comma."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    return f"{sign}{_group(whole)}" + (f",{fraction}" if decimals else "")


def it_amount(value: Any) -> str:
    """1234567 → "€ 1.234.567,00"."""
    return "" if value is None or value == "" else f"€ {it_number(value, 2)}"


_UNITS = ("", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci", "undici",
          "dodici", "tredici", "quattordici", "quindici", "sedici", "diciassette", "diciotto", "diciannove")
_TENS = ("", "", "venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta", "ottanta", "novanta")


def _words_below_100(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    word = _TENS[tens]
    # "ventuno", "trentotto": the vowel drops before uno and otto
    return (word[:-1] if unit in (1, 8) else word) + _UNITS[unit]


def it_words(value: int) -> str:
    """A number below 3000 in Italian words, as acts write years: 2023 → "duemilaventitre"."""
    n = int(value)
    if not 0 < n < 3000:
        return str(n)
    thousands, rest = divmod(n, 1000)
    hundreds, below = divmod(rest, 100)
    head = {0: "", 1: "mille", 2: "duemila"}[thousands]
    middle = "" if hundreds == 0 else ("cento" if hundreds == 1 else _UNITS[hundreds] + "cento")
    return head + middle + _words_below_100(below)


def blank(value: Any, width: int = 4) -> str:
    """A value, or a visible blank to fill in by hand ("____") when it is unknown."""
    return md(value) if value not in (None, "") else "\\_" * width


def agree(adjective: str, level: dict[str, str], plural: bool = False) -> str:
    """`{{ "riportato"|agree(levels.action) }}` → "riportata": an adjective agreed with a level's noun."""
    return _agree(adjective, gender_of(level), plural)


def counted(n: int, level: dict[str, str]) -> str:
    """`{{ n|counted(levels.action)|md }}` → "1 azione", "3 azioni": a count agreed with a level's noun."""
    return _counted(n, level["singular"], level["plural"])


def upfirst(value: Any) -> str:
    """The first letter in capitals, the rest as written (Jinja's `capitalize` lowercases "PNRR")."""
    text = str(value)
    return text[:1].upper() + text[1:]


def code_title(item: dict[str, Any], level: dict[str, str] | None = None) -> str:
    """ "1.2 – Title", or just "Title" for an element without a code (a plan with `numbering: none`).

    With a level: "Strategia 1.2 – Title", "Visione – Title"; the same reading as the documents'
    `titled` macro, so an uncoded element never shows a double space or a dangling dash.
    """
    head = upfirst(level["singular"]) if level else ""
    code = str(item.get("code") or "")
    if code:
        return f"{head} {code} – {item['title']}" if head else f"{code} – {item['title']}"
    return f"{head} – {item['title']}" if head else str(item["title"])


FILTERS: dict[str, Callable[..., Any]] = {
    "code_title": code_title,
    "agree": agree,
    "counted": counted,
    "upfirst": upfirst,
    "md": md,
    "md_block": md_block,
    "shift_headings": shift_headings,
    "it_date": it_date,
    "it_short_date": it_short_date,
    "it_number": it_number,
    "it_amount": it_amount,
    "blank": blank,
    "it_words": it_words,
}
