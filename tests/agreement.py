"""Find agreement errors in rendered Italian: a determiner, article or participle that does not fit its noun."""

from __future__ import annotations

import re

from psmctl.model.grammar import Gender, Noun, agree

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


# Participles the monitoring report and its charts say of the action level (status words included).
# «nessuno è» stands for the action level too; «nessuna valutazione» is another noun's, so only the pronoun counts.
PARTICIPLES = ("avviato", "concluso", "programmato", "sospeso", "annullato", "rilevato", "rivolto", "contato",
               "nuovo", "nessuno è")


def participle_errors(text: str, action: Noun) -> list[str]:
    """Participles of the other gender than the action level's («progetti avviate», a «Conclusa» column)."""
    flat = re.sub(r"\\(.)", r"\1", re.sub(r"\s+", " ", text))
    other: Gender = "m" if action.gender == "f" else "f"
    def agreed(word: str, gender: Gender, plural: bool) -> str:
        head, _, verb = word.partition(" ")
        return " ".join(filter(None, (agree(head, gender, plural), verb)))

    wrong = {agreed(word, other, plural) for word in PARTICIPLES for plural in (False, True)}
    right = {agreed(word, action.gender, plural) for word in PARTICIPLES for plural in (False, True)}
    return [w for w in sorted(wrong - right) if re.search(rf"(?<![\w']){w}(?!\w)", flat, flags=re.IGNORECASE)]


# Counted nouns the documents print besides the level names («3 comuni»).
COUNTED = (("comune", "comuni"),)


def count_errors(text: str, nouns: list[Noun]) -> list[str]:
    """A count that does not agree with its noun: «1 comuni», «1 progetti», «3 progetto»."""
    flat = re.sub(r"\\(.)", r"\1", re.sub(r"\s+", " ", text))
    pairs = [*COUNTED, *((n.singular, n.plural) for n in nouns)]
    found = []
    for singular, plural in pairs:
        found += re.findall(rf"(?<![\w.,])1 {re.escape(plural)}(?!\w)", flat, flags=re.IGNORECASE)
        found += [m.group(0) for m in re.finditer(rf"(?<![\w.,])(\d+) {re.escape(singular)}(?!\w)", flat,
                                                    flags=re.IGNORECASE) if m.group(1) != "1"]
    return found


# The files' keys for an action's status, competence, role of the CM and funding source: a document prints
# the annex's Italian words instead («conclusa», «altri soggetti», «coordinamento», «fondi propri»).
INTERNAL_VALUES = ("planned", "in_progress", "completed", "suspended", "cancelled", "own", "others",
                   "implementer", "director", "coordinator", "stimulus", "support", "eu_other", "private")


def internal_values(text: str) -> list[str]:
    flat = re.sub(r"\\(.)", r"\1", text)
    return [word for word in INTERNAL_VALUES if re.search(rf"(?<![\w-]){word}(?![\w-])", flat, re.IGNORECASE)]


def torino_words(text: str) -> list[str]:
    return [word for word in TORINO_WORDS if word.lower() in text.lower()]
