"""Plan text made literal for each place psmctl writes it: one function per target.

Plan text is data (DESIGN §6). Whatever a field holds, it must come out as the
same letters and never as structure of the output:

- ``markdown`` / ``markdown_block``: the template stage (and the revision
  report); every mark Pandoc's Markdown could read as syntax is escaped.
- ``document_text``: what goes to Pandoc (DOCX/ODT/HTML/Typst) and into
  document properties: control characters dropped, as XML cannot hold them.
  Typst's own syntax is escaped by the Pandoc filter (psmctl/plan_text.lua).
- ``terminal``: messages on stderr; control characters shown as escapes.
- ``one_line``: terminals, CI logs and the line-per-finding formats; control
  characters, line breaks and bidi overrides shown as visible escapes, so a
  title can neither forge a line nor send an escape sequence.
- ``github_data`` / ``github_property``: GitHub workflow command fields.
- ``spreadsheet_cell`` / ``formula_like``: CSV and XLSX cells never start a
  formula.

``validate`` reports the same control characters as errors (psmctl.checks.text);
the escaping here is the second wall for text that never went through it
(a git revision, an override template).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Callable, Iterator

# C0 except tab and line feed, DEL, C1, the bidi embeddings/overrides/isolates
# and marks, and the Unicode line/paragraph separators (they end a line in
# some viewers). A carriage return is allowed only as part of CRLF.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LONE_CR = re.compile("\r(?!\n)")

# Every ASCII punctuation mark except the few that never start syntax in
# Pandoc Markdown mid-line ( , ; ? / ' " ): a superset is always safe.
_MARKDOWN_SPECIAL = re.compile(r"""([\\`*_{}\[\]()<>#+\-.!|~$^@&:=%])""")
_SPACES = re.compile(r"\s+")
_PARAGRAPHS = re.compile(r"\n\s*\n")

# A cell starting with one of these is read as a formula (or DDE) by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def control_characters(text: str) -> Iterator[tuple[int, str]]:
    """Offsets and characters of the control characters in `text` (CRLF line ends excepted)."""
    for match in CONTROL.finditer(text):
        char = match.group()
        if char == "\r" and text.startswith("\n", match.end()):
            continue
        yield match.start(), char


def describe(char: str) -> str:
    """`\\x1b` → "U+001B (ESCAPE)", for messages about a character nobody can see."""
    name = unicodedata.name(char, "") or _C0_NAMES.get(ord(char), "control character")
    return f"U+{ord(char):04X} ({name})"


_C0_NAMES = {0: "NUL", 7: "BELL", 8: "BACKSPACE", 11: "VERTICAL TAB", 12: "FORM FEED", 13: "CARRIAGE RETURN",
             27: "ESCAPE", 127: "DELETE"}


def document_text(text: str) -> str:
    """Text for a document: control characters removed, line ends kept as LF."""
    return CONTROL.sub("", text.replace("\r\n", "\n"))


def markdown(value: Any) -> str:
    """Plan text as one line of literal Markdown (titles, table cells)."""
    if value is None:
        return ""
    text = document_text(str(value))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _SPACES.sub(" ", text).strip())


def markdown_block(value: Any, line: Callable[[Any], str] = markdown) -> str:
    """Plan text as literal Markdown paragraphs: blank lines in the text separate them; `line` escapes each."""
    if value is None:
        return ""
    paragraphs = _PARAGRAPHS.split(document_text(str(value)).strip())
    return "\n\n".join(line(p) for p in paragraphs if p.strip())


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


_NOT_ONE_LINE = re.compile(f"[\n\r\t]|{CONTROL.pattern}")


def one_line(text: str) -> str:
    """Text for a terminal or a log line: invisible and line-breaking characters as escapes."""
    return _NOT_ONE_LINE.sub(_visible, text)


def terminal(text: str) -> str:
    """A message for stderr: control characters as escapes, its own line breaks kept."""
    return CONTROL.sub(_visible, text)


def github_data(text: str) -> str:
    """The message of a GitHub workflow command."""
    return one_line(text).replace("%", "%25")


def github_property(text: str) -> str:
    """A property (file=, title=) of a GitHub workflow command."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read this cell as a formula."""
    return text.startswith(FORMULA_START)


def spreadsheet_cell(text: str) -> str:
    """A CSV cell that is text: a leading apostrophe, as spreadsheets write it, before a formula sign."""
    return "'" + text if formula_like(text) else text
