"""Italian quotation marks: «…» outside, “…” inside, whatever the plan's files typed.

Sources and acts mix straight quotes ("…"), guillemets and curly quotes, often
nested ("Piano 2021-2023 "Torino Metropoli aumentata" – Aggiornamento 2022").
Pandoc's smart quotes pair straight quotes without knowing the nesting and
mangle such titles, so every text gets its typographic quotes here, before it
is escaped: a straight quote after a space (or at the start) opens, elsewhere
it closes the innermost open quote; the first level is «», the next “”.
"""

from __future__ import annotations

OPENERS = {"«": "»", "“": "”"}
_OPENS_AFTER = " \t\n([{«“‘/-–—"


def _opens(text: str, i: int, stack: list[str]) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if not stack:
        return True
    if before in _OPENS_AFTER and not after.isspace():
        return True
    return False


def it_quotes(text: str) -> str:
    if '"' not in text and "«" not in text and "“" not in text:
        return text  # the common case costs one scan
    out: list[str] = []
    stack: list[str] = []  # the closing mark each open quote expects
    for i, char in enumerate(text):
        if char in OPENERS:
            stack.append(OPENERS[char])
            out.append(char)
        elif char in ("»", "”") and stack:
            stack.pop()
            out.append(char)
        elif char == '"':
            if _opens(text, i, stack):
                mark = "«" if not stack else "“"
                stack.append(OPENERS[mark])
                out.append(mark)
            else:
                out.append(stack.pop())
        else:
            out.append(char)
    return "".join(out)
