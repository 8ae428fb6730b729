"""Find agreement errors in rendered Italian: a determiner, article or participle that does not fit its noun."""

from __future__ import annotations

import re

from psmctl.model.grammar import Noun

# Words any document of another institution must not contain (Torino's plan is the shipped example).
TORINO_WORDS = ("Torino", "torinese", "CMTo", "Piemonte", "metro(poli)montana", "Metropoli aumentata")
_BAD_ELISION = re.compile(r"\b(?:dell|dall|all|nell|sull|l)'(?=[^aeiouàèéìòóùhAEIOUÀÈÉÌÒÓÙH\W])", re.IGNORECASE)


def _wrong_determiners(noun: Noun) -> list[str]:
    """The forms that would be mistakes for this noun (singular and plural)."""
    s, p = noun.singular, noun.plural
    if noun.gender == "f":
        wrong = [f"questo {s}", f"nessun {s}", f"nessuno {s}", f"del {s}", f"il {s}", f"dei {p}", f"i {p}",
                 f"{s} riportato", f"{p} riportati"]
    else:
        wrong = [f"questa {s}", f"nessuna {s}", f"della {s}", f"la {s}", f"delle {p}", f"le {p}",
                 f"{s} riportata", f"{p} riportate"]
    right = noun.forms()
    # "del strategia"-style errors, and the elided or full article where the other is due
    wrong += [a for a in (f"dell'{s}", f"della {s}", f"dello {s}", f"del {s}") if a != right["of"]]
    return [w for w in wrong if w not in right.values()]


def agreement_errors(text: str, nouns: list[Noun]) -> list[str]:
    flat = re.sub(r"\\(.)", r"\1", re.sub(r"\s+", " ", text))  # Markdown escapes and line breaks away
    found = [m.group(0) + flat[m.end():m.end() + 12] for m in _BAD_ELISION.finditer(flat)]
    for noun in nouns:
        for wrong in _wrong_determiners(noun):
            found += re.findall(rf"(?<![\w']){re.escape(wrong)}(?!\w)", flat, flags=re.IGNORECASE)
    return found


def torino_words(text: str) -> list[str]:
    return [word for word in TORINO_WORDS if word.lower() in text.lower()]
